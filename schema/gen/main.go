// Command gen vendors the CloudFormation registry schemas pipegen validates
// templates against. It reads them from the pinned rain module in the Go
// module cache, makes every regex pattern usable by Go's regexp (see
// rewrite.go) and writes them, minified into one deflated zip (schemas.zip,
// one entry a type plus index.txt listing the type names; see archive.go),
// with the source's licence and a report of every pattern change, to
// schema/cfn. The output is the same byte for byte from run to run. Run it
// from the module root:
//
//	make schema                 # go run ./schema/gen
//	go run ./schema/gen -report-only -types '*' -out /tmp/report
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/pipegen/pipegen/schema/archive"
)

const defaultOut = "schema/cfn"

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "schema/gen:", err)
		os.Exit(1)
	}
}

type options struct {
	out        string
	typesFile  string
	types      string
	reportOnly bool
}

func parseFlags(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.StringVar(&o.out, "out", defaultOut, "folder to write the vendored schemas to")
	fs.StringVar(&o.typesFile, "types-file", "schema/types.txt", "list of resource types to vendor, one a line; `*` means all")
	fs.StringVar(&o.types, "types", "", "comma-separated resource types, or `*` for all; overrides -types-file")
	fs.BoolVar(&o.reportOnly, "report-only", false, "check every pattern but write only PATTERNS.md to -out")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	// A scratch report must not overwrite the vendored one.
	if o.reportOnly && samePath(o.out, defaultOut) {
		return o, errors.New("-report-only needs -out set to a folder other than " + defaultOut)
	}
	return o, nil
}

func samePath(a, b string) bool {
	absA, errA := filepath.Abs(a)
	absB, errB := filepath.Abs(b)
	return errA == nil && errB == nil && absA == absB
}

func (o options) wantedTypes() ([]wantedType, error) {
	if o.types != "" {
		return typesFromFlag(o.types), nil
	}
	return readTypeList(o.typesFile)
}

func run(args []string) error {
	opts, err := parseFlags(args)
	if err != nil {
		return err
	}
	wanted, err := opts.wantedTypes()
	if err != nil {
		return err
	}
	mod, err := downloadModule()
	if err != nil {
		return err
	}
	index, err := indexTypes(filepath.Join(mod.Dir, filepath.FromSlash(schemaPath)))
	if err != nil {
		return err
	}
	types, err := resolveTypes(wanted, index)
	if err != nil {
		return err
	}
	// Everything is built in memory first, so a failure leaves the old
	// vendored files in place.
	schemas, t, err := convertAll(types, index)
	if err != nil {
		return err
	}
	report := renderReport(len(types), mod.Sum, t)
	if opts.reportOnly {
		return writeFiles(opts.out, map[string][]byte{"PATTERNS.md": report})
	}
	zipData, indexData, err := writeArchive(schemas, types)
	if err != nil {
		return err
	}
	files := map[string][]byte{zipName: zipData, indexName: indexData, "PATTERNS.md": report}
	if err := addSourceFiles(files, mod, len(types)); err != nil {
		return err
	}
	if err := removeStale(opts.out); err != nil {
		return err
	}
	return writeFiles(opts.out, files)
}

// convertAll converts every type's schema, keyed by zip entry name.
func convertAll(types []string, index map[string]string) (map[string][]byte, *tally, error) {
	files := map[string][]byte{}
	t := newTally()
	for _, typ := range types {
		name := fileName(typ)
		if _, clash := files[name]; clash {
			return nil, nil, fmt.Errorf("two types map to the file name %s", name)
		}
		b, err := convert(typ, index[typ], t)
		if err != nil {
			return nil, nil, err
		}
		files[name] = b
	}
	return files, t, nil
}

// convert reads one schema, rewrites its patterns and encodes it again.
func convert(typ, path string, t *tally) ([]byte, error) {
	doc, err := readJSON(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", typ, err)
	}
	if name, _ := doc["typeName"].(string); name != typ {
		return nil, fmt.Errorf("%s: %s has typeName %q", typ, path, name)
	}
	w := walker{typ: typ, t: t}
	if err := w.schema(doc, ""); err != nil {
		return nil, err
	}
	if err := verifyDocument(doc); err != nil {
		return nil, fmt.Errorf("%s: patterns still do not compile after rewriting: %w", typ, err)
	}
	return archive.EncodeEntry(doc)
}

// readJSON decodes a JSON object, keeping numbers as written: float64 would
// turn 9223372036854775807 into 9223372036854775808.
func readJSON(path string) (map[string]any, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	doc, err := decodeJSON(b)
	if err != nil {
		return nil, fmt.Errorf("decoding %s: %w", path, err)
	}
	return doc, nil
}

// decodeJSON decodes one JSON object as readJSON does.
func decodeJSON(b []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("data after the top-level object")
	}
	return doc, nil
}

// encodeJSON writes sorted keys, two-space indentation and a final newline;
// it leaves <, > and & unescaped, as in the source.
func encodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// source is SOURCE.json: where the vendored files came from.
type source struct {
	Module  string `json:"module"`
	Version string `json:"version"`
	Sum     string `json:"sum"`
	Path    string `json:"path"`
	Types   int    `json:"types"`
}

// addSourceFiles adds SOURCE.json and the module's LICENSE and NOTICE, which
// the Apache-2.0 licence asks to keep beside the copied files.
func addSourceFiles(files map[string][]byte, mod module, types int) error {
	b, err := encodeJSON(source{sourceModule, sourceVersion, mod.Sum, schemaPath, types})
	if err != nil {
		return err
	}
	files["SOURCE.json"] = b
	for _, name := range []string{"LICENSE", "NOTICE"} {
		b, err := os.ReadFile(filepath.Join(mod.Dir, name))
		if err != nil {
			return fmt.Errorf("reading the module's %s: %w", name, err)
		}
		files[name] = b
	}
	return nil
}

// removeStale deletes the files an earlier run wrote, including the per-type
// <type>.json files of earlier versions, so nothing stale is left behind.
// Files the generator never writes stay.
func removeStale(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || !generated(e.Name()) {
			continue
		}
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

func generated(name string) bool {
	switch name {
	case "LICENSE", "NOTICE", "PATTERNS.md", zipName, indexName:
		return true
	}
	return strings.HasSuffix(name, ".json")
}

func writeFiles(dir string, files map[string][]byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}
