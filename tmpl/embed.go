// Package tmpl holds pipegen's templates, embedded in the binary. Users get
// them as files with `pipegen templates export` and render from an edited
// copy with `generate --templates DIR`.
package tmpl

import (
	"embed"
	"io/fs"
)

//go:embed *.tmpl README.md
var files embed.FS

// FS returns the embedded template folder.
func FS() fs.FS { return files }

// Names lists the embedded files, sorted: templates, partials and README.md.
func Names() []string {
	entries, _ := fs.ReadDir(files, ".")
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
