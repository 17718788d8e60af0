package tmpl

import (
	"io"
	"io/fs"
	"regexp"
	"slices"
	"strings"
)

var (
	defines  = regexp.MustCompile(`\{\{-?\s*define\s+"([^"]+)"`)
	includes = regexp.MustCompile(`(?:include|template)\s+"([^"]+)"`)
)

// Strays lists the files of a user's template folder that change nothing:
// a name no built-in file has (pipline.yaml.tmpl for pipeline.yaml.tmpl),
// unless it is a partial whose templates some template includes, which is
// how a folder adds a partial of its own. Only *.tmpl files at the top of
// the folder count, as only those are read.
func Strays(dir fs.FS) []string {
	entries, err := fs.ReadDir(dir, ".")
	if err != nil || len(entries) > maxStrayEntries {
		return nil // the renderer reports a folder too large to read
	}
	builtin := Names()
	used := includedNames(Overlay(dir))
	var out []string
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !strings.HasSuffix(name, ".tmpl") || slices.Contains(builtin, name) {
			continue
		}
		if strings.HasPrefix(name, "_") && definesAny(dir, name, used) {
			continue
		}
		out = append(out, name)
	}
	return out
}

// includedNames are the templates some file includes.
func includedNames(files fs.FS) map[string]bool {
	out := map[string]bool{}
	names, _ := fs.Glob(files, "*.tmpl")
	for _, n := range names {
		text, err := readSmall(files, n)
		if err != nil {
			continue
		}
		for _, m := range includes.FindAllStringSubmatch(string(text), -1) {
			out[m[1]] = true
		}
	}
	return out
}

func definesAny(dir fs.FS, name string, used map[string]bool) bool {
	text, err := readSmall(dir, name)
	if err != nil {
		return false
	}
	for _, m := range defines.FindAllStringSubmatch(string(text), -1) {
		if used[m[1]] {
			return true
		}
	}
	return false
}

// maxRead and maxStrayEntries keep the stray check within what the
// renderer reads (render.MaxTemplateFile, render.MaxTemplateFiles): a
// larger file or folder is the renderer's error to report, and the check
// reads no more than it would (review M4).
const (
	maxRead         = 1 << 20
	maxStrayEntries = 1024
)

// readSmall reads a regular file of at most maxRead bytes.
func readSmall(dir fs.FS, name string) ([]byte, error) {
	info, err := fs.Stat(dir, name)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() || info.Size() > maxRead {
		return nil, fs.ErrInvalid
	}
	f, err := dir.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	text, err := io.ReadAll(io.LimitReader(f, maxRead+1))
	if err == nil && len(text) > maxRead {
		err = fs.ErrInvalid
	}
	return text, err
}
