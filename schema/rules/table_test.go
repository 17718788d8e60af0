package rules

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pipegen/pipegen/schema/finding"
)

// TestTable: every rule has a well-formed id, once; its severity is the
// one its id's letter says; it is described; and def saw the rules in the
// order of their ids, so table.go reads in that order.
func TestTable(t *testing.T) {
	id := regexp.MustCompile(`^[EWI][0-9]{4}$`)
	severity := map[byte]finding.Severity{'E': finding.Error, 'W': finding.Warning, 'I': finding.Info}
	seen := map[string]bool{}
	for _, r := range table {
		switch {
		case !id.MatchString(r.ID):
			t.Errorf("%q is not a rule id", r.ID)
		case seen[r.ID]:
			t.Errorf("%s is in the table twice", r.ID)
		case severity[r.ID[0]] != r.Severity:
			t.Errorf("%s has severity %v", r.ID, r.Severity)
		case r.Short == "" || r.Long == "" || r.Fix == "":
			t.Errorf("%s lacks a description or a fix", r.ID)
		case strings.HasSuffix(r.Short, "."):
			t.Errorf("%s: the short description is one line without a full stop (SARIF adds one)", r.ID)
		case r.CfnLint != "" && !id.MatchString(r.CfnLint):
			t.Errorf("%s: cfn-lint id %q", r.ID, r.CfnLint)
		}
		seen[r.ID] = true
		if Lookup(r.ID) != r {
			t.Errorf("Lookup(%s) is another rule", r.ID)
		}
	}
	if !slices.Equal(table, Table()) {
		t.Error("table.go defines the rules out of the order of their ids")
	}
	if len(table) < 60 {
		t.Errorf("only %d rules", len(table))
	}
}
