package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/pipegen/pipegen/render"
	"github.com/urfave/cli/v2"
)

// setting is the effective value of one generate option and where it came from.
type setting struct {
	Name   string
	Values []string    // one value, or the items of a list option
	Multi  bool        // the option takes a list (repeatable flag)
	Origin string      // where the value came from, for a person: "flag --runtime", "p.yml:3:10"
	From   valueSource // the kind of that place, for the program
}

// valueSource is the kind of place a setting's value came from. Error messages
// say how to fix a value there (review m5: an origin's text was matched,
// so a params file named config.json passed for Chalice's config).
type valueSource int

const (
	fromDefault valueSource = iota
	fromParams
	fromEnvironment
	fromFlag
	fromChaliceConfig
)

// settings holds every generate option after precedence: a flag beats a
// PIPEGEN_* environment variable, which beats the --params file, which beats
// the default.
type settings struct {
	list   []setting
	byName map[string]int
}

// envName is the environment variable of an option: app-name -> PIPEGEN_APP_NAME.
func envName(option string) string {
	return "PIPEGEN_" + strings.ToUpper(strings.ReplaceAll(option, "-", "_"))
}

// option is a generate flag a params file or the environment may set.
type option struct {
	name     string
	multi    bool
	boolean  bool
	defaults []string
}

func options(c *cli.Context) []option {
	var out []option
	for _, f := range c.Command.Flags {
		switch f := f.(type) {
		case *cli.StringFlag:
			if f.Name != "params" && f.Name != "dump-rendered" {
				out = append(out, option{name: f.Name, defaults: []string{f.Value}})
			}
		case *cli.StringSliceFlag:
			out = append(out, option{name: f.Name, multi: true})
		case *cli.BoolFlag:
			if f.Name != "print-params" && f.Name != "help" && f.Name != "check" {
				out = append(out, option{name: f.Name, defaults: []string{"false"}, boolean: true})
			}
		}
	}
	return out
}

func resolveSettings(c *cli.Context) (*settings, error) {
	opts := options(c)
	var file map[string]render.FileValue
	paramsPath := c.String("params")
	if paramsPath != "" {
		known := map[string]bool{}
		for _, o := range opts {
			known[o.name] = o.multi
		}
		var err error
		if file, err = render.ReadParamsFile(paramsPath, known); err != nil {
			return nil, usageError("--params %v", err)
		}
	}
	s := &settings{byName: map[string]int{}}
	for _, o := range opts {
		st := setting{Name: o.name, Values: o.defaults, Multi: o.multi, Origin: "default", From: fromDefault}
		if fv, ok := file[o.name]; ok {
			st.Values, st.Origin, st.From = fileRelative(o.name, fv.Values, paramsPath), fmt.Sprintf("%s:%d:%d", paramsPath, fv.Line, fv.Col), fromParams
		}
		if v, ok := os.LookupEnv(envName(o.name)); ok {
			st.Values, st.Origin, st.From = envValues(v, o.multi), "environment "+envName(o.name), fromEnvironment
		}
		if c.IsSet(o.name) {
			st.Values, st.Origin, st.From = flagValues(c, o), "flag --"+o.name, fromFlag
		}
		s.byName[o.name] = len(s.list)
		s.list = append(s.list, st)
	}
	return s, nil
}

// envValues reads a list option's environment variable one item per line,
// so commands may contain commas.
func envValues(v string, multi bool) []string {
	if !multi {
		return []string{v}
	}
	var out []string
	for _, line := range strings.Split(v, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}

func flagValues(c *cli.Context, o option) []string {
	if o.multi {
		return c.StringSlice(o.name)
	}
	if o.boolean {
		return []string{strconv.FormatBool(c.Bool(o.name))}
	}
	return []string{c.String(o.name)}
}

// get returns a single-value option.
func (s *settings) get(name string) string {
	if v := s.list[s.byName[name]].Values; len(v) > 0 {
		return v[0]
	}
	return ""
}

// flag returns a yes/no option; a value that is not a boolean is a usage error.
func (s *settings) flag(name string) (bool, error) {
	st := s.list[s.byName[name]]
	v := s.get(name)
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, usageError("%s: %s %q: expected true or false", st.Origin, name, v)
	}
	return b, nil
}

// number returns a whole-number option; anything else is a usage error.
func (s *settings) number(name string) (int, error) {
	st := s.list[s.byName[name]]
	v := s.get(name)
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return 0, usageError("%s: %s %q: expected a whole number", st.Origin, name, v)
	}
	return n, nil
}

// count reads a count of 1 to most. Params turns a count of 0 into its
// default, so a 0 the user gave is refused here, where its origin is known
// (review m4: --traffic-errors-threshold 0 became 1 without a word).
func (s *settings) count(name string, most int) (int, error) {
	n, err := s.number(name)
	if err == nil && (n < 1 || n > most) {
		st := s.list[s.byName[name]]
		return 0, usageError("%s: %s %q: a count of 1 to %d", st.Origin, name, s.get(name), most)
	}
	return n, err
}

// list returns a list option's items.
func (s *settings) items(name string) []string { return s.list[s.byName[name]].Values }

func (s *settings) set(name, value, origin string, from valueSource) {
	st := &s.list[s.byName[name]]
	st.Values, st.Origin, st.From = []string{value}, origin, from
}

// print writes one line per option: name, value, origin.
func (s *settings) print(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "OPTION\tVALUE\tFROM")
	for _, st := range s.list {
		value := strings.Join(st.Values, ", ")
		if st.Multi && len(st.Values) > 0 {
			value = "[" + value + "]"
		}
		if value == "" {
			value = "(unset)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", st.Name, value, st.Origin)
	}
	tw.Flush()
}

// withOrigins rewrites each bad value of err to name where it came from
// when that is not a flag: a params file's line, a PIPEGEN_* variable,
// .chalice/config.json's app_name; and how to fix it there.
func withOrigins(err error, opts *settings) error {
	var errs render.InputErrors
	if !errors.As(err, &errs) {
		return err
	}
	msgs := make([]string, len(errs))
	for i, e := range errs {
		msgs[i] = describeBadValue(e, opts.setting(e.Flag))
	}
	return errors.New(strings.Join(msgs, "\n"))
}

// describeBadValue is one bad value, named by its origin.
func describeBadValue(e *render.InputError, st setting) string {
	value := e.Error()[len("--"+e.Flag)+1:] // the quoted value and the rule
	switch st.From {
	case fromChaliceConfig:
		return fmt.Sprintf("%s: app_name %s; change app_name there, or pass --%s", st.Origin, value, e.Flag)
	case fromEnvironment:
		return fmt.Sprintf("%s %s; change the variable or unset it (it sets --%s)", st.Origin, value, e.Flag)
	case fromParams:
		return fmt.Sprintf("%s: %s %s; change it in the file, or pass --%s", st.Origin, e.Flag, value, e.Flag)
	}
	return e.Error()
}

// setting is an option's value and where it came from (the zero setting,
// from its default, for no such option).
func (s *settings) setting(name string) setting {
	i, ok := s.byName[name]
	if !ok {
		return setting{}
	}
	return s.list[i]
}

// pathOptions are the options that name files or folders on this machine.
var pathOptions = map[string]bool{"project-dir": true, "templates": true, "buildspec-file": true}

// fileRelative resolves a params file's relative paths against the file's
// folder, as most tools do, so the file works from any working directory.
func fileRelative(name string, values []string, paramsPath string) []string {
	if !pathOptions[name] {
		return values
	}
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = v
		if v != "" && v != "-" && !filepath.IsAbs(v) {
			out[i] = filepath.Join(filepath.Dir(paramsPath), v)
		}
	}
	return out
}
