package jsonschema

import "testing"

func TestPruneKeepsReachableDefinitions(t *testing.T) {
	raw := map[string]any{
		"typeName":             "X",
		"additionalProperties": false,
		"required":             []any{"A"},
		"properties": map[string]any{
			"A": map[string]any{"$ref": "#/definitions/DA"},
			"B": map[string]any{"$ref": "#/definitions/DB"},
		},
		"definitions": map[string]any{
			"DA":     map[string]any{"properties": map[string]any{"N": map[string]any{"$ref": "#/definitions/Nested"}}},
			"DB":     map[string]any{},
			"Nested": map[string]any{"$ref": "#/properties/B"},
		},
	}
	got := prune(raw, []string{"A"})
	if props := got["properties"].(map[string]any); len(props) != 2 { // A, and B through Nested's $ref
		t.Errorf("properties %v", props)
	}
	if defs := got["definitions"].(map[string]any); len(defs) != 3 {
		t.Errorf("definitions %v", defs)
	}
	if got := prune(raw, []string{}); len(got["definitions"].(map[string]any)) != 0 || got["required"] == nil {
		t.Errorf("an empty resource keeps %v", got)
	}
}
