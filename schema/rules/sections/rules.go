// Package sections holds the rules of a template's sections and entries:
// the top level (E1001, E1004, E1005), the Rules section (E1700),
// parameters (E2001, E2015, I2003, W2001), resource and output entries
// (E3001, E6001), Mappings (E7001), DeletionPolicy and UpdateReplacePolicy
// (E3035, E3036), the SAM transform (E3038, I3038), what the
// Fn::ForEach expansion found (E1032, I1032), the file's pattern budget
// (W0100), and CloudFormation's limits (E1002, E1003, E2010, E2011, E3010,
// E6010, E6011, E7002, E7010, E9001). One file a family, each with its test; every rule reads the
// model of schema/rules.
package sections

import "github.com/pipegen/pipegen/schema/rules"

// Rules are the package's rules.
func Rules() rules.Set {
	return rules.Set{Template: []rules.TemplateRule{
		rules.TemplateFunc(sections), rules.TemplateFunc(transform), rules.TemplateFunc(parameters),
		rules.TemplateFunc(unusedParameters), rules.TemplateFunc(resourceEntries), rules.TemplateFunc(outputs),
		rules.TemplateFunc(mappings), rules.TemplateFunc(policies), rules.TemplateFunc(serverless), rules.TemplateFunc(loops), rules.TemplateFunc(rulesSection),
		rules.TemplateFunc(limits),
	}}
}
