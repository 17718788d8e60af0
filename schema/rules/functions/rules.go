// Package functions holds the rules of intrinsic function calls and what
// they tie together: each call's shape (E1001 for an unknown function,
// E1011-E1031), what Ref, Fn::GetAtt and Fn::Sub name (E1010, E1020,
// E1019), Conditions (E8001-E8007, W8001) and dependencies (E3004, E3005).
// They read the model's one record of calls (schema/rules), so their cost
// is linear in the template: conditions are checked by name, never by
// evaluating combinations of Fn::If branches.
package functions

import "github.com/pipegen/pipegen/schema/rules"

// Rules are the package's rules.
func Rules() rules.Set {
	return rules.Set{
		Template: []rules.TemplateRule{
			rules.TemplateFunc(conditionsSection), rules.TemplateFunc(conditionAttributes), rules.TemplateFunc(conditionCycles),
			rules.TemplateFunc(unusedConditions), rules.TemplateFunc(dependsOn), rules.TemplateFunc(circular),
		},
		Call: []rules.CallRule{rules.CallFunc(references), rules.CallFunc(functionShapes), rules.CallFunc(languageFunctions)},
	}
}
