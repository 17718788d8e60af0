package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/pipegen/pipegen/schema"
	"github.com/pipegen/pipegen/schema/output"
	"github.com/urfave/cli/v2"
)

func validateCommand() *cli.Command {
	return &cli.Command{
		Name:      "validate",
		Usage:     "check CloudFormation templates (YAML or JSON) against the vendored resource schemas",
		ArgsUsage: "PATH... (files, folders, or - for standard input)",
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "buildspec", Usage: "the files are CodeBuild buildspecs, not templates"},
			&cli.StringFlag{Name: "format", Value: "text", Usage: "output format: " + strings.Join(output.Formats, ", ")},
			&cli.StringSliceFlag{Name: "ignore", Usage: "drop the findings of this rule id (e.g. W2001), repeatable or comma-separated"},
			&cli.BoolFlag{Name: "strict", Usage: "warnings fail too (exit code 1)"},
		},
		Action: validate,
	}
}

// templateExts are the files validate picks up inside a folder.
var templateExts = map[string]bool{".yaml": true, ".yml": true, ".json": true, ".template": true}

// ruleID is the shape of every rule id: severity letter and four digits.
var ruleID = regexp.MustCompile(`^[EWI][0-9]{4}$`)

func validate(c *cli.Context) error {
	if c.NArg() == 0 {
		return usageError("validate needs at least one PATH (a file, a folder, or - for standard input)")
	}
	strict := c.Bool("strict")
	out, err := output.New(c.String("format"), output.Options{Version: version, Strict: strict})
	if err != nil {
		return usageError("--format: %v", err)
	}
	ignore, err := ignoredRules(c.StringSlice("ignore"))
	if err != nil {
		return err
	}
	inputs, err := expandPaths(c.Args().Slice())
	if err != nil {
		return err
	}
	v := schema.NewValidator()
	var all []schema.Finding
	names := make([]string, 0, len(inputs))
	for _, in := range inputs {
		data, name, err := readInput(in, c.App.Reader)
		if err != nil {
			return err
		}
		names = append(names, name)
		if c.Bool("buildspec") {
			all = append(all, v.CheckBuildspec(name, data)...)
		} else {
			all = append(all, v.Check(name, data)...)
		}
	}
	all = dropRules(all, ignore)
	schema.Sort(all)
	if err := out.Write(c.App.Writer, all, names); err != nil {
		return &exitError{code: exitUsage, err: fmt.Errorf("write the findings: %v", err)}
	}
	sum := output.Count(all, names)
	fmt.Fprintf(c.App.ErrWriter, "%d file(s) checked: %d error(s), %d warning(s)\n", sum.Files, sum.Errors, sum.Warnings)
	if sum.Failed(strict) {
		return errInvalid
	}
	return nil
}

// ignoredRules reads --ignore values: each repeatable and comma-separated,
// each a rule id.
func ignoredRules(values []string) (map[string]bool, error) {
	ignore := map[string]bool{}
	for _, v := range values {
		for _, id := range strings.Split(v, ",") {
			id = strings.TrimSpace(id)
			if !ruleID.MatchString(id) {
				return nil, usageError("--ignore %q: not a rule id (E, W or I and four digits, e.g. W2001)", id)
			}
			ignore[id] = true
		}
	}
	return ignore, nil
}

// dropRules removes the findings of ignored rules.
func dropRules(findings []schema.Finding, ignore map[string]bool) []schema.Finding {
	if len(ignore) == 0 {
		return findings
	}
	out := findings[:0]
	for _, f := range findings {
		if !ignore[f.Rule] {
			out = append(out, f)
		}
	}
	return out
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
