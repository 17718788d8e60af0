package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/pipegen/pipegen/schema/archive"
)

// vendoredDir is schema/cfn, seen from this package's folder.
const vendoredDir = "../cfn"

// readVendoredZip returns the committed zip and its entries.
func readVendoredZip(t *testing.T) ([]byte, map[string][]byte) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(vendoredDir, zipName))
	if err != nil {
		t.Fatalf("%v; run make schema", err)
	}
	entries, err := readZip(data)
	if err != nil {
		t.Fatalf("%s: %v", zipName, err)
	}
	return data, entries
}

// TestVendoredSchemas checks the committed files, not a fresh generation, so
// it needs neither the network nor the module cache: every pattern compiles
// with Go's regexp, every backtracking pattern with regexp2, every entry holds
// the type its name says, and the index and SOURCE.json agree with the entries.
func TestVendoredSchemas(t *testing.T) {
	data, entries := readVendoredZip(t)
	var types []string
	for name, b := range entries {
		if !strings.HasSuffix(name, ".json") || strings.Contains(name, "/") {
			t.Errorf("unexpected entry %q", name)
			continue
		}
		doc, err := decodeJSON(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := verifyDocument(doc); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		typ, _ := doc["typeName"].(string)
		if fileName(typ) != name {
			t.Errorf("%s holds typeName %q", name, typ)
		}
		if bytes.Contains(b, []byte("\n")) {
			t.Errorf("%s is not minified", name)
		}
		types = append(types, typ)
	}
	if len(types) == 0 {
		t.Fatalf("no schemas in %s; run make schema", zipName)
	}
	sort.Strings(types)
	index, err := os.ReadFile(filepath.Join(vendoredDir, indexName))
	if err != nil {
		t.Fatalf("%v; run make schema", err)
	}
	if want, err := archive.WriteIndex(data, typeNames(types)); err != nil || string(index) != string(want) {
		t.Errorf("%s does not locate the entries of %s (%v); run make schema", indexName, zipName, err)
	}
	var src source
	b, err := os.ReadFile(filepath.Join(vendoredDir, "SOURCE.json"))
	if err == nil {
		err = json.Unmarshal(b, &src)
	}
	if err != nil || src.Types != len(types) || src.Sum == "" {
		t.Errorf("SOURCE.json = %+v (%v), want types %d and a sum", src, err, len(types))
	}
	for _, name := range []string{"LICENSE", "NOTICE", "PATTERNS.md"} {
		if _, err := os.Stat(filepath.Join(vendoredDir, name)); err != nil {
			t.Error(err)
		}
	}
}

// TestVendoredZipReproducible rewrites the committed zip's entries with
// writeZip: the bytes must come out the same, which holds only if the zip was
// written with sorted entries and fixed times, as `make schema` does.
func TestVendoredZipReproducible(t *testing.T) {
	data, entries := readVendoredZip(t)
	again, err := archive.WriteZip(entries)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, data) {
		t.Fatalf("rewriting %s's entries gives other bytes (%d, was %d): it was not written by this generator and Go toolchain; run make schema", zipName, len(again), len(data))
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range zr.File {
		if i > 0 && zr.File[i-1].Name >= f.Name {
			t.Errorf("entry %s comes after %s", f.Name, zr.File[i-1].Name)
		}
		if f.Method != zip.Deflate || !f.Modified.Equal(archive.ZipTime) {
			t.Errorf("%s: method %d, time %v; want deflate at %v", f.Name, f.Method, f.Modified, archive.ZipTime)
		}
	}
}

func TestWriteZipIsDeterministic(t *testing.T) {
	entries := map[string][]byte{
		"b.json": []byte(`{"typeName":"B::B::B"}`),
		"a.json": bytes.Repeat([]byte(`{"x":1}`), 100),
	}
	first, err := archive.WriteZip(entries)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		again, err := archive.WriteZip(entries)
		if err != nil || !bytes.Equal(again, first) {
			t.Fatalf("writeZip gave other bytes on a second run (%v)", err)
		}
	}
	back, err := readZip(first)
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range entries {
		if !bytes.Equal(back[name], b) {
			t.Errorf("%s came back as %q", name, back[name])
		}
	}
}

// TestVendoredTypesMatchList catches a types.txt edit without make schema.
func TestVendoredTypesMatchList(t *testing.T) {
	wanted, err := readTypeList("../types.txt")
	if err != nil {
		t.Fatal(err)
	}
	_, entries := readVendoredZip(t)
	for _, w := range wanted {
		if w.name == "*" {
			continue // checked against the module by make schema, not here
		}
		if _, ok := entries[fileName(w.name)]; !ok {
			t.Errorf("%s: %s is not vendored; run make schema", w.line, w.name)
		}
	}
}

func TestEncodeCompact(t *testing.T) {
	doc, err := decodeJSON([]byte(`{"b": [1, 9223372036854775807], "a": "<&>"}`))
	if err != nil {
		t.Fatal(err)
	}
	got, err := archive.EncodeEntry(doc)
	if want := `{"a":"<&>","b":[1,9223372036854775807]}`; err != nil || string(got) != want {
		t.Errorf("encodeCompact = %s %v, want %s", got, err, want)
	}
}

func TestVerifyRefusesClassUnion(t *testing.T) {
	doc := map[string]any{"properties": map[string]any{"N": map[string]any{"pattern": `^[A-Z][[A-Z]_]*$`}}}
	if err := verifyDocument(doc); err == nil {
		t.Error("verifyDocument accepted a Java class union, which Go reads differently")
	}
}

// readZip returns every entry of a zip by name.
func readZip(data []byte) (map[string][]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	entries := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		entries[f.Name] = b
	}
	return entries, nil
}
