package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// vendoredDir is schema/cfn, seen from this package's folder.
const vendoredDir = "../cfn"

// TestVendoredSchemas checks the committed files, not a fresh generation, so
// it needs neither the network nor the module cache: every pattern compiles
// with Go's regexp, every backtracking pattern with regexp2.
func TestVendoredSchemas(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(vendoredDir, "aws-*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no vendored schemas in %s (%v); run make schema", vendoredDir, err)
	}
	for _, f := range files {
		doc, err := readJSON(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := verifyDocument(doc); err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
		}
		if name, _ := doc["typeName"].(string); fileName(name) != filepath.Base(f) {
			t.Errorf("%s holds typeName %q", filepath.Base(f), name)
		}
	}
	var src source
	b, err := os.ReadFile(filepath.Join(vendoredDir, "SOURCE.json"))
	if err == nil {
		err = json.Unmarshal(b, &src)
	}
	if err != nil || src.Types != len(files) || src.Sum == "" {
		t.Errorf("SOURCE.json = %+v (%v), want types %d and a sum", src, err, len(files))
	}
}

// TestVendoredTypesMatchList catches a types.txt edit without make schema.
func TestVendoredTypesMatchList(t *testing.T) {
	wanted, err := readTypeList("../types.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range wanted {
		if w.name == "*" {
			t.Skip("types.txt asks for every type")
		}
		if _, err := os.Stat(filepath.Join(vendoredDir, fileName(w.name))); err != nil {
			t.Errorf("%s: %s is not vendored; run make schema", w.line, w.name)
		}
	}
}
