package rules_test

import (
	"testing"
	"time"

	"github.com/pipegen/pipegen/schema"
	"github.com/pipegen/pipegen/schema/internal/casetest"
)

// ruleCase is one template and every finding it must produce, in order.
type ruleCase struct {
	name string
	src  string
	want []string
}

// ruleCaseDay is the day rule cases are checked on (casetest.Day).
func ruleCaseDay() time.Time { return casetest.Day() }

// tmpl wraps resource lines into a minimal template.
func tmpl(resources string) string { return casetest.Tmpl(resources) }

// runRuleCases checks each case's findings, printed as the CLI prints them.
func runRuleCases(t *testing.T, cases []ruleCase) {
	t.Helper()
	runFilteredCases(t, cases, func(schema.Finding) bool { return true })
}

// runFilteredCases is runRuleCases on the findings keep selects.
func runFilteredCases(t *testing.T, cases []ruleCase, keep func(schema.Finding) bool) {
	t.Helper()
	runCasesAt(t, ruleCaseDay(), cases, keep)
}

// runCasesAt is runFilteredCases on another day.
func runCasesAt(t *testing.T, day time.Time, cases []ruleCase, keep func(schema.Finding) bool) {
	t.Helper()
	v := schema.NewValidator()
	v.Now = func() time.Time { return day }
	var cs []casetest.Case
	for _, c := range cases {
		cs = append(cs, casetest.Case{Name: c.name, Src: c.src, Want: c.want})
	}
	casetest.Run(t, cs, func(src string) []string {
		var got []string
		for _, f := range v.Check("t.yaml", []byte(src)) {
			if keep(f) {
				got = append(got, f.String())
			}
		}
		return got
	})
}

// findingStrings prints findings as the CLI does, one string each.
func findingStrings(fs []schema.Finding) []string { return casetest.Strings(fs) }
