package tmpl

import (
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
	if err != nil {
		return nil
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
		text, err := fs.ReadFile(files, n)
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
	text, err := fs.ReadFile(dir, name)
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
