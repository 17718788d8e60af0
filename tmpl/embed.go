// Package tmpl holds pipegen's templates, embedded in the binary. Users get
// them as files with `pipegen templates export` and render from an edited
// copy with `generate --templates DIR`.
package tmpl

import (
	"embed"
	"io/fs"
)

//go:embed *.tmpl
var files embed.FS

// FS returns the embedded template folder.
func FS() fs.FS { return files }
