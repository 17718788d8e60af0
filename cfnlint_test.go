package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pipegen/pipegen/schema"
	"github.com/pipegen/pipegen/schema/rules"
)

// TestGoldenPassCfnLint cross-checks every golden template with cfn-lint,
// AWS's own linter, when it is installed: pipegen's validator and cfn-lint
// must agree that what generate writes is valid.
func TestGoldenPassCfnLint(t *testing.T) {
	if testing.Short() {
		t.Skip("cfn-lint cross-check skipped in -short mode")
	}
	lint := needTool(t, "cfn-lint", "pip install cfn-lint to run the cross-check")
	// One golden of each shape (the runtime variants differ only in
	// strings), and the two with the most features: release (approvals,
	// review, notifications) and traffic (its Python step in a buildspec).
	// All of them take 14 s; these six about 6.
	var files []string
	for _, variant := range []string{"default/pipeline.yml", "github/pipeline.yml", "json/pipeline.json", "buildspec/pipeline.yml", "release/pipeline.yml", "traffic/pipeline.yml"} {
		files = append(files, filepath.Join("testdata", "golden", variant))
	}
	out, err := exec.Command(lint, append([]string{"--format", "parseable", "--"}, files...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("cfn-lint reports problems in the golden templates (%v):\n%s", err, out)
	}
}

// TestRuleIDsAreCfnLints: where the rule table says a rule is cfn-lint's,
// its id is cfn-lint's id for the same check (issue 12), and with cfn-lint
// on PATH its --list-rules has that id; an id pipegen uses for a check of
// its own is not one cfn-lint has, and the old ids --ignore still takes
// are cfn-lint's exactly where the table says they are.
func TestRuleIDsAreCfnLints(t *testing.T) {
	for _, r := range rules.Table() {
		if r.CfnLint != "" && r.CfnLint != r.ID {
			t.Errorf("%s says cfn-lint's id is %s: a rule that is cfn-lint's has cfn-lint's id (keep the old one as an alias)", r.ID, r.CfnLint)
		}
	}
	if testing.Short() {
		t.Skip("cfn-lint --list-rules skipped in -short mode")
	}
	lint := needTool(t, "cfn-lint", "pip install cfn-lint to compare rule ids")
	out, err := exec.Command(lint, "--list-rules").Output()
	if err != nil {
		t.Fatalf("cfn-lint --list-rules: %v", err)
	}
	theirs := map[string]bool{}
	for _, line := range strings.Split(string(out), "\n") {
		if id, _, ok := strings.Cut(line, ":"); ok && len(id) == 5 && strings.ContainsRune("EWI", rune(id[0])) {
			theirs[id] = true
		}
	}
	if len(theirs) < 200 {
		t.Fatalf("read only %d ids from cfn-lint --list-rules:\n%.500s", len(theirs), out)
	}
	for _, r := range rules.Table() {
		switch {
		case r.CfnLint != "" && !theirs[r.ID]:
			t.Errorf("%s is marked cfn-lint's, but cfn-lint --list-rules has no %s", r.ID, r.ID)
		case r.CfnLint == "" && theirs[r.ID]:
			t.Errorf("%s is pipegen's own check, but cfn-lint has a rule %s: give it an id cfn-lint does not use", r.ID, r.ID)
		}
	}
	for old, shared := range rules.Aliases() {
		if theirs[old] != shared {
			t.Errorf("alias %s: cfn-lint has it: %v; the alias table says %v", old, theirs[old], shared)
		}
	}
}

// TestPositionsAgreeWithCfnLint: on the bad corpus's position-*.yaml,
// cfn-lint reports the same errors as pipegen, by rule id, line and column,
// so SARIF alerts of both land on the same place (issue 12: a finding
// about a whole list or mapping points at the key that names it, a list
// item without a key at the item). TestCorpus checks pipegen's findings
// there without cfn-lint.
func TestPositionsAgreeWithCfnLint(t *testing.T) {
	if testing.Short() {
		t.Skip("cfn-lint skipped in -short mode")
	}
	lint := needTool(t, "cfn-lint", "pip install cfn-lint to compare positions")
	files, _ := filepath.Glob(badCorpus + "/position-*.yaml")
	if len(files) < 5 {
		t.Fatalf("only %d position-*.yaml templates in %s", len(files), badCorpus)
	}
	out, _ := exec.Command(lint, append([]string{"--format", "parseable", "--"}, files...)...).Output()
	theirs := map[string][]string{}
	for _, line := range strings.Split(string(out), "\n") {
		// FILE:LINE:COL:ENDLINE:ENDCOL:RULE:MESSAGE
		if p := strings.SplitN(line, ":", 7); len(p) == 7 && strings.HasPrefix(p[5], "E") {
			theirs[filepath.ToSlash(p[0])] = append(theirs[filepath.ToSlash(p[0])], p[5]+" "+p[1]+":"+p[2])
		}
	}
	v := schema.NewValidator()
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var ours []string
		for _, f := range v.Check(file, data) {
			if f.Severity == schema.Error {
				ours = append(ours, fmt.Sprintf("%s %d:%d", f.Rule, f.Pos.Line, f.Pos.Col))
			}
		}
		file = filepath.ToSlash(file)
		slices.Sort(ours)
		slices.Sort(theirs[file])
		if len(ours) == 0 || !slices.Equal(ours, theirs[file]) {
			t.Errorf("%s: pipegen %v, cfn-lint %v", file, ours, theirs[file])
		}
	}
}
