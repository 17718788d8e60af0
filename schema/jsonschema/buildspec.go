package jsonschema

import (
	"errors"
	"sync"

	"github.com/pipegen/pipegen/schema/buildspec"
	"github.com/pipegen/pipegen/schema/lazyjson"
	"github.com/pipegen/pipegen/schema/registry"
	"github.com/pipegen/pipegen/schema/template"
	"github.com/xeipuuv/gojsonschema"
)

// buildspecDocument is the vendored buildspec schema decoded for the quick
// verdict: a valid buildspec never compiles the schema.
var buildspecDocument = sync.OnceValues(func() (map[string]any, error) {
	v, err := lazyjson.New(buildspec.Schema).Get()
	doc, ok := v.(map[string]any)
	if err == nil && !ok {
		err = errors.New("the buildspec schema is not an object")
	}
	for _, k := range registry.ScopeKeys { // it names draft-07, which the verdict follows
		delete(doc, k)
	}
	return doc, err
})

// buildspecSchema compiles the vendored buildspec schema on first use.
var buildspecSchema = sync.OnceValues(func() (*gojsonschema.Schema, error) {
	return gojsonschema.NewSchema(gojsonschema.NewBytesLoader(buildspec.Schema))
})

// Buildspec checks a parsed CodeBuild buildspec against the buildspec 0.2
// schema (schema/buildspec), a plain JSON Schema: no intrinsic functions,
// no loosened types. The error says the vendored schema does not compile.
func Buildspec(doc *template.Document) ([]Violation, error) {
	if root, err := buildspecDocument(); err == nil && plainVerdict(root, doc.Root) == valid {
		return nil, nil
	}
	s, err := buildspecSchema()
	if err != nil {
		return nil, err
	}
	return violations(doc, runSchema(s, doc.Root), "", nil, false), nil
}
