// Package rulecase runs the rule cases of the rule packages' tests: a
// template, through the whole validator, and the findings it must give,
// printed as the CLI prints them.
package rulecase

import (
	"testing"
	"time"

	"github.com/pipegen/pipegen/schema"
	"github.com/pipegen/pipegen/schema/internal/casetest"
)

// Run checks each case on casetest.Day.
func Run(t *testing.T, cases []casetest.Case) {
	t.Helper()
	At(t, casetest.Day(), cases, nil)
}

// Filtered is Run on the findings keep selects.
func Filtered(t *testing.T, cases []casetest.Case, keep func(schema.Finding) bool) {
	t.Helper()
	At(t, casetest.Day(), cases, keep)
}

// At checks each case on day, keeping the findings keep selects (all when
// nil).
func At(t *testing.T, day time.Time, cases []casetest.Case, keep func(schema.Finding) bool) {
	t.Helper()
	v := schema.NewValidator()
	v.Now = func() time.Time { return day }
	casetest.Run(t, cases, func(src string) []string {
		var got []string
		for _, f := range v.Check("t.yaml", []byte(src)) {
			if keep == nil || keep(f) {
				got = append(got, f.String())
			}
		}
		return got
	})
}
