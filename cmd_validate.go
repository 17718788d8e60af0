package main

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pipegen/pipegen/render/safewrite"
	"github.com/pipegen/pipegen/schema"
	"github.com/pipegen/pipegen/schema/output"
	"github.com/urfave/cli/v2"
)

// validateCommand is the validate command; now dates the Lambda runtime rules.
func validateCommand(now func() time.Time) *cli.Command {
	return &cli.Command{
		Name:      "validate",
		Usage:     "check CloudFormation templates (YAML or JSON) against the vendored resource schemas",
		ArgsUsage: "PATH... (files, folders, or - for standard input)",
		Description: `Check a template, a folder of them, or a buildspec:

   pipegen validate template.yml
   pipegen validate --strict infra/
   pipegen validate --buildspec buildspec.yml

SARIF for GitHub code scanning, with the findings as text in the log:

   pipegen validate --format sarif --output-file pipegen.sarif infra/

A folder is walked for .yaml, .yml, .json and .template files; hidden folders
(.github, .chalice, ...) and node_modules are left out unless named, and so is
what --exclude matches. A file found by walking is checked when it is a
template (AWSTemplateFormatVersion, Resources or Transform at its top level) or
a buildspec (phases); others (parameters files, workflows, package.json) are
skipped, listed with --verbose. A file named on the command line is always
checked. No template to check at all is a usage error:

   pipegen validate --exclude 'params/*' --exclude cdk.out .

Exit code 0: no error (warnings do not fail unless --strict); 1: an error; 2: a usage
or I/O error. Every rule, with an example and its fix: README.md, "Findings, rules and
exit codes".`,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "buildspec", Usage: "the files are CodeBuild buildspecs, not templates"},
			&cli.StringFlag{Name: "format", Value: "text", Usage: "output format: " + strings.Join(output.Formats, ", ")},
			&cli.StringSliceFlag{Name: "ignore", Usage: "drop the findings of this rule id (e.g. W2001), repeatable or comma-separated"},
			&cli.BoolFlag{Name: "strict", Usage: "warnings fail too (exit code 1)"},
			&cli.StringFlag{Name: "output-file", Usage: "write the --format output to this file, and the findings as text to standard output (one run for SARIF and a readable log)"},
			&cli.StringFlag{Name: "docs-url", Value: output.DefaultDocsURL, Usage: "the README whose rules table documents each rule: SARIF's helpUri is this URL#<rule id> (point it at your copy or fork)"},
			&cli.StringSliceFlag{Name: "exclude", Usage: "leave out of a folder's walk the files and folders that match this glob (`GLOB`: * ? [...] as in Go's path.Match), matched against the path below the folder named (infra/params/*.json is params/*.json for infra) and against the base name; repeatable. A file named on the command line is always checked"},
			&cli.BoolFlag{Name: "verbose", Usage: "also list what a folder's walk skipped: files that are not templates (info I9001) and the folders left out (on standard error)"},
		},
		Action: func(c *cli.Context) error { return validate(c, now) },
	}
}

// templateExts are the files validate picks up inside a folder.
var templateExts = map[string]bool{".yaml": true, ".yml": true, ".json": true, ".template": true}

// ruleID is the shape of every rule id: severity letter and four digits.
var ruleID = regexp.MustCompile(`^[EWI][0-9]{4}$`)

func validate(c *cli.Context, now func() time.Time) error {
	if c.NArg() == 0 {
		return usageError("validate needs at least one PATH (a file, a folder, or - for standard input)")
	}
	strict := c.Bool("strict")
	out, err := output.New(c.String("format"), output.Options{Version: version, Strict: strict, DocsURL: c.String("docs-url")})
	if err != nil {
		return usageError("--format: %v", err)
	}
	ignore, err := ignoredRules(c.StringSlice("ignore"))
	if err != nil {
		return err
	}
	verbose := c.Bool("verbose")
	w, err := expandPaths(c.Args().Slice(), c.StringSlice("exclude"))
	if err != nil {
		return err
	}
	for _, note := range w.irregular {
		fmt.Fprintln(c.App.ErrWriter, "pipegen: skipped", note)
	}
	if verbose {
		for _, note := range w.pruned {
			fmt.Fprintln(c.App.ErrWriter, "pipegen: skipped", note)
		}
	}
	inputs := w.sources
	tuneGC(inputs)
	v := schema.NewValidator()
	v.Now = now
	all, names, notTemplates, err := checkAll(v, inputs, c.App.Reader, c.Bool("buildspec"))
	if err != nil {
		return err
	}
	if len(names) == 0 {
		if verbose {
			printFindings(c.App.ErrWriter, notTemplates)
		}
		return usageError("no template to check in %s: %d file(s) found, none a template or a buildspec%s", strings.Join(c.Args().Slice(), ", "), len(notTemplates), verboseHint(verbose, len(notTemplates)))
	}
	if verbose {
		all = append(all, notTemplates...)
	}
	all = dropRules(all, ignore)
	schema.Sort(all)
	if err := writeFindings(c, out, all, names); err != nil {
		return err
	}
	sum := output.Count(all, names)
	fmt.Fprintf(c.App.ErrWriter, "%d file(s) checked: %d error(s), %d warning(s)", sum.Files, sum.Errors, sum.Warnings)
	if n := len(notTemplates); n > 0 {
		fmt.Fprintf(c.App.ErrWriter, "; %d file(s) skipped, not templates%s", n, verboseHint(verbose, n))
	}
	fmt.Fprintln(c.App.ErrWriter)
	if sum.Failed(strict) {
		return errInvalid
	}
	return nil
}

// verboseHint tells how to list the files skipped as not templates.
func verboseHint(verbose bool, skipped int) string {
	if verbose || skipped == 0 {
		return ""
	}
	return " (--verbose lists them)"
}

// shortRun is the most inputs, and smallRun the most bytes in all, that
// tuneGC treats as a short run.
const (
	shortRun = 64
	smallRun = 256 << 10
)

// tuneGC makes a short run collect garbage less often. Checking the
// generated pipeline allocates about 1.5 MB and keeps little of it; at the
// default GOGC=100 the collector still runs during a single-file run, for
// about a seventh of its time (README.md, Speed). With 400 the heap may grow
// to five times what is live, about 1 MB more RSS for one file. Runs of
// many files, or of large ones (a template of 10,000 resources keeps 40 MB
// live while it is checked), keep the default: five times their live heap
// is too much to pay for a seventh. A GOGC the user set wins.
func tuneGC(inputs []source) {
	if len(inputs) > shortRun || os.Getenv("GOGC") != "" {
		return
	}
	size := int64(0)
	for _, in := range inputs {
		if info, err := os.Stat(in.path); err == nil && info.Mode().IsRegular() {
			size += info.Size()
		}
	}
	if size <= smallRun {
		debug.SetGCPercent(400)
	}
}

// source is one input: a path named on the command line (or - for
// standard input), always checked, or a file found by walking a folder,
// checked only when it is a template or a buildspec (schema.CheckFound).
type source struct {
	path  string
	found bool
}

// checkAll reads and checks the inputs on a pool of runtime.GOMAXPROCS(0)
// workers sharing v (its registry compiles each schema once, whichever
// worker asks first). Each file is read once, by the worker that checks it;
// standard input is read up front, in argument order. The findings come back
// in input order and each file's are sorted, so the result does not depend
// on scheduling. A file that cannot be read is a usage error: the first such
// input in argument order is reported (standard input, read first, aside),
// as when files were checked one by one, and no input after it is started.
// A file found by walking that is neither a template nor a buildspec is
// not checked: it is not among names, and its one info finding (I9001)
// comes back in notTemplates.
func checkAll(v *schema.Validator, inputs []source, stdin io.Reader, buildspec bool) (findings []schema.Finding, names []string, notTemplates []schema.Finding, err error) {
	type result struct {
		name     string
		findings []schema.Finding
		skipped  bool
		err      error
	}
	results := make([]result, len(inputs))
	stdinData := map[int]input{}
	for i, in := range inputs {
		if in.path == "-" {
			data, err := readInput(in.path, stdin)
			if err != nil {
				return nil, nil, nil, err
			}
			stdinData[i] = data
			results[i].name = data.name
		}
	}
	check := func(i int) {
		r := &results[i]
		in, ok := stdinData[i]
		if !ok {
			if in, r.err = readInput(inputs[i].path, stdin); r.err != nil {
				return
			}
			r.name = in.name
		}
		switch {
		case in.tooLarge:
			r.findings = []schema.Finding{schema.TooLarge(in.name, buildspec)}
		case buildspec:
			r.findings = v.CheckBuildspec(in.name, in.data)
		case inputs[i].found:
			var checked bool
			r.findings, checked = v.CheckFound(in.name, in.data)
			r.skipped = !checked
		default:
			r.findings = v.Check(in.name, in.data)
		}
	}
	workers := min(runtime.GOMAXPROCS(0), len(inputs))
	if workers <= 1 {
		for i := range inputs {
			if check(i); results[i].err != nil {
				return nil, nil, nil, results[i].err
			}
		}
	} else {
		// Inputs are handed out in order, so when input i fails every input
		// before it has been started and will finish: the first failure in
		// argument order is among those seen.
		var next atomic.Int64
		var failed atomic.Bool
		var wg sync.WaitGroup
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for !failed.Load() {
					i := int(next.Add(1) - 1)
					if i >= len(inputs) {
						return
					}
					if check(i); results[i].err != nil {
						failed.Store(true)
					}
				}
			}()
		}
		wg.Wait()
	}
	names = make([]string, 0, len(inputs))
	for _, r := range results {
		switch {
		case r.err != nil:
			return nil, nil, nil, r.err
		case r.skipped:
			notTemplates = append(notTemplates, r.findings...)
		default:
			names = append(names, r.name)
			findings = append(findings, r.findings...)
		}
	}
	return findings, names, notTemplates, nil
}

// ignoredRules reads --ignore values: each repeatable and comma-separated,
// each the id of one of pipegen's rules, or an id a rule had before it took
// cfn-lint's (E1012 ignores E1020); an id no rule has is a typo that would
// ignore nothing: a usage error naming the nearest id.
func ignoredRules(values []string) (map[string]bool, error) {
	ignore := map[string]bool{}
	for _, v := range values {
		for _, id := range strings.Split(v, ",") {
			id = strings.TrimSpace(id)
			if !ruleID.MatchString(id) {
				return nil, usageError("--ignore %q: not a rule id (E, W or I and four digits, e.g. W2001)", id)
			}
			if known, nearest := schema.KnownRule(id); !known {
				hint := ""
				if nearest != "" {
					hint = " (did you mean " + nearest + "?)"
				}
				return nil, usageError("--ignore %q: pipegen has no rule %s%s; the rules are listed in README.md, \"Findings, rules and exit codes\"", id, id, hint)
			}
			for _, r := range schema.ExpandRule(id) {
				ignore[r] = true
			}
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

// walked is what expandPaths makes of the arguments.
type walked struct {
	sources []source
	// irregular notes the files left out of a folder that are not regular
	// files: "NAME: a named pipe, not a regular file", for standard error.
	irregular []string
	// pruned notes what the walk left out by name, for --verbose: hidden
	// folders, node_modules, and what --exclude matches.
	pruned []string
}

// expandPaths turns folders into the template files inside them, sorted.
// A file named on the command line is read whatever it is (a named pipe or
// a device too, up to schema.MaxFileSize); inside a folder, only regular
// files (or links to them) are: a named pipe there would wait for a writer
// forever. The walk leaves out hidden folders (.git, .github, .chalice,
// .aws-sam) and node_modules, which hold no template of the repository's
// own, and whatever an exclude glob matches (path.Match, against the path
// below the folder named, in forward slashes, and against the base name).
// A folder named on the command line is walked whatever its name.
func expandPaths(args, exclude []string) (w walked, err error) {
	for _, g := range exclude {
		if _, err := path.Match(g, ""); err != nil {
			return walked{}, usageError("--exclude %q: %v", g, err)
		}
	}
	excluded := func(rel, base string) (string, bool) {
		for _, g := range exclude {
			if m, _ := path.Match(g, rel); m {
				return g, true
			}
			if m, _ := path.Match(g, base); m {
				return g, true
			}
		}
		return "", false
	}
	for _, a := range args {
		if a == "-" {
			w.sources = append(w.sources, source{path: a})
			continue
		}
		info, err := os.Stat(a)
		if err != nil {
			return walked{}, usageError("%v", err)
		}
		if !info.IsDir() {
			w.sources = append(w.sources, source{path: a})
			continue
		}
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if p == a {
				return nil
			}
			rel, _ := filepath.Rel(a, p)
			name := d.Name()
			if g, ok := excluded(filepath.ToSlash(rel), name); ok {
				w.pruned = append(w.pruned, p+": matches --exclude "+g)
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				switch {
				case strings.HasPrefix(name, "."):
					w.pruned = append(w.pruned, p+": a hidden folder (name it to check it)")
					return filepath.SkipDir
				case name == "node_modules":
					w.pruned = append(w.pruned, p+": node_modules (name it to check it)")
					return filepath.SkipDir
				}
				return nil
			}
			if !templateExts[strings.ToLower(filepath.Ext(p))] {
				return nil
			}
			if kind := irregular(p, d); kind != "" {
				w.irregular = append(w.irregular, p+": "+kind+", not a regular file")
				return nil
			}
			w.sources = append(w.sources, source{path: p, found: true})
			return nil
		})
		if err != nil {
			return walked{}, usageError("%v", err)
		}
	}
	return w, nil
}

// irregular names what a folder entry is when it is not a regular file, nor
// a link to one, and "" otherwise. A link that leads nowhere is kept, so that
// reading it reports the error.
func irregular(path string, d fs.DirEntry) string {
	mode := d.Type()
	if mode&fs.ModeSymlink != 0 {
		info, err := os.Stat(path)
		if err != nil {
			return ""
		}
		mode = info.Mode()
	}
	switch {
	case mode.IsRegular():
		return ""
	case mode.IsDir():
		return "a link to a folder"
	}
	return describeMode(mode)
}

// input is one file's bytes, or the note that it is over schema.MaxFileSize.
type input struct {
	name     string
	data     []byte
	tooLarge bool
}

// readInput reads a file, or standard input for "-", up to
// schema.MaxFileSize: /dev/zero or an endless pipe ends as a file too large,
// not as memory exhausted. A regular file over the size is not read at all.
func readInput(path string, stdin io.Reader) (input, error) {
	if path == "-" {
		in, err := readCapped("<stdin>", stdin)
		if err != nil {
			return input{}, usageError("read standard input: %v", err)
		}
		return in, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return input{}, usageError("%v", err)
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.Mode().IsRegular() && info.Size() > schema.MaxFileSize {
		return input{name: path, tooLarge: true}, nil
	}
	in, err := readCapped(path, f)
	if err != nil {
		return input{}, usageError("%v", err)
	}
	return in, nil
}

// readCapped reads r up to schema.MaxFileSize bytes, and one more to tell
// whether there was more.
func readCapped(name string, r io.Reader) (input, error) {
	data, err := io.ReadAll(io.LimitReader(r, schema.MaxFileSize+1))
	if err != nil {
		return input{}, err
	}
	if len(data) > schema.MaxFileSize {
		return input{name: name, tooLarge: true}, nil
	}
	return input{name: name, data: data}, nil
}

func printFindings(w io.Writer, findings []schema.Finding) {
	for _, f := range findings {
		fmt.Fprintln(w, f.String())
	}
}

// writeFindings writes the --format output to standard output, or to
// --output-file (all or nothing, render/safewrite) with the text findings
// on standard output.
func writeFindings(c *cli.Context, out output.Writer, all []schema.Finding, names []string) error {
	file := c.String("output-file")
	if file == "" {
		if err := out.Write(c.App.Writer, all, names); err != nil {
			return &exitError{code: exitUsage, err: fmt.Errorf("write the findings: %v", err)}
		}
		return nil
	}
	var buf bytes.Buffer
	if err := out.Write(&buf, all, names); err != nil {
		return &exitError{code: exitUsage, err: fmt.Errorf("write the findings: %v", err)}
	}
	if err := writeFiles(safewrite.File{Path: file, Data: buf.Bytes()}); err != nil {
		return usageError("--output-file: %v", err)
	}
	if err := (output.Text{}).Write(c.App.Writer, all, names); err != nil {
		return &exitError{code: exitUsage, err: fmt.Errorf("write the findings: %v", err)}
	}
	return nil
}
