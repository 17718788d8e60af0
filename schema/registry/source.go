package registry

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"

	"github.com/pipegen/pipegen/schema/archive"
)

// source is where a registry finds its types.
type source struct {
	index archive.Index
	read  func(stem string) ([]byte, error) // the <stem>.json document
}

// find returns the canonical name of the type stored under stem s.
func (s source) find(stem string) (string, bool) {
	if i, ok := s.index.Position(stem); ok {
		return s.index.Names[i], true
	}
	return "", false
}

// openFolder reads the vendored archive in files (schema/archive), or,
// when files holds no schemas.zip, plain <stem>.json files.
func openFolder(files fs.FS) (source, error) {
	if _, err := fs.Stat(files, archive.ZipName); errors.Is(err, fs.ErrNotExist) {
		return openPlainFolder(files)
	}
	index, err := fs.ReadFile(files, archive.IndexName)
	if err != nil {
		return source{}, fmt.Errorf("the index beside %s: %w", archive.ZipName, err)
	}
	return openArchive(files, string(index))
}

// openArchive reads schemas.zip in files by its index.
func openArchive(files fs.FS, indexText string) (source, error) {
	index, err := archive.ParseIndex(indexText, true)
	if err != nil {
		return source{}, err
	}
	f, err := files.Open(archive.ZipName)
	if err != nil {
		return source{}, err
	}
	// The zip stays open for the registry's life; an embedded file reads in
	// place, without a copy. Other files without ReadAt are read whole.
	var zipData io.ReaderAt
	var size int64
	if ra, ok := f.(io.ReaderAt); ok {
		if info, err := f.Stat(); err == nil {
			zipData, size = ra, info.Size()
		}
	}
	if zipData == nil {
		defer f.Close()
		data, err := io.ReadAll(f)
		if err != nil {
			return source{}, err
		}
		zipData, size = bytes.NewReader(data), int64(len(data))
	}
	r, err := archive.NewReader(zipData, size, index)
	if err != nil {
		return source{}, err
	}
	return source{index: index, read: r.Read}, nil
}

// openPlainFolder indexes <stem>.json files: by index.txt when there is one,
// else by reading every file's typeName, which suits a handful of files (as
// in tests), not the vendored set.
func openPlainFolder(files fs.FS) (source, error) {
	read := func(stem string) ([]byte, error) { return fs.ReadFile(files, stem+".json") }
	data, err := fs.ReadFile(files, archive.IndexName)
	if err == nil {
		x, err := archive.ParseIndex(string(data), false)
		return source{index: x, read: read}, err
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return source{}, err
	}
	entries, err := fs.ReadDir(files, ".")
	if err != nil {
		return source{}, err
	}
	var x archive.Index
	for _, e := range entries {
		file := e.Name()
		if e.IsDir() || !strings.HasSuffix(file, ".json") {
			continue
		}
		data, err := fs.ReadFile(files, file)
		if err != nil {
			return source{}, err
		}
		var head struct {
			TypeName string `json:"typeName"`
		}
		// Files that are no schema of their name (SOURCE.json) are skipped.
		if json.Unmarshal(data, &head) == nil && head.TypeName != "" && fileName(head.TypeName) == file {
			x.Add(stem(head.TypeName), head.TypeName)
		}
	}
	sort.Sort(x)
	return source{index: x, read: read}, nil
}
