package schema

import "github.com/pipegen/pipegen/schema/internal/casetest"

// tmpl wraps resource lines into a minimal template.
func tmpl(resources string) string { return casetest.Tmpl(resources) }

// findingStrings prints findings as the CLI does, one string each.
func findingStrings(fs []Finding) []string { return casetest.Strings(fs) }
