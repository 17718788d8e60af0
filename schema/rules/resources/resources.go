package resources

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/pipegen/pipegen/schema/internal/suggest"
	"github.com/pipegen/pipegen/schema/jsonschema"
	"github.com/pipegen/pipegen/schema/pattern"
	"github.com/pipegen/pipegen/schema/registry"
	"github.com/pipegen/pipegen/schema/rules"
	"github.com/pipegen/pipegen/schema/template"
)

// Resources: each entry's shape (E3001), its type (E3006), read-only
// properties (E3040), and its properties against the type's registry
// schema (E3000, E3002, E3003, E3012, E3030-E3034, E3037). Outputs
// (E6001) are here too: the other entries of a template.

// schemaRules give each kind of schema violation its rule.
var schemaRules = map[jsonschema.Kind]*rules.Info{
	jsonschema.Other:           rules.Schema,
	jsonschema.UnknownProperty: rules.Property,
	jsonschema.Required:        rules.Required,
	jsonschema.Type:            rules.ValueType,
	jsonschema.Enum:            rules.Enum,
	jsonschema.Pattern:         rules.Pattern,
	jsonschema.Length:          rules.Length,
	jsonschema.Items:           rules.Items,
	jsonschema.Unique:          rules.Unique,
	jsonschema.Range:           rules.Range,
}

// properties returns a resource's Properties as its checks see them: an
// absent Properties is an empty one.
func properties(res rules.ResourceEntry) any {
	props, has := res.Map["Properties"]
	if !has {
		return map[string]any{}
	}
	return props
}

// resourceSchema checks one resource against its type's registry schema.
// Custom resources, AWS::CDK::Metadata, modules and SAM resources have
// none (sam.go reports the last).
func resourceSchema(m *rules.Model, res rules.ResourceEntry, r *rules.Report) {
	if res.Type == "" || rules.IsCustomType(res.Type) || rules.IsServerlessType(res.Type) || rules.IsModuleType(res.Type) {
		return
	}
	typePath := template.Path(res.Path, "Type")
	t, known, err := m.Registry.Lookup(res.Type)
	switch {
	case err != nil:
		r.At(rules.ResourceType, typePath, "%v", err)
		return
	case !known:
		r.At(rules.ResourceType, typePath, "unknown resource type %s%s", res.Type, suggest.Phrase(m.Registry.Suggest(res.Type)))
		return
	}
	for _, v := range variants(properties(res), template.Path(res.Path, "Properties")) {
		checkProperties(m, r, t, res, v.value, v.path)
	}
}

// variant is one Properties a resource may have, and where it stands.
type variant struct {
	value any
	path  string
}

// variants lists the Properties a resource may have: Properties itself,
// or, when it is a Fn::If between two mappings (a whole property map
// behind a condition), each branch, itself perhaps a Fn::If; a branch that
// is Ref AWS::NoValue is no properties.
func variants(props any, path string) []variant {
	fn, arg, isFn := template.Call(props)
	list, isList := arg.([]any)
	if !isFn || fn != "Fn::If" || !isList || len(list) != 3 {
		return []variant{{props, path}}
	}
	var out []variant
	for i := 1; i <= 2; i++ {
		branch, at := list[i], template.Path(path, fn, strconv.Itoa(i))
		if ref, _, isRef := template.Call(branch); isRef && ref == "Ref" && branch.(map[string]any)["Ref"] == "AWS::NoValue" {
			branch = map[string]any{}
		}
		out = append(out, variants(branch, at)...)
	}
	return out
}

// checkProperties checks one variant of a resource's Properties against
// its type's schema, read-only properties first. Values CloudFormation
// replaces before the resource sees them (dynamic references, and the
// local paths `aws cloudformation package` uploads: W3002) stand as
// intrinsic functions do: whatever they become is not known here.
func checkProperties(m *rules.Model, r *rules.Report, t *registry.ResourceType, res rules.ResourceEntry, props any, propsPath string) {
	if pm, ok := props.(map[string]any); ok {
		for _, k := range slices.Sorted(maps.Keys(pm)) {
			if t.ReadOnly(k) {
				r.Key(rules.ReadOnly, template.Path(propsPath, k), "%s is read-only: AWS sets it, a template cannot (read it with !GetAtt instead)", k)
			}
		}
		props = packaged(m, r, res.Type, pm, propsPath)
	}
	if m.DynamicRefs > 0 {
		props, _ = resolvedLater(props)
	}
	violations, err := jsonschema.Check(m.Doc, t, props, propsPath, pattern.Site{Budget: m.Patterns, Path: propsPath}, m.Schema)
	if err != nil {
		r.At(rules.ResourceType, template.Path(res.Path, "Type"), "%v", err)
		return
	}
	for _, v := range violations {
		r.Add(schemaRules[v.Kind], v.Pos, v.Path, "%s", v.Message)
	}
}

// deployTime stands for a value known only at deploy time: an intrinsic
// function call, which every schema check accepts (its text is kept for
// anyone who prints it).
func deployTime(s string) any { return map[string]any{"Fn::Sub": s} }

// resolvedLater returns v with every string that holds a dynamic reference
// ({{resolve:ssm:...}}, {{resolve:secretsmanager:...}}) made a deploy-time
// value: CloudFormation resolves it before the resource sees it, so the
// text is never what a pattern, an enum or a length judges. v is copied
// only where it changes (changed).
func resolvedLater(v any) (out any, changed bool) {
	switch n := v.(type) {
	case string:
		if strings.Contains(n, rules.DynamicRefPrefix) {
			return deployTime(n), true
		}
	case map[string]any:
		var cp map[string]any
		for k, child := range n {
			if c, ch := resolvedLater(child); ch {
				if cp == nil {
					cp = maps.Clone(n)
				}
				cp[k] = c
			}
		}
		if cp != nil {
			return cp, true
		}
	case []any:
		var cp []any
		for i, child := range n {
			if c, ch := resolvedLater(child); ch {
				if cp == nil {
					cp = slices.Clone(n)
				}
				cp[i] = c
			}
		}
		if cp != nil {
			return cp, true
		}
	}
	return v, false
}
