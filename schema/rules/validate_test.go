package rules_test

import (
	"strings"
	"testing"

	"github.com/pipegen/pipegen/schema"
	"github.com/pipegen/pipegen/schema/internal/casetest"
)

// TestValidateFindings checks the templates the fuzz targets start from
// (casetest.Validate): sections, resources, schemas, references, outputs.
func TestValidateFindings(t *testing.T) {
	var cases []ruleCase
	for _, c := range casetest.Validate {
		cases = append(cases, ruleCase{c.Name, c.Src, c.Want})
	}
	// Security warnings have their own table (security_test.go).
	runFilteredCases(t, cases, func(f schema.Finding) bool { return !strings.HasPrefix(f.Rule, "W9") })
}
