package tmpl_test

import (
	"io/fs"
	"reflect"
	"strings"
	"testing"

	"github.com/pipegen/pipegen/render"
	"github.com/pipegen/pipegen/tmpl"
)

// TestReadmeDocumentsEveryField keeps the data contract in README.md in step
// with render.Pipeline: every exported field a template can reach must be
// documented, so templates written against the README keep working.
func TestReadmeDocumentsEveryField(t *testing.T) {
	data, err := fs.ReadFile(tmpl.FS(), "README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	seen := map[reflect.Type]bool{}
	var walk func(typ reflect.Type, path string)
	walk = func(typ reflect.Type, path string) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice || typ.Kind() == reflect.Map {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct || seen[typ] {
			return
		}
		seen[typ] = true
		for i := 0; i < typ.NumField(); i++ {
			f := typ.Field(i)
			if !f.IsExported() {
				continue
			}
			if !f.Anonymous && !strings.Contains(readme, "."+f.Name) {
				t.Errorf("README.md does not document %s.%s", path, f.Name)
			}
			walk(f.Type, path+"."+f.Name)
		}
	}
	walk(reflect.TypeOf(render.Pipeline{}), "Pipeline")
	for _, fn := range []string{"`str", "`literal", "`include"} {
		if !strings.Contains(readme, fn) {
			t.Errorf("README.md does not document the function %s", fn)
		}
	}
}
