package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/pipegen/pipegen/render"
	"github.com/pipegen/pipegen/tmpl"
	"github.com/urfave/cli/v2"
)

func templatesCommand() *cli.Command {
	return &cli.Command{
		Name:  "templates",
		Usage: "list or export the built-in templates, to customize the pipeline",
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
	var files []render.File
	var existing []string
	for _, name := range tmpl.Names() {
		data, err := fs.ReadFile(tmpl.FS(), name)
		if err != nil {
			return usageError("internal error: %v", err)
		}
		path := filepath.Join(dir, name)
		if _, err := os.Stat(path); err == nil {
			existing = append(existing, path)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return usageError("%v", err)
		}
		files = append(files, render.File{Path: path, Data: data})
	}
	if len(existing) > 0 && !c.Bool("force") {
		return usageError("refusing to overwrite %s (use --force to replace them)", strings.Join(existing, ", "))
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return usageError("%v", err)
	}
	if err := render.WriteFiles(files...); err != nil {
		return usageError("%v", err)
	}
	fmt.Fprintf(c.App.ErrWriter, "exported %d files to %s; render with: pipegen generate --templates %s OUTPUT\n", len(files), dir, dir)
	return nil
}
