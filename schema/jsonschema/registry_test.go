package jsonschema

import (
	"os"
	"runtime"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/pipegen/pipegen/schema/pattern"
	"github.com/pipegen/pipegen/schema/registry"
	"github.com/pipegen/pipegen/schema/template"
)

// allSchemasEnv turns on TestEveryVendoredTypeCompiles for every type; `make
// schema` sets it after regenerating. Without it the test checks a sample.
const allSchemasEnv = "PIPEGEN_ALL_SCHEMAS"

// sampleStride picks the sample: every sampleStride-th vendored type.
const sampleStride = 25

// TestEveryVendoredTypeCompiles compiles vendored types with the loader the
// validator uses, and checks an empty Properties against each. All 1,395
// take several seconds and a few hundred MiB, so a normal run compiles every
// sampleStride-th type; set PIPEGEN_ALL_SCHEMAS=1 for all of them.
func TestEveryVendoredTypeCompiles(t *testing.T) {
	r := vendoredRegistry()
	known := r.Known()
	if len(known) == 0 {
		_, _, err := r.Lookup("AWS::S3::Bucket")
		t.Fatalf("no vendored types: %v", err)
	}
	types := known
	if os.Getenv(allSchemasEnv) == "" {
		types = nil
		for i := 0; i < len(known); i += sampleStride {
			types = append(types, known[i])
		}
		t.Logf("compiling %d of %d types; set %s=1 for all", len(types), len(known), allSchemasEnv)
	}
	work := make(chan string)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for name := range work {
				typ, ok, err := r.Lookup(name)
				if err != nil || !ok {
					t.Errorf("Lookup(%s) = ok %v, %v", name, ok, err)
					continue
				}
				if typ.Name != name {
					t.Errorf("Lookup(%s) gave %s", name, typ.Name)
				}
				if _, err := stateOf(typ).schemaFor(nil); err != nil { // the whole schema compiles
					t.Error(err)
				}
				doc, _ := template.Parse("t", []byte("{}"))
				Check(doc, typ, map[string]any{}, "", pattern.Site{}, Options{}) // must not panic
			}
		})
	}
	for _, name := range types {
		work <- name
	}
	close(work)
	wg.Wait()
}

// TestRegistryFromFolder: a schema read from plain files checks values:
// its pattern refuses, an intrinsic function stands for a value.
func TestSchemaFromFolder(t *testing.T) {
	r := registry.New(fstest.MapFS{"aws-s3-bucket.json": {Data: []byte(`{"typeName": "AWS::S3::Bucket",
		"properties": {"BucketName": {"type": "string", "pattern": "^[a-z0-9.-]+$"}, "Arn": {"type": "string"}},
		"readOnlyProperties": ["/properties/Arn"], "additionalProperties": false}`)}})
	typ, ok, err := r.Lookup("AWS::S3::Bucket")
	if !ok || err != nil {
		t.Fatalf("Lookup = ok %v, %v", ok, err)
	}
	doc, _ := template.Parse("t", []byte("{}"))
	if v, _ := Check(doc, typ, map[string]any{"BucketName": "UPPER"}, "", pattern.Site{}, Options{}); len(v) == 0 {
		t.Error("BucketName UPPER passed the pattern")
	}
	if v, _ := Check(doc, typ, map[string]any{"BucketName": map[string]any{"Ref": "Name"}, "Arn": "x"}, "", pattern.Site{}, Options{}); len(v) != 0 {
		t.Errorf("an intrinsic function, or a read-only property, failed: %v", v)
	}
}
