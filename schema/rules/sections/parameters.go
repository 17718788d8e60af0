package sections

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sync"

	pat "github.com/pipegen/pipegen/schema/pattern"
	"github.com/pipegen/pipegen/schema/rules"
	"github.com/pipegen/pipegen/schema/suggest"
	"github.com/pipegen/pipegen/schema/template"
)

// Parameters: their attributes and types (E2001), each Default against its
// own constraints (E2015; I2003 for an AllowedPattern the engine cannot
// run), and parameters nothing uses (W2001).

var parameterKeys = []string{"Type", "Default", "Description", "AllowedPattern", "AllowedValues",
	"ConstraintDescription", "MaxLength", "MinLength", "MaxValue", "MinValue", "NoEcho"}

// parameterTypes matches CloudFormation's parameter types; compiled on
// first use, so a run that checks no template does not pay for it.
var parameterTypes = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(String|Number|List<Number>|List<String>|CommaDelimitedList|` +
		`AWS::EC2::[A-Za-z]+::[A-Za-z]+(::[A-Za-z]+)?|AWS::Route53::HostedZone::Id|` +
		`List<AWS::EC2::[A-Za-z]+::[A-Za-z]+(::[A-Za-z]+)?>|List<AWS::Route53::HostedZone::Id>|` +
		`AWS::SSM::Parameter::(Name|Value<.+>))$`)
})

func parameters(m *rules.Model, r *rules.Report) {
	for _, id := range m.ParamNames {
		path := template.Path("Parameters", id)
		p, ok := m.Params[id].(map[string]any)
		if !ok {
			r.At(rules.Parameter, path, "a parameter must be a mapping with at least a Type")
			continue
		}
		for _, k := range slices.Sorted(maps.Keys(p)) {
			if !slices.Contains(parameterKeys, k) {
				r.Key(rules.Parameter, template.Path(path, k), "unknown parameter attribute%s", suggest.DidYouMean(k, parameterKeys))
			}
		}
		typ, _ := p["Type"].(string)
		if !parameterTypes().MatchString(typ) {
			r.At(rules.Parameter, template.Path(path, "Type"), "parameter Type %s is not a CloudFormation parameter type (String, Number, List<Number>, CommaDelimitedList, AWS-specific or SSM types)", template.Show(p["Type"]))
		}
		if def, has := p["Default"]; has && typ == "String" {
			parameterDefault(m, r, path, p, def)
		}
	}
}

// parameterDefault checks a String parameter's Default against its own
// constraints, as CloudFormation does when the stack is created.
func parameterDefault(m *rules.Model, r *rules.Report, path string, p map[string]any, def any) {
	s := fmt.Sprint(def)
	at := template.Path(path, "Default")
	if pattern, ok := p["AllowedPattern"].(string); ok {
		// CloudFormation uses Java regular expressions, matched against the
		// whole value; a match the file's pattern budget stops is no finding,
		// nor is a pattern regexp2 cannot compile once Java's syntax is
		// rewritten (pattern.Java): that is the engine's gap, not the
		// template's fault (I2003, an info).
		expr := `^(?:` + pat.Java(pattern) + `)$`
		if _, err := m.Patterns.Regexp(expr); err != nil {
			r.At(rules.PatternEngine, template.Path(path, "AllowedPattern"), "AllowedPattern %s is not checked: pipegen's engine (regexp2, with Java's possessive quantifiers and POSIX classes rewritten) cannot compile it: %v", pattern, err)
		} else if matched, decided := m.Patterns.Match(expr, s, at, "AllowedPattern "+pattern+" against the Default"); decided && !matched {
			r.At(rules.ParamDefault, at, "Default %q does not match AllowedPattern %s", s, pattern)
		}
	}
	if allowed, ok := p["AllowedValues"].([]any); ok && !slices.ContainsFunc(allowed, func(x any) bool { return fmt.Sprint(x) == s }) {
		r.At(rules.ParamDefault, at, "Default %q is not one of AllowedValues", s)
	}
	n := int64(len([]rune(s)))
	if min, ok := p["MinLength"].(int64); ok && n < min {
		r.At(rules.ParamDefault, at, "Default %q is shorter than MinLength %d", s, min)
	}
	if max, ok := p["MaxLength"].(int64); ok && n > max {
		r.At(rules.ParamDefault, at, "Default %q is longer than MaxLength %d", s, max)
	}
}

// unusedParameters reports parameters nothing refers to: no Ref, Fn::Sub
// or Fn::ValueOf (Rules) names them, and no Fn::ForEach loop takes its
// collection from them (the expansion replaced that Ref).
func unusedParameters(m *rules.Model, r *rules.Report) {
	used := map[string]bool{}
	for i := range m.Calls {
		c := &m.Calls[i]
		switch c.Fn {
		case "Ref":
			if name, ok := c.Arg.(string); ok {
				used[name] = true
			}
		case "Fn::Sub":
			for _, name := range c.Sub.Names {
				used[name] = true
			}
		case "Fn::ValueOf": // Rules: [ParameterName, Attribute]
			if list, ok := c.Arg.([]any); ok && len(list) > 0 {
				if name, isString := list[0].(string); isString {
					used[name] = true
				}
			}
		}
	}
	for _, name := range m.ParamNames {
		if !used[name] && !m.Loops.LoopParams[name] {
			path := template.Path("Parameters", name)
			r.Key(rules.UnusedParam, path, "parameter %s is never used: no Ref or Fn::Sub names it; use it or remove it", name)
		}
	}
}
