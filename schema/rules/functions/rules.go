// Package functions holds the rules of intrinsic function calls and what
// they tie together: each call's shape (E1001 for an unknown function,
// E1011-E1033), what Ref, Fn::GetAtt and Fn::Sub name (E1010, E1020,
// E1019), ${Name} outside Fn::Sub (E1029), Conditions (E8001-E8007, W8001), dependencies (E3004, E3005)
// and references to resources that may not exist (W1001). They read the
// model's one record of calls (schema/rules), so their cost is linear in
// the template; whether conditions can hold together is the model's
// Logic's question (schema/rules/condlogic: bounded, and answers kept).
package functions

import "github.com/pipegen/pipegen/schema/rules"

// Rules are the package's rules.
func Rules() rules.Set {
	return rules.Set{
		Template: []rules.TemplateRule{
			rules.TemplateFunc(conditionsSection), rules.TemplateFunc(conditionAttributes), rules.TemplateFunc(conditionCycles),
			rules.TemplateFunc(unusedConditions), rules.TemplateFunc(dependsOn), rules.TemplateFunc(circular),
			rules.TemplateFunc(subNeeded),
		},
		Call: []rules.CallRule{rules.CallFunc(references), rules.CallFunc(functionShapes), rules.CallFunc(languageFunctions), rules.CallFunc(conditionalRefs)},
	}
}
