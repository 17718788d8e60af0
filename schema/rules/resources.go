package rules

import (
	"maps"
	"slices"
	"strings"

	"github.com/pipegen/pipegen/schema/internal/suggest"
	"github.com/pipegen/pipegen/schema/jsonschema"
	"github.com/pipegen/pipegen/schema/pattern"
	"github.com/pipegen/pipegen/schema/template"
)

// Resources: each entry's shape (E3001), its type (E3006), read-only
// properties (E3045), and its properties against the type's registry
// schema (E3000, E3002, E3003, E3012, E3030, E3031, E3033, E3034). Outputs
// (E6001) are here too: the other entries of a template.

var resourceKeys = []string{"Type", "Properties", "DependsOn", "Condition", "Metadata",
	"DeletionPolicy", "UpdateReplacePolicy", "CreationPolicy", "UpdatePolicy", "Version"}

// resourceEntries checks each resource entry: a mapping with a Type and
// known attributes.
func resourceEntries(m *Model, r *Report) {
	for _, id := range m.ResourceNames {
		path := template.Path("Resources", id)
		res, ok := m.Resources[id].(map[string]any)
		if !ok {
			r.At(Resource, path, "a resource must be a mapping with a Type")
			continue
		}
		for _, k := range slices.Sorted(maps.Keys(res)) {
			if !slices.Contains(resourceKeys, k) {
				r.Key(Resource, template.Path(path, k), "unknown resource attribute%s; expected one of %s", suggest.DidYouMean(k, resourceKeys), strings.Join(resourceKeys, ", "))
			}
		}
		if _, ok := res["Type"].(string); !ok {
			r.At(Resource, path, "the resource has no Type (a string such as AWS::S3::Bucket)")
		}
	}
}

// schemaRules give each kind of schema violation its rule.
var schemaRules = map[jsonschema.Kind]*Info{
	jsonschema.Other:           Schema,
	jsonschema.UnknownProperty: Property,
	jsonschema.Required:        Required,
	jsonschema.Type:            ValueType,
	jsonschema.Enum:            Enum,
	jsonschema.Pattern:         Pattern,
	jsonschema.Length:          Length,
	jsonschema.Range:           Range,
}

// properties returns a resource's Properties as its checks see them: an
// absent Properties is an empty one.
func properties(res ResourceEntry) any {
	props, has := res.Map["Properties"]
	if !has {
		return map[string]any{}
	}
	return props
}

// resourceSchema checks one resource against its type's registry schema.
// Custom and SAM resources have none (sam.go reports the latter).
func resourceSchema(m *Model, res ResourceEntry, r *Report) {
	if res.Type == "" || isCustomType(res.Type) || isServerlessType(res.Type) {
		return
	}
	typePath := template.Path(res.Path, "Type")
	t, known, err := m.Registry.Lookup(res.Type)
	switch {
	case err != nil:
		r.At(ResourceType, typePath, "%v", err)
		return
	case !known:
		r.At(ResourceType, typePath, "unknown resource type %s%s", res.Type, suggest.Phrase(m.Registry.Suggest(res.Type)))
		return
	}
	propsPath := template.Path(res.Path, "Properties")
	if props, ok := res.Map["Properties"].(map[string]any); ok {
		for _, k := range slices.Sorted(maps.Keys(props)) {
			if t.ReadOnly(k) {
				r.Key(ReadOnly, template.Path(propsPath, k), "%s is read-only: AWS sets it, a template cannot (read it with !GetAtt instead)", k)
			}
		}
	}
	violations, err := jsonschema.Check(m.Doc, t, properties(res), propsPath, pattern.Site{Budget: m.Patterns, Path: propsPath}, m.Schema)
	if err != nil {
		r.At(ResourceType, typePath, "%v", err)
		return
	}
	for _, v := range violations {
		r.Add(schemaRules[v.Kind], v.Pos, v.Path, "%s", v.Message)
	}
}

var outputKeys = []string{"Value", "Description", "Export", "Condition"}

// outputs checks each output: a mapping with a Value and known attributes.
func outputs(m *Model, r *Report) {
	for _, id := range slices.Sorted(maps.Keys(m.Outputs)) {
		path := template.Path("Outputs", id)
		o, ok := m.Outputs[id].(map[string]any)
		if !ok {
			r.At(Output, path, "an output must be a mapping with a Value")
			continue
		}
		if _, has := o["Value"]; !has {
			r.At(Output, path, "the output has no Value")
		}
		for _, k := range slices.Sorted(maps.Keys(o)) {
			if !slices.Contains(outputKeys, k) {
				r.Key(Output, template.Path(path, k), "unknown output attribute%s; expected one of %s", suggest.DidYouMean(k, outputKeys), strings.Join(outputKeys, ", "))
			}
		}
	}
}
