package resources

import (
	"maps"
	"slices"

	"github.com/pipegen/pipegen/schema/internal/suggest"
	"github.com/pipegen/pipegen/schema/jsonschema"
	"github.com/pipegen/pipegen/schema/pattern"
	"github.com/pipegen/pipegen/schema/rules"
	"github.com/pipegen/pipegen/schema/template"
)

// Resources: each entry's shape (E3001), its type (E3006), read-only
// properties (E3045), and its properties against the type's registry
// schema (E3000, E3002, E3003, E3012, E3030, E3031, E3033, E3034). Outputs
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
// Custom and SAM resources have none (sam.go reports the latter).
func resourceSchema(m *rules.Model, res rules.ResourceEntry, r *rules.Report) {
	if res.Type == "" || rules.IsCustomType(res.Type) || rules.IsServerlessType(res.Type) {
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
	propsPath := template.Path(res.Path, "Properties")
	if props, ok := res.Map["Properties"].(map[string]any); ok {
		for _, k := range slices.Sorted(maps.Keys(props)) {
			if t.ReadOnly(k) {
				r.Key(rules.ReadOnly, template.Path(propsPath, k), "%s is read-only: AWS sets it, a template cannot (read it with !GetAtt instead)", k)
			}
		}
	}
	violations, err := jsonschema.Check(m.Doc, t, properties(res), propsPath, pattern.Site{Budget: m.Patterns, Path: propsPath}, m.Schema)
	if err != nil {
		r.At(rules.ResourceType, typePath, "%v", err)
		return
	}
	for _, v := range violations {
		r.Add(schemaRules[v.Kind], v.Pos, v.Path, "%s", v.Message)
	}
}
