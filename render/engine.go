package render

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig/v3"
)

// maxIncludeDepth stops a template that includes itself.
const maxIncludeDepth = 100

// Engine renders a folder of templates. Files named *.tmpl are templates;
// those whose name starts with "_" are partials: parsed, available to
// include, never rendered on their own.
type Engine struct {
	Files fs.FS
}

// Render executes the template file name with data and returns its text.
// Missing map keys and unknown fields are errors, not empty strings.
func (e Engine) Render(name string, data any) (out string, err error) {
	t, err := e.parse()
	if err != nil {
		return "", err
	}
	if t.Lookup(name) == nil {
		return "", fmt.Errorf("template %s not found; have %s", name, strings.Join(e.names(t), ", "))
	}
	defer func() {
		// A template function that panics must not take the process down.
		if r := recover(); r != nil {
			out, err = "", fmt.Errorf("render %s: %v", name, r)
		}
	}()
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, data); err != nil {
		return "", reshape(err)
	}
	return buf.String(), nil
}

func (e Engine) parse() (*template.Template, error) {
	files, err := fs.Glob(e.Files, "*.tmpl")
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, errors.New("no *.tmpl files in the template folder")
	}
	sort.Strings(files)
	t := template.New("").Option("missingkey=error")
	t.Funcs(funcMap(t))
	for _, f := range files {
		text, err := fs.ReadFile(e.Files, f)
		if err != nil {
			return nil, err
		}
		if _, err := t.New(path.Base(f)).Parse(string(text)); err != nil {
			return nil, reshape(err)
		}
	}
	return t, nil
}

// names lists the renderable templates (partials left out).
func (e Engine) names(t *template.Template) []string {
	var out []string
	for _, tt := range t.Templates() {
		if n := tt.Name(); strings.HasSuffix(n, ".tmpl") && !strings.HasPrefix(n, "_") {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

var templateLoc = regexp.MustCompile(`template: ([^:\s]+):(\d+)(?::(\d+))?: (?:executing "[^"]*" at <([^>]*)>: )?`)

// reshape turns text/template's errors into FILE:LINE[:COL]: message. An
// error inside an included template is reported where it happened, with
// the include that led there.
func reshape(err error) error {
	text := err.Error()
	locs := templateLoc.FindAllStringSubmatchIndex(text, -1)
	if locs == nil {
		return err
	}
	last := locs[len(locs)-1]
	m := func(loc []int, i int) string {
		if loc[2*i] < 0 {
			return ""
		}
		return text[loc[2*i]:loc[2*i+1]]
	}
	where := m(last, 1) + ":" + m(last, 2)
	if col, err := strconv.Atoi(m(last, 3)); err == nil {
		where += ":" + strconv.Itoa(col+1) // text/template counts columns from 0
	}
	msg := text[last[1]:]
	if at := m(last, 4); at != "" {
		msg = at + ": " + msg
	}
	if len(locs) > 1 {
		msg += " (included from " + m(locs[0], 1) + ":" + m(locs[0], 2) + ")"
	}
	return &TemplateError{Location: where, Message: msg}
}

// TemplateError is a parse or execution error in a template file.
type TemplateError struct {
	Location string // file:line[:col]
	Message  string
}

func (e *TemplateError) Error() string { return e.Location + ": template error: " + e.Message }

// funcMap is sprig's functions without those that read the environment or
// the network, plus pipegen's own.
func funcMap(t *template.Template) template.FuncMap {
	fm := sprig.TxtFuncMap()
	for _, unsafe := range []string{"env", "expandenv", "getHostByName"} {
		delete(fm, unsafe)
	}
	for name, fn := range ownFuncs() {
		fm[name] = fn
	}
	depth := 0
	fm["include"] = func(name string, data any) (string, error) {
		if depth >= maxIncludeDepth {
			return "", fmt.Errorf("include %s: nested more than %d deep", name, maxIncludeDepth)
		}
		depth++
		defer func() { depth-- }()
		var buf bytes.Buffer
		if err := t.ExecuteTemplate(&buf, name, data); err != nil {
			return "", err
		}
		return buf.String(), nil
	}
	return fm
}
