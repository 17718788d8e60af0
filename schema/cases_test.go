package schema

import (
	"strings"
	"testing"
	"time"
)

// ruleCaseDay is the day every rule case is checked on, so rules that
// depend on the calendar (Lambda runtimes) give the same findings whenever
// the tests run. On it python3.10 is deprecated but still creatable.
func ruleCaseDay() time.Time { return time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC) }

// tmpl wraps resource lines into a minimal template.
func tmpl(resources string) string {
	return "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n" + resources
}

// ruleCase is one template and every finding it must produce, in order.
type ruleCase struct {
	name string
	src  string
	want []string
}

// runRuleCases checks each case's findings, printed as the CLI prints them.
func runRuleCases(t *testing.T, cases []ruleCase) {
	t.Helper()
	runFilteredCases(t, cases, func(Finding) bool { return true })
}

// runFilteredCases is runRuleCases on the findings keep selects.
func runFilteredCases(t *testing.T, cases []ruleCase, keep func(Finding) bool) {
	t.Helper()
	runCasesAt(t, ruleCaseDay(), cases, keep)
}

// runCasesAt is runFilteredCases on another day.
func runCasesAt(t *testing.T, day time.Time, cases []ruleCase, keep func(Finding) bool) {
	t.Helper()
	v := NewValidator()
	v.Now = func() time.Time { return day }
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, f := range v.Check("t.yaml", []byte(tc.src)) {
				if keep(f) {
					got = append(got, f.String())
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Fatalf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}
