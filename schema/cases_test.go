package schema

import (
	"strings"
	"testing"
)

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
	v := NewValidator()
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
