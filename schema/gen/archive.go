package main

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"io"
	"sort"
	"strings"
	"time"
)

// The vendored schemas go into one zip, read per type on demand by
// schema/registry.go; these names are shared with it.
const (
	// zipName is the archive in the output folder.
	zipName = "schemas.zip"
	// indexName is the zip entry listing every type, one a line as
	// "<stem> <TypeName>" (aws-s3-bucket AWS::S3::Bucket), sorted by stem,
	// so a reader can list types, suggest names and check their case
	// without decompressing a schema, and without lower-casing or sorting.
	indexName = "index.txt"
)

// zipTime is every entry's modification time: a fixed one keeps the archive
// byte-for-byte the same from run to run.
var zipTime = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

// writeZip writes entries as a standard zip, deflated at the best level, in
// name order, with fixed times. The same entries and the same Go toolchain
// give the same bytes (compress/flate's output is not promised across Go
// versions; a change there only means `make schema` rewrites the zip).
func writeZip(entries map[string][]byte) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestCompression)
	})
	names := make([]string, 0, len(entries))
	for name := range entries {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: zipTime})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(entries[name]); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// typeIndex is the index entry (see indexName).
func typeIndex(types []string) []byte {
	lines := make([]string, len(types))
	for i, typ := range types {
		lines[i] = strings.TrimSuffix(fileName(typ), ".json") + " " + typ + "\n"
	}
	sort.Strings(lines) // by stem: a stem never holds the space
	return []byte(strings.Join(lines, ""))
}
