package schema

import (
	"strconv"
	"strings"
)

// conditionsSection checks each entry of Conditions: a condition function
// (Fn::Equals, Fn::And, Fn::Or, Fn::Not, or {Condition: Name}) whose parts are
// well formed and whose named conditions exist. Every condition is visited
// once: nothing evaluates combinations of conditions.
func (f *facts) conditionsSection() {
	for _, name := range f.conditionNames {
		path := trailOf(Path("Conditions", name))
		v := f.conditions[name]
		fn, _, isFn := fnCall(v)
		if !isFn || !isConditionFunction(fn) {
			f.c.errAt(RuleConditions, path.String(), "condition %s must be a condition function (Fn::Equals, Fn::And, Fn::Or, Fn::Not or {Condition: Name}), got %s", name, describe(v))
			if isFn {
				f.walkArgument(v, path)
			}
			continue
		}
		f.conditionFunction(v, path, name)
	}
}

func isConditionFunction(fn string) bool {
	_, ok := conditionFunctions[fn]
	return ok || fn == "Condition"
}

// conditionFunction checks one condition function of condition owner.
func (f *facts) conditionFunction(v any, path *trail, owner string) {
	fn, arg, _ := fnCall(v)
	at := path.to(fn)
	switch fn {
	case "Condition":
		name, ok := arg.(string)
		if !ok {
			f.c.errAt(RuleConditionFn, at.String(), "{Condition: Name} takes the name of another condition (a string), got %s", describe(arg))
			return
		}
		f.usedConds[name] = true
		if f.conditionDefined(name, at, "Condition") {
			f.conditionLinks.add(owner, name, at)
		}
	case "Fn::Equals":
		list, ok := f.list(RuleEquals, fn, arg, at, 2, 2, "[Value1, Value2] (two values to compare)")
		if !ok {
			return
		}
		for i, item := range list {
			itemPath := at.to(strconv.Itoa(i))
			if inner, _, isFn := fnCall(item); isFn && (isConditionFunction(inner) || inner == "Fn::If" || inner == "Fn::GetAtt") {
				f.c.errAt(RuleEquals, itemPath.String(), "Fn::Equals compares values (strings, Ref to a parameter, Fn::FindInMap, Fn::Sub, Fn::Join, Fn::Select, ...), not %s", inner)
				continue
			}
			f.walk(item, itemPath, scope{shapes: true, inConditions: true})
		}
	case "Fn::Not":
		if list, ok := f.list(RuleNot, fn, arg, at, 1, 1, "[Condition] (one condition function)"); ok {
			f.conditionOperand(list[0], at.to("0"), owner, RuleNot, fn)
		}
	case "Fn::And", "Fn::Or":
		rule := conditionFunctions[fn]
		if list, ok := f.list(rule, fn, arg, at, 2, 10, "a list of 2 to 10 conditions"); ok {
			for i, item := range list {
				f.conditionOperand(item, at.to(strconv.Itoa(i)), owner, rule, fn)
			}
		}
	}
}

// conditionOperand checks an operand of Fn::Not, Fn::And or Fn::Or.
func (f *facts) conditionOperand(v any, path *trail, owner, rule, parent string) {
	if _, isBool := v.(bool); isBool {
		return
	}
	if fn, _, isFn := fnCall(v); isFn && isConditionFunction(fn) {
		f.conditionFunction(v, path, owner)
		return
	}
	hint := ""
	if name, isString := v.(string); isString {
		if _, defined := f.conditions[name]; defined {
			hint = "; to use condition " + name + ", write {Condition: " + name + "} (!Condition " + name + ")"
		}
	}
	f.c.errAt(rule, path.String(), "the operands of %s must be condition functions (Fn::Equals, Fn::And, Fn::Or, Fn::Not or {Condition: Name}), got %s%s", parent, describe(v), hint)
	f.walkArgument(v, path)
}

// walkArgument walks the argument of a function that was already reported as
// out of place, so what it uses still counts and nothing is reported twice.
func (f *facts) walkArgument(v any, path *trail) {
	if fn, arg, isFn := fnCall(v); isFn {
		f.walk(arg, path.to(fn), scope{shapes: true, inConditions: true})
	}
}

// conditionAttributes checks the Condition attribute of resources and outputs.
func (f *facts) conditionAttributes() {
	for _, section := range []string{"Resources", "Outputs"} {
		entries := f.c.section(section)
		for _, id := range sortedKeys(entries) {
			m, _ := entries[id].(map[string]any)
			v, has := m["Condition"]
			if !has {
				continue
			}
			path := trailOf(Path(section, id, "Condition"))
			name, ok := v.(string)
			if !ok {
				f.c.errAt(RuleConditionRef, path.String(), "Condition takes the name of a condition in Conditions (a string), got %s", describe(v))
				continue
			}
			f.usedConds[name] = true
			f.conditionDefined(name, path, "Condition")
		}
	}
}

// unused reports parameters nothing refers to, and conditions nothing names.
func (f *facts) unused() {
	for _, name := range sortedKeys(f.params) {
		if !f.usedParams[name] {
			f.c.add(Warning, RuleUnusedParam, f.c.doc.KeyPosOf(Path("Parameters", name)), Path("Parameters", name),
				"parameter %s is never used: no Ref or Fn::Sub names it; use it or remove it", name)
		}
	}
	for _, name := range f.conditionNames {
		if !f.usedConds[name] {
			f.c.add(Warning, RuleUnusedCondition, f.c.doc.KeyPosOf(Path("Conditions", name)), Path("Conditions", name),
				"condition %s is never used: no resource, output, Fn::If or other condition names it; use it or remove it", name)
		}
	}
}

// conditionCycles reports conditions that name each other in a loop.
func (f *facts) conditionCycles() {
	for _, cyc := range f.conditionLinks.cycles(f.conditionNames) {
		f.c.errAt(RuleConditionFn, cyc.path.String(), "circular condition %s: a condition cannot depend on itself through {Condition: Name}; %s%s",
			strings.Join(cyc.nodes, " -> "), cyc.describe(f.c.doc, "names"), cyc.more("conditions"))
	}
}
