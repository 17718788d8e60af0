package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/pipegen/pipegen/schema"
	"github.com/urfave/cli/v2"
)

func validateCommand() *cli.Command {
	return &cli.Command{
		Name:      "validate",
		Usage:     "check CloudFormation templates (YAML or JSON) against the vendored resource schemas",
		ArgsUsage: "PATH... (files, folders, or - for standard input)",
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "buildspec", Usage: "the files are CodeBuild buildspecs, not templates"},
		},
		Action: validate,
	}
}

// templateExts are the files validate picks up inside a folder.
var templateExts = map[string]bool{".yaml": true, ".yml": true, ".json": true, ".template": true}

func validate(c *cli.Context) error {
	if c.NArg() == 0 {
		return usageError("validate needs at least one PATH (a file, a folder, or - for standard input)")
	}
	inputs, err := expandPaths(c.Args().Slice())
	if err != nil {
		return err
	}
	v := schema.NewValidator()
	var all []schema.Finding
	for _, in := range inputs {
		data, name, err := readInput(in, c.App.Reader)
		if err != nil {
			return err
		}
		if c.Bool("buildspec") {
			all = append(all, v.CheckBuildspec(name, data)...)
		} else {
			all = append(all, v.Check(name, data)...)
		}
	}
	schema.Sort(all)
	printFindings(c.App.Writer, all)
	errors, warnings := count(all)
	fmt.Fprintf(c.App.ErrWriter, "%d file(s) checked: %d error(s), %d warning(s)\n", len(inputs), errors, warnings)
	if errors > 0 {
		return errInvalid
	}
	return nil
}

// expandPaths turns folders into the template files inside them, sorted.
func expandPaths(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		if a == "-" {
			out = append(out, a)
			continue
		}
		info, err := os.Stat(a)
		if err != nil {
			return nil, usageError("%v", err)
		}
		if !info.IsDir() {
			out = append(out, a)
			continue
		}
		err = filepath.WalkDir(a, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && templateExts[strings.ToLower(filepath.Ext(path))] {
				out = append(out, path)
			}
			return nil
		})
		if err != nil {
			return nil, usageError("%v", err)
		}
	}
	return out, nil
}

func readInput(path string, stdin io.Reader) ([]byte, string, error) {
	if path == "-" {
		data, err := io.ReadAll(stdin)
		if err != nil {
			return nil, "", usageError("read standard input: %v", err)
		}
		return data, "<stdin>", nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, "", usageError("%v", err)
	}
	return data, path, nil
}

func printFindings(w io.Writer, findings []schema.Finding) {
	for _, f := range findings {
		fmt.Fprintln(w, f.String())
	}
}

func count(findings []schema.Finding) (errors, warnings int) {
	for _, f := range findings {
		switch f.Severity {
		case schema.Error:
			errors++
		case schema.Warning:
			warnings++
		}
	}
	return errors, warnings
}
