package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/pipegen/pipegen/render/safewrite"
	"github.com/pipegen/pipegen/tmpl"
	"github.com/urfave/cli/v2"
)

func templatesCommand() *cli.Command {
	return &cli.Command{
		Name:  "templates",
		Usage: "list or export the built-in templates, to customize the pipeline",
		Description: `Export the templates, edit them, render from the edited folder (still validated):

   pipegen templates list
   pipegen templates export ./pipeline-templates
   pipegen generate --templates ./pipeline-templates pipeline.yml

The exported README.md documents every value the templates receive and every function.`,
		Subcommands: withUsageErrors(
			&cli.Command{
				Name:   "list",
				Usage:  "list the built-in template files",
				Action: listTemplates,
			},
			&cli.Command{
				Name:      "export",
				Usage:     "write the built-in templates and a README of their data into DIR",
				ArgsUsage: "DIR",
				Flags: []cli.Flag{
					&cli.BoolFlag{Name: "force", Usage: "overwrite files that already exist in DIR"},
				},
				Action: exportTemplates,
			},
		),
	}
}

func listTemplates(c *cli.Context) error {
	if c.NArg() != 0 {
		return usageError("templates list takes no arguments")
	}
	for _, name := range tmpl.Names() {
		kind := "template"
		switch {
		case strings.HasPrefix(name, "_"):
			kind = "partial"
		case !strings.HasSuffix(name, ".tmpl"):
			kind = "documentation"
		}
		fmt.Fprintf(c.App.Writer, "%-22s %s\n", name, kind)
	}
	return nil
}

// exportTemplates writes every embedded file into DIR, all or nothing: it
// refuses, before writing anything, when a file exists and --force is not given.
func exportTemplates(c *cli.Context) error {
	if c.NArg() != 1 {
		return usageError("templates export needs exactly one DIR, got %d arguments", c.NArg())
	}
	dir := c.Args().First()
	if info, err := os.Stat(dir); err == nil && !info.IsDir() {
		return usageError("%s exists and is not a folder", dir)
	}
	var files []safewrite.File
	var existing []string
	for _, name := range tmpl.Names() {
		data, err := fs.ReadFile(tmpl.FS(), name)
		if err != nil {
			return usageError("internal error: %v", err)
		}
		path := filepath.Join(dir, name)
		// A link counts, dangling or not: --force writes through it.
		if there, err := safewrite.Exists(path); err != nil {
			return usageError("%v", err)
		} else if there {
			existing = append(existing, path)
		}
		files = append(files, safewrite.File{Path: path, Data: data})
	}
	if len(existing) > 0 && !c.Bool("force") {
		return usageError("refusing to overwrite %s (use --force to replace them)", strings.Join(existing, ", "))
	}
	created, err := makeFolder(dir)
	if err != nil {
		return usageError("%v", err)
	}
	if err := writeFiles(files...); err != nil {
		for _, d := range created {
			os.Remove(d) // empty again: safewrite took back its files
		}
		return writeFailure(err, "no file was exported")
	}
	fmt.Fprintf(c.App.ErrWriter, "exported %d files to %s; render with: pipegen generate --templates %s OUTPUT\n", len(files), dir, dir)
	return nil
}

// makeFolder creates dir and its parents (mode 0777 less the umask, as
// mkdir -p) and returns the folders it created, deepest first, for a
// failed export to remove (review n12: only the deepest was removed).
func makeFolder(dir string) (created []string, err error) {
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); err == nil {
			break
		}
		created = append(created, d)
		if filepath.Dir(d) == d {
			break
		}
	}
	if len(created) == 0 {
		return nil, nil
	}
	return created, os.MkdirAll(dir, 0o777)
}
