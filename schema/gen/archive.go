package main

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"io"
	"sort"
	"time"

	"github.com/pipegen/pipegen/schema/archive"
)

// The vendored schemas go into one zip and its index, in the format of
// schema/archive, read per type on demand by the schema registry.
const (
	zipName   = archive.ZipName
	indexName = archive.IndexName
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

// writeArchive returns the zip of the converted schemas (by entry name) and
// its index.
func writeArchive(schemas map[string][]byte, types []string) (zipData, index []byte, err error) {
	zipData, err = writeZip(schemas)
	if err != nil {
		return nil, nil, err
	}
	index, err = archive.WriteIndex(zipData, typeNames(types))
	return zipData, index, err
}

// typeNames maps entry names to the types they hold.
func typeNames(types []string) map[string]string {
	out := make(map[string]string, len(types))
	for _, typ := range types {
		out[fileName(typ)] = typ
	}
	return out
}
