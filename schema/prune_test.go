package schema

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestPruningChangesNoFinding checks every corpus and golden template with
// pruned schemas and with whole ones: the findings must be identical.
func TestPruningChangesNoFinding(t *testing.T) {
	files, _ := filepath.Glob("../testdata/templates/*/*")
	golden, _ := filepath.Glob("../testdata/golden/*/pipeline.*")
	files = append(files, golden...)
	if len(files) < 50 {
		t.Fatalf("found only %d templates", len(files))
	}
	pruned := NewValidator()
	wholeReg := NewRegistry(mustSub(vendored, "cfn"))
	wholeReg.whole = true
	whole := &Validator{Registry: wholeReg}
	for _, f := range files {
		if filepath.Ext(f) == ".findings" {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		a, b := pruned.Check(f, data), whole.Check(f, data)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: pruned schemas give\n%v\nwhole schemas give\n%v", f, a, b)
		}
	}
}

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
