// Command agreement measures how often pipegen validate and cfn-lint give
// the same verdict on a set of templates: for each file, whether it has an
// error (cfn-lint: a finding whose id starts with E; pipegen: a finding of
// severity error). It runs cfn-lint once over all the files (parseable
// output) and pipegen's validator in process, and prints the agreement and
// the files where the verdicts differ, with both sides' error ids.
//
//	go run ./schema/internal/agreement -dir DIR [-list FILE] [-lint FILE]
//
// -lint reads cfn-lint's parseable output from a file instead of running
// it (cfn-lint takes minutes on a few hundred templates, and a crash on one
// file loses the findings of its whole batch: run it file by file once,
// `cfn-lint --format parseable -- FILE >> out.lint`, then compare often).
//
// The README's comparison with cfn-lint reports its figures (README.md,
// "pipegen and cfn-lint").
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/pipegen/pipegen/schema"
)

func main() {
	dir := flag.String("dir", ".", "the folder of templates (files are read relative to it)")
	list := flag.String("list", "", "a file listing the templates, one a line (default: every .yaml, .yml, .json, .template under -dir)")
	verbose := flag.Bool("v", false, "print every disagreement with both sides' error ids")
	cached := flag.String("lint", "", "cfn-lint's parseable output for the files, read instead of running cfn-lint")
	flag.Parse()
	files, err := templates(*dir, *list)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var lint map[string][]string
	if *cached != "" {
		lint, err = readLint(*cached)
	} else {
		lint, err = cfnLint(*dir, files)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	v := schema.NewValidator()
	agree, onlyPipegen, onlyLint := 0, 0, 0
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(*dir, f))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		var ours []string
		for _, fd := range v.Check(f, data) {
			if fd.Severity == schema.Error {
				ours = append(ours, fd.Rule)
			}
		}
		ours = uniq(ours)
		theirs := uniq(lint[f])
		switch {
		case (len(ours) > 0) == (len(theirs) > 0):
			agree++
			continue
		case len(ours) > 0:
			onlyPipegen++
		default:
			onlyLint++
		}
		if *verbose {
			fmt.Printf("%s\tpipegen %v\tcfn-lint %v\n", f, ours, theirs)
		}
	}
	fmt.Printf("%d files: same verdict on %d (%.1f%%); errors only pipegen reports: %d; only cfn-lint: %d\n",
		len(files), agree, 100*float64(agree)/float64(max(len(files), 1)), onlyPipegen, onlyLint)
}

func templates(dir, list string) ([]string, error) {
	if list != "" {
		data, err := os.ReadFile(list)
		if err != nil {
			return nil, err
		}
		var out []string
		for _, l := range strings.Split(string(data), "\n") {
			if l = strings.TrimSpace(l); l != "" {
				out = append(out, l)
			}
		}
		return out, nil
	}
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch strings.ToLower(filepath.Ext(path)) {
		case ".yaml", ".yml", ".json", ".template":
			rel, _ := filepath.Rel(dir, path)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// cfnLint runs cfn-lint once over every file and returns the error ids of
// each.
func cfnLint(dir string, files []string) (map[string][]string, error) {
	cmd := exec.Command("cfn-lint", append([]string{"--format", "parseable", "--"}, files...)...)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		if _, exited := err.(*exec.ExitError); !exited {
			return nil, fmt.Errorf("cfn-lint: %v", err)
		}
	}
	return errorIDs(&out)
}

// readLint reads cfn-lint's parseable output from a file.
func readLint(path string) (map[string][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return errorIDs(f)
}

// errorIDs reads the error ids of each file from cfn-lint's parseable
// output.
func errorIDs(r io.Reader) (map[string][]string, error) {
	ids := map[string][]string{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		// FILE:LINE:COL:ENDLINE:ENDCOL:RULE:MESSAGE
		parts := strings.SplitN(sc.Text(), ":", 7)
		if len(parts) == 7 && strings.HasPrefix(parts[5], "E") {
			ids[parts[0]] = append(ids[parts[0]], parts[5])
		}
	}
	return ids, sc.Err()
}

func uniq(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}
