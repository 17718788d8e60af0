package functions

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/pipegen/pipegen/schema/rules"
	"github.com/pipegen/pipegen/schema/suggest"
	"github.com/pipegen/pipegen/schema/template"
)

// Conditions: each entry of Conditions is a condition function (E8001)
// whose parts are well formed (E8003-E8007), the conditions named exist
// (E8002), none names itself through others (E8007), and each is used
// (W8001). Every condition is visited once: nothing evaluates combinations
// of conditions.

// conditionVisitor is what a descent through the Conditions section tells.
// Any of its funcs may be nil.
type conditionVisitor struct {
	// problem is a finding about the structure, at path's value.
	problem func(rule *rules.Info, path string, format string, args ...any)
	// named is a {Condition: Name} of condition owner, at path.
	named func(owner, name string, path *template.Trail)
	// operand is a value the conditions compare (an item of Fn::Equals, or
	// the argument of a function out of place): the calls at path and below
	// it are values, shape-checked as such.
	operand func(condition, path string)
}

// descendConditions goes through every entry of Conditions, condition
// function by condition function, telling v what it finds. The conditions
// rules read the section with it; the model reads which condition names
// which with it too (Model.conditionNames).
func descendConditions(m *rules.Model, v conditionVisitor) {
	d := descent{m: m, v: v}
	for _, name := range m.ConditionNames {
		path := template.TrailOf(template.Path("Conditions", name))
		val := m.Conditions[name]
		fn, _, isFn := template.Call(val)
		if !isFn || !isConditionFunction(fn) {
			d.problem(rules.Conditions, path.String(), "condition %s must be a condition function (Fn::Equals, Fn::And, Fn::Or, Fn::Not or {Condition: Name}), got %s", name, template.Describe(val))
			if isFn {
				d.argument(val, path, name)
			}
			continue
		}
		d.function(val, path, name)
	}
}

type descent struct {
	m *rules.Model
	v conditionVisitor
}

func (d descent) problem(rule *rules.Info, path string, format string, args ...any) {
	if d.v.problem != nil {
		d.v.problem(rule, path, format, args...)
	}
}

func (d descent) operand(condition, path string) {
	if d.v.operand != nil {
		d.v.operand(condition, path)
	}
}

func isConditionFunction(fn string) bool {
	_, ok := conditionFunctions[fn]
	return ok || fn == "Condition"
}

// list is the package's list for a descent: fn's argument when it is a
// list of min..max items, a problem otherwise.
func (d descent) list(rule *rules.Info, fn string, arg any, path *template.Trail, min, max int, form string) ([]any, bool) {
	l, ok := arg.([]any)
	if !ok || len(l) < min || len(l) > max {
		d.problem(rule, path.String(), "%s takes %s, got %s", fn, form, template.Items(arg))
		return nil, false
	}
	return l, true
}

// function goes through one condition function of condition owner.
func (d descent) function(v any, path *template.Trail, owner string) {
	fn, arg, _ := template.Call(v)
	at := path.To(fn)
	switch fn {
	case "Condition":
		name, ok := arg.(string)
		if !ok {
			d.problem(rules.ConditionFn, at.String(), "{Condition: Name} takes the name of another condition (a string), got %s", template.Describe(arg))
			return
		}
		if d.v.named != nil {
			d.v.named(owner, name, at)
		}
		if _, defined := d.m.Conditions[name]; !defined {
			d.problem(rules.ConditionRef, at.String(), "Condition names condition %s, which is not defined in Conditions%s", name, suggest.DidYouMean(name, d.m.ConditionNames))
		}
	case "Fn::Equals":
		list, ok := d.list(rules.Equals, fn, arg, at, 2, 2, "[Value1, Value2] (two values to compare)")
		if !ok {
			return
		}
		for i, item := range list {
			itemPath := at.To(strconv.Itoa(i))
			if inner, _, isFn := template.Call(item); isFn && (isConditionFunction(inner) || inner == "Fn::If" || inner == "Fn::GetAtt") {
				d.problem(rules.Equals, itemPath.String(), "Fn::Equals compares values (strings, Ref to a parameter, Fn::FindInMap, Fn::Sub, Fn::Join, Fn::Select, ...), not %s", inner)
				continue
			}
			d.operand(owner, itemPath.String())
		}
	case "Fn::Not":
		if list, ok := d.list(rules.Not, fn, arg, at, 1, 1, "[Condition] (one condition function)"); ok {
			d.conditionOperand(list[0], at.To("0"), owner, rules.Not, fn)
		}
	case "Fn::And", "Fn::Or":
		rule := conditionFunctions[fn]
		if list, ok := d.list(rule, fn, arg, at, 2, 10, "a list of 2 to 10 conditions"); ok {
			for i, item := range list {
				d.conditionOperand(item, at.To(strconv.Itoa(i)), owner, rule, fn)
			}
		}
	}
}

// conditionOperand goes through an operand of Fn::Not, Fn::And or Fn::Or.
func (d descent) conditionOperand(v any, path *template.Trail, owner string, rule *rules.Info, parent string) {
	if _, isBool := v.(bool); isBool {
		return
	}
	if fn, _, isFn := template.Call(v); isFn && isConditionFunction(fn) {
		d.function(v, path, owner)
		return
	}
	hint := ""
	if name, isString := v.(string); isString {
		if _, defined := d.m.Conditions[name]; defined {
			hint = "; to use condition " + name + ", write {Condition: " + name + "} (!Condition " + name + ")"
		}
	}
	d.problem(rule, path.String(), "the operands of %s must be condition functions (Fn::Equals, Fn::And, Fn::Or, Fn::Not or {Condition: Name}), got %s%s", parent, template.Describe(v), hint)
	d.argument(v, path, owner)
}

// argument makes the argument of a function that was already reported as
// out of place an operand, so what it uses is still checked and nothing is
// reported twice.
func (d descent) argument(v any, path *template.Trail, condition string) {
	if fn, _, isFn := template.Call(v); isFn {
		d.operand(condition, path.To(fn).String())
	}
}

// conditionsSection checks every entry of Conditions, and the shapes of the
// function calls in the values it compares.
func conditionsSection(m *rules.Model, r *rules.Report) {
	descendConditions(m, conditionVisitor{
		problem: r.At,
		operand: func(condition, path string) {
			for _, c := range m.CallsUnder(condition, path) {
				shape(m, r, &c, true)
			}
		},
	})
}

// conditionDefined reports a condition name that Conditions does not define.
func conditionDefined(m *rules.Model, r *rules.Report, name string, path *template.Trail, who string) bool {
	if _, ok := m.Conditions[name]; ok {
		return true
	}
	r.At(rules.ConditionRef, path.String(), "%s names condition %s, which is not defined in Conditions%s", who, name, suggest.DidYouMean(name, m.ConditionNames))
	return false
}

// conditionAttributes checks the Condition attribute of resources and outputs.
func conditionAttributes(m *rules.Model, r *rules.Report) {
	for _, section := range []string{"Resources", "Outputs"} {
		entries := m.Doc.Section(section)
		for _, id := range slices.Sorted(maps.Keys(entries)) {
			e, _ := entries[id].(map[string]any)
			v, has := e["Condition"]
			if !has {
				continue
			}
			path := template.TrailOf(template.Path(section, id, "Condition"))
			name, ok := v.(string)
			if !ok {
				r.At(rules.ConditionRef, path.String(), "Condition takes the name of a condition in Conditions (a string), got %s", template.Describe(v))
				continue
			}
			conditionDefined(m, r, name, path, "Condition")
		}
	}
}

// unusedConditions reports conditions nothing names: no resource's or
// output's Condition, no Fn::If, no other condition.
func unusedConditions(m *rules.Model, r *rules.Report) {
	used := map[string]bool{}
	descendConditions(m, conditionVisitor{named: func(_, name string, _ *template.Trail) { used[name] = true }})
	for _, c := range m.Calls {
		if list, ok := c.Arg.([]any); ok && c.Fn == "Fn::If" && len(list) > 0 {
			if name, ok := list[0].(string); ok {
				used[name] = true
			}
		}
	}
	for _, section := range []string{"Resources", "Outputs"} {
		for _, e := range m.Doc.Section(section) {
			em, _ := e.(map[string]any)
			if name, ok := em["Condition"].(string); ok {
				used[name] = true
			}
		}
	}
	for _, name := range m.ConditionNames {
		if !used[name] {
			path := template.Path("Conditions", name)
			r.Key(rules.UnusedCondition, path, "condition %s is never used: no resource, output, Fn::If or other condition names it; use it or remove it", name)
		}
	}
}

// conditionCycles reports conditions that name each other in a loop.
func conditionCycles(m *rules.Model, r *rules.Report) {
	l := links{}
	descendConditions(m, conditionVisitor{named: func(owner, name string, at *template.Trail) {
		if _, defined := m.Conditions[name]; defined {
			l.add(owner, name, at)
		}
	}})
	for _, cyc := range l.cycles(m.ConditionNames) {
		r.At(rules.ConditionFn, cyc.path.String(), "circular condition %s: a condition cannot depend on itself through {Condition: Name}; %s%s",
			strings.Join(cyc.nodes, " -> "), cyc.describe(m.Doc, "names"), cyc.more("conditions"))
	}
}
