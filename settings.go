package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/pipegen/pipegen/render"
	"github.com/urfave/cli/v2"
)

// setting is the effective value of one generate option and where it came from.
type setting struct {
	Name, Value, Origin string
}

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

// optionFlags are the generate flags a params file or the environment may set.
func optionFlags(c *cli.Context) []*cli.StringFlag {
	var out []*cli.StringFlag
	for _, f := range c.Command.Flags {
		if sf, ok := f.(*cli.StringFlag); ok && sf.Name != "params" {
			out = append(out, sf)
		}
	}
	return out
}

func resolveSettings(c *cli.Context) (*settings, error) {
	flags := optionFlags(c)
	var file map[string]render.FileValue
	paramsPath := c.String("params")
	if paramsPath != "" {
		names := make([]string, len(flags))
		for i, f := range flags {
			names[i] = f.Name
		}
		var err error
		if file, err = render.ReadParamsFile(paramsPath, names); err != nil {
			return nil, usageError("--params %v", err)
		}
	}
	s := &settings{byName: map[string]int{}}
	for _, f := range flags {
		st := setting{Name: f.Name, Value: f.Value, Origin: "default"}
		if fv, ok := file[f.Name]; ok {
			st.Value, st.Origin = fv.Value, fmt.Sprintf("%s:%d:%d", paramsPath, fv.Line, fv.Col)
		}
		if v, ok := os.LookupEnv(envName(f.Name)); ok {
			st.Value, st.Origin = v, "environment "+envName(f.Name)
		}
		if c.IsSet(f.Name) {
			st.Value, st.Origin = c.String(f.Name), "flag --"+f.Name
		}
		s.byName[f.Name] = len(s.list)
		s.list = append(s.list, st)
	}
	return s, nil
}

func (s *settings) get(name string) string { return s.list[s.byName[name]].Value }

func (s *settings) set(name, value, origin string) {
	s.list[s.byName[name]] = setting{Name: name, Value: value, Origin: origin}
}

// print writes one line per option: name, value, origin.
func (s *settings) print(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "OPTION\tVALUE\tFROM")
	for _, st := range s.list {
		value := st.Value
		if value == "" {
			value = "(unset)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", st.Name, value, st.Origin)
	}
	tw.Flush()
}
