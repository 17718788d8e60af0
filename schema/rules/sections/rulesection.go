package sections

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/pipegen/pipegen/schema/rules"
	"github.com/pipegen/pipegen/schema/suggest"
	"github.com/pipegen/pipegen/schema/template"
)

// The Rules section (E1700): each rule a mapping of an optional
// RuleCondition and a list of Assertions, each {Assert, AssertDescription};
// RuleCondition and Assert are rule functions, whose shapes are checked
// (CloudFormation's "Rules section" and "Rule functions" pages).

// ruleFunction is the shape of one of the functions the Rules section
// takes: a list of min..max items, or (min 0) any single value.
type ruleFunction struct {
	min, max  int
	form      string
	condition bool // it gives true or false: it may be a RuleCondition or an Assert
}

var ruleFunctions = map[string]ruleFunction{
	"Fn::And":              {2, 10, "a list of 2 to 10 conditions", true},
	"Fn::Or":               {2, 10, "a list of 2 to 10 conditions", true},
	"Fn::Not":              {1, 1, "[Condition]", true},
	"Fn::Equals":           {2, 2, "[Value1, Value2]", true},
	"Fn::Contains":         {2, 2, "[[Values], Value]", true},
	"Fn::EachMemberEquals": {2, 2, "[[Values], Value]", true},
	"Fn::EachMemberIn":     {2, 2, "[[Values], [Allowed]]", true},
	"Fn::RefAll":           {0, 0, "a parameter type", false},
	"Fn::ValueOf":          {2, 2, "[ParameterName, Attribute]", false},
	"Fn::ValueOfAll":       {2, 2, "[ParameterType, Attribute]", false},
	"Ref":                  {0, 0, "a parameter's name", false},
}

// ruleFunctionNames lists them, for messages and did-you-mean.
var ruleFunctionNames = slices.Sorted(maps.Keys(ruleFunctions))

// rulesSection checks the Rules section and the functions in it.
func rulesSection(m *rules.Model, r *rules.Report) {
	v, has := m.Doc.Root["Rules"]
	if !has {
		return
	}
	section, ok := v.(map[string]any)
	if !ok {
		r.At(rules.RulesSection, "Rules", "Rules must be a mapping of rule names to rules, got %s", template.Describe(v))
		return
	}
	for _, name := range slices.Sorted(maps.Keys(section)) {
		path := template.Path("Rules", name)
		if !template.IsLogicalID(name) {
			r.Key(rules.RulesSection, path, "rule name %q must contain only letters and digits", name)
		}
		rule, ok := section[name].(map[string]any)
		if !ok {
			r.At(rules.RulesSection, path, "a rule must be a mapping of RuleCondition (optional) and Assertions, got %s", template.Describe(section[name]))
			continue
		}
		for _, k := range slices.Sorted(maps.Keys(rule)) {
			if k != "RuleCondition" && k != "Assertions" {
				r.Key(rules.RulesSection, template.Path(path, k), "unknown rule attribute%s; a rule has RuleCondition and Assertions", suggest.DidYouMean(k, []string{"RuleCondition", "Assertions"}))
			}
		}
		if c, has := rule["RuleCondition"]; has {
			ruleCondition(r, c, template.Path(path, "RuleCondition"), "RuleCondition")
		}
		assertions, has := rule["Assertions"]
		if !has {
			r.Key(rules.RulesSection, path, "rule %s has no Assertions: a rule needs a list of {Assert, AssertDescription}", name)
			continue
		}
		list, isList := assertions.([]any)
		if !isList {
			r.At(rules.RulesSection, template.Path(path, "Assertions"), "Assertions must be a list of {Assert, AssertDescription}, got %s", template.Describe(assertions))
			continue
		}
		for i, a := range list {
			at := template.Path(path, "Assertions", strconv.Itoa(i))
			am, isMap := a.(map[string]any)
			if !isMap {
				r.At(rules.RulesSection, at, "an assertion must be a mapping {Assert, AssertDescription}, got %s", template.Describe(a))
				continue
			}
			for _, k := range slices.Sorted(maps.Keys(am)) {
				if k != "Assert" && k != "AssertDescription" {
					r.Key(rules.RulesSection, template.Path(at, k), "unknown assertion attribute%s; an assertion has Assert and AssertDescription", suggest.DidYouMean(k, []string{"Assert", "AssertDescription"}))
				}
			}
			if d, has := am["AssertDescription"]; has {
				if _, isString := d.(string); !isString {
					r.At(rules.RulesSection, template.Path(at, "AssertDescription"), "AssertDescription must be a string, got %s", template.Describe(d))
				}
			}
			if c, has := am["Assert"]; has {
				ruleCondition(r, c, template.Path(at, "Assert"), "Assert")
			} else {
				r.At(rules.RulesSection, at, "the assertion has no Assert")
			}
		}
	}
}

// ruleCondition checks a RuleCondition or an Assert: a rule function that
// gives true or false, then the functions inside it.
func ruleCondition(r *rules.Report, v any, path, what string) {
	if _, isBool := v.(bool); isBool {
		return
	}
	fn, _, isFn := template.Call(v)
	if !isFn || !ruleFunctions[fn].condition {
		r.At(rules.RulesSection, path, "%s must be a rule function that gives true or false (Fn::Equals, Fn::Contains, Fn::EachMemberEquals, Fn::EachMemberIn, Fn::And, Fn::Or, Fn::Not), got %s", what, template.Describe(v))
	}
	ruleFunctionsIn(r, v, path)
}

// ruleFunctionsIn checks every function call at or below path: one the
// Rules section takes, with its shape.
func ruleFunctionsIn(r *rules.Report, v any, path string) {
	template.Walk(v, template.TrailOf(path), func(v any, at *template.Trail) bool {
		fn, arg, isFn := template.Call(v)
		if !isFn {
			return true
		}
		call := at.To(fn).String()
		f, known := ruleFunctions[fn]
		if !known {
			r.Key(rules.RulesSection, call, "%s cannot stand in the Rules section; rules take %s", fn, strings.Join(ruleFunctionNames, ", "))
			return false
		}
		if f.min == 0 {
			if _, isString := arg.(string); !isString {
				r.At(rules.RulesSection, call, "%s takes %s (a string), got %s", fn, f.form, template.Describe(arg))
			}
			return false
		}
		list, isList := arg.([]any)
		if !isList || len(list) < f.min || len(list) > f.max {
			r.At(rules.RulesSection, call, "%s takes %s, got %s", fn, f.form, template.Items(arg))
			return true
		}
		if f.condition && fn != "Fn::Equals" && fn != "Fn::Contains" && fn != "Fn::EachMemberEquals" && fn != "Fn::EachMemberIn" {
			for i, item := range list { // Fn::And, Fn::Or, Fn::Not: conditions
				if _, isBool := item.(bool); isBool {
					continue
				}
				if inner, _, isCall := template.Call(item); !isCall || !ruleFunctions[inner].condition {
					r.At(rules.RulesSection, template.Path(call, strconv.Itoa(i)), "the operands of %s must be rule functions that give true or false, got %s", fn, template.Describe(item))
				}
			}
		}
		return true
	})
}
