package functions

import (
	"slices"
	"strings"

	"github.com/pipegen/pipegen/schema/rules"
	"github.com/pipegen/pipegen/schema/suggest"
	"github.com/pipegen/pipegen/schema/template"
)

// References: what Ref (E1020), Fn::GetAtt (E1010) and the variables of
// Fn::Sub (E1019) name exists, in every section but SAM's Globals.

// references checks one Ref, Fn::GetAtt or Fn::Sub call.
func references(m *rules.Model, c *rules.Call, r *rules.Report) {
	if c.Section == "Globals" {
		return
	}
	switch c.Fn {
	case "Ref":
		ref(m, c, r)
	case "Fn::GetAtt":
		getAtt(m, c, r)
	case "Fn::Sub":
		subVariables(m, c, r)
	}
}

func ref(m *rules.Model, c *rules.Call, r *rules.Report) {
	name, ok := c.Arg.(string)
	if !ok {
		r.At(rules.Ref, c.At.String(), "Ref takes the name of a parameter or resource, not a %s", template.Kind(c.Arg))
		return
	}
	if !m.IsDeclared(name) {
		r.At(rules.Ref, c.At.String(), "Ref to %s, which is not a parameter, resource or pseudo parameter%s", name, suggest.DidYouMean(name, m.DeclaredNames()))
	}
}

func getAtt(m *rules.Model, c *rules.Call, r *rules.Report) {
	var res, attr string
	switch a := c.Arg.(type) {
	case string:
		res, attr, _ = strings.Cut(a, ".")
	case []any:
		if len(a) != 2 {
			r.At(rules.GetAtt, c.At.String(), "Fn::GetAtt takes [LogicalId, Attribute], got %d items", len(a))
			return
		}
		var ok bool
		if res, ok = a[0].(string); !ok {
			r.At(rules.GetAtt, c.At.To("0").String(), "the first item of Fn::GetAtt must be a resource's logical id (a string), got %s", template.Describe(a[0]))
			return
		}
		attr, _ = a[1].(string)
		if _, dynamic := a[1].(map[string]any); dynamic {
			attr = "" // an attribute chosen by rules.Ref cannot be checked here
		}
	default:
		r.At(rules.GetAtt, c.At.String(), "Fn::GetAtt takes [LogicalId, Attribute] or \"LogicalId.Attribute\", not a %s", template.Kind(c.Arg))
		return
	}
	attribute(m, r, res, attr, c.At)
}

// attribute checks that res is a resource and, where its schema is known,
// that it has attr.
func attribute(m *rules.Model, r *rules.Report, res, attr string, path *template.Trail) {
	if _, ok := m.Resources[res]; !ok {
		if m.SAMGenerated(res) {
			return // a resource the SAM transform will generate, such as FunctionRole
		}
		r.At(rules.GetAtt, path.String(), "Fn::GetAtt names %s, which is not a resource%s", res, suggest.DidYouMean(res, m.ResourceNames))
		return
	}
	t := m.Types[res]
	if t == nil || attr == "" || t.HasAttribute(attr) {
		return
	}
	r.At(rules.GetAtt, path.String(), "%s (%s) has no attribute %s%s; it has %s", res, t.Name, attr, suggest.DidYouMean(attr, t.Attributes()), strings.Join(t.Attributes(), ", "))
}

// subVariables checks a Fn::Sub's shape and that each of its variables is
// declared, a pseudo parameter, one of its own, or a resource's attribute.
func subVariables(m *rules.Model, c *rules.Call, r *rules.Report) {
	path := c.At
	if transformed(c.Arg) {
		return // Fn::Sub of Fn::Transform: the macro gives the string at deploy time
	}
	switch a := c.Arg.(type) {
	case string:
	case []any:
		if len(a) != 2 {
			r.At(rules.Sub, path.String(), "Fn::Sub takes a string or [String, {Name: Value}], got %d items", len(a))
			return
		}
		if _, isString := a[0].(string); !isString && !transformed(a[0]) {
			r.At(rules.Sub, path.To("0").String(), "the first item of Fn::Sub must be the string to substitute into, got %s", template.Describe(a[0]))
		}
		if _, ok := a[1].(map[string]any); !ok {
			r.At(rules.Sub, path.To("1").String(), "the second item of Fn::Sub must be a mapping of variables")
		}
		path = path.To("0")
	default:
		r.At(rules.Sub, path.String(), "Fn::Sub takes a string or [String, {Name: Value}], not a %s", template.Kind(c.Arg))
		return
	}
	for _, name := range c.Sub.Names {
		if res, attr, dotted := strings.Cut(name, "."); dotted && !slices.Contains(rules.PseudoParameters, name) {
			attribute(m, r, res, attr, path)
			continue
		}
		if !m.IsDeclared(name) {
			r.At(rules.Sub, path.String(), "${%s} is not a parameter, resource, pseudo parameter or Fn::Sub variable%s", name, suggest.DidYouMean(name, m.DeclaredNames()))
		}
	}
}

// transformed reports a Fn::Transform call: AWS::Include or a macro gives
// its value at deploy time, so Fn::Sub may take it where it takes a string
// (cfn-lint's good/functions/sub.yaml).
func transformed(v any) bool {
	fn, _, ok := template.Call(v)
	return ok && fn == "Fn::Transform"
}
