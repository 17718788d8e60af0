package schema

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// backtrackingParams returns n String parameters, each with AllowedPattern
// (a+)+$ and a Default that makes regexp2 try every way of splitting forty
// a's, far beyond any budget, and n topics that use them.
func backtrackingParams(n int) (params, resources string) {
	var p, r strings.Builder
	for i := range n {
		fmt.Fprintf(&p, "  P%02d:\n    Type: String\n    AllowedPattern: (a+)+$\n    Default: %s!\n", i, strings.Repeat("a", 40))
		fmt.Fprintf(&r, "  T%02d:\n    Type: AWS::SNS::Topic\n    Properties:\n      DisplayName: !Ref P%02d\n", i, i)
	}
	return p.String(), r.String()
}

// slowAliases returns n Amazon Connect instances whose InstanceAlias the
// registry pattern ^(?!d-)([\da-zA-Z]+)([-]*[\da-zA-Z])*$ (a lookahead:
// regexp2's) takes seconds to refuse: quadratic in 20,000 a's.
func slowAliases(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "  C%d:\n    Type: AWS::Connect::Instance\n    Properties:\n      IdentityManagementType: CONNECT_MANAGED\n      Attributes: {InboundCalls: true, OutboundCalls: true}\n      InstanceAlias: %s!\n", i, strings.Repeat("a", 20000))
	}
	return b.String()
}

// checkWithin validates src and fails the test if it takes longer than limit.
func checkWithin(t *testing.T, limit time.Duration, src string) []string {
	t.Helper()
	start := time.Now()
	got := findingStrings(NewValidator().Check("t.yaml", []byte(src)))
	if took := time.Since(start); took > limit {
		t.Errorf("took %v, want under %v", took, limit)
	}
	return got
}

// TestPatternTimeIsOneBudgetPerFile: twenty catastrophic AllowedPatterns
// used to cost a second each, one after another; all of a file's
// backtracking matches now share one budget, and the one finding says
// where it ran out and how much was left unchecked. No E2015: a match that
// did not finish is no proof the Default is wrong.
func TestPatternTimeIsOneBudgetPerFile(t *testing.T) {
	params, resources := backtrackingParams(20)
	got := checkWithin(t, 3*time.Second, "Parameters:\n"+params+"Resources:\n"+resources)
	want := "t.yaml:5:14: warning W0100 Parameters/P00/Default: matching AllowedPattern (a+)+$ against the Default did not finish within this file's 500ms for patterns that need backtracking; 20 pattern check(s) of the file are left unchecked (taken as matching)."
	if len(got) != 1 || !strings.HasPrefix(got[0], want) {
		t.Fatalf("got %q\nwant one finding starting %q", got, want)
	}
}

// TestPatternTimeCoversRegistryPatterns: the registry patterns regexp2 runs
// (in the quick verdict and in gojsonschema) spend the same budget, as do
// the parameters' patterns beside them.
func TestPatternTimeCoversRegistryPatterns(t *testing.T) {
	params, resources := backtrackingParams(3)
	got := checkWithin(t, 3*time.Second, "Resources:\n"+slowAliases(6)+resources+"Parameters:\n"+params)
	var budget []string
	for _, f := range got {
		if strings.Contains(f, "W0100") {
			budget = append(budget, f)
		}
	}
	want := "t.yaml:5:7: warning W0100 Resources/C0/Properties: matching the pattern ^(?!d-)([\\da-zA-Z]+)([-]*[\\da-zA-Z])*$ did not finish"
	if len(budget) != 1 || !strings.HasPrefix(budget[0], want) || !strings.Contains(budget[0], "; 9 pattern check(s) of the file are left unchecked") {
		t.Fatalf("got %q\nwant one W0100 starting %q, 9 checks left", got, want)
	}
	for _, f := range got {
		if strings.Contains(f, "E3031") {
			t.Errorf("a pattern finding from a match that did not finish: %s", f)
		}
	}
}
