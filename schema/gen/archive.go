package main

import (
	"github.com/pipegen/pipegen/schema/archive"
)

// The vendored schemas go into one zip and its index, in the format of
// schema/archive, read per type on demand by the schema registry.
const (
	zipName   = archive.ZipName
	indexName = archive.IndexName
)

// writeArchive returns the zip of the converted schemas (by entry name) and
// its index.
func writeArchive(schemas map[string][]byte, types []string) (zipData, index []byte, err error) {
	zipData, err = archive.WriteZip(schemas)
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
