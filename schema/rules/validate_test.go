package rules_test

import (
	"strings"
	"testing"

	"github.com/pipegen/pipegen/schema"
	"github.com/pipegen/pipegen/schema/internal/casetest"
	"github.com/pipegen/pipegen/schema/internal/rulecase"
)

// TestValidateFindings checks the templates the fuzz targets start from
// (casetest.Validate): sections, resources, schemas, references, outputs.
func TestValidateFindings(t *testing.T) {
	// Security warnings have their own table (resources/security_test.go).
	rulecase.Filtered(t, casetest.Validate, func(f schema.Finding) bool { return !strings.HasPrefix(f.Rule, "W9") })
}
