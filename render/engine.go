package render

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"text/template"
	"text/template/parse"
	"time"

	"github.com/Masterminds/sprig/v3"
)

// maxIncludeDepth stops a template that includes itself.
const maxIncludeDepth = 100

// Engine renders a folder of templates. Files named *.tmpl are templates;
// those whose name starts with "_" are partials: parsed, available to
// include, never rendered on their own. Rendering is bounded by Limits.
type Engine struct {
	Files  fs.FS
	Limits Limits // zero: DefaultLimits

	budget *budget // shared by the renders of one generate, when set
	parsed *parsed // the folder parsed once for those renders, when set
}

// parsed is a template folder parsed once, whichever render asks first.
type parsed struct {
	once sync.Once
	t    *template.Template
	err  error
}

// MaxTemplateFile is the largest template file pipegen reads: the built-in
// ones are a few kilobytes, and CloudFormation takes 1 MB of output.
const MaxTemplateFile = 1 << 20

// MaxTemplateFiles and MaxTemplateFolder bound a template folder: the
// built-in one has a dozen files and 60 KB (review M4: 300 files of 1 MB
// took 15 s and 670 MB before any limit applied).
const (
	MaxTemplateFiles  = 64
	MaxTemplateFolder = 4 << 20
)

// shared returns e with one budget for all its renders: the limits then
// bound a whole generate, not each template. The folder is parsed once for
// them all (its functions close over that budget), not once per render.
func (e Engine) shared() Engine {
	e.budget = newBudget(e.limits())
	e.parsed = &parsed{}
	return e
}

func (e Engine) limits() Limits {
	if e.Limits == (Limits{}) {
		return DefaultLimits
	}
	return e.Limits
}

// Render executes the template file name with data and returns its text.
// Missing map keys and unknown fields are errors, not empty strings.
func (e Engine) Render(name string, data any) (string, error) {
	b := e.budget
	if b == nil {
		b = newBudget(e.limits())
	}
	var t *template.Template
	var err error
	if e.parsed != nil {
		e.parsed.once.Do(func() { e.parsed.t, e.parsed.err = e.parse(b) })
		t, err = e.parsed.t, e.parsed.err
	} else {
		t, err = e.parse(b)
	}
	if err != nil {
		return "", err
	}
	if t.Lookup(name) == nil {
		return "", fmt.Errorf("template %s not found; have %s", name, strings.Join(e.names(t), ", "))
	}
	return execute(t, name, data, b)
}

type rendered struct {
	text string
	err  error
}

// execute runs the template in a goroutine and gives up at the deadline. A
// template stops at its next function call or write once the time is up;
// one that loops without either is abandoned, and the process ends soon
// after with the error.
func execute(t *template.Template, name string, data any, b *budget) (string, error) {
	done := make(chan rendered, 1)
	go func() {
		defer func() {
			// A template function that panics must not take the process down.
			if r := recover(); r != nil {
				done <- rendered{err: fmt.Errorf("render %s: %v", name, r)}
			}
		}()
		w := &budgetWriter{b: b}
		err := t.ExecuteTemplate(w, name, data)
		done <- rendered{string(w.buf), err}
	}()
	timer := time.NewTimer(time.Until(b.deadline))
	defer timer.Stop()
	select {
	case r := <-done:
		if r.err != nil {
			return "", limitOrReshape(name, r.err)
		}
		return r.text, nil
	case <-timer.C:
		b.stopped.Store(true)
		return "", &TemplateError{Location: name, Message: b.timeUp().Error()}
	}
}

// limitOrReshape names the template when a limit stopped a write, which
// text/template reports without a location.
func limitOrReshape(name string, err error) error {
	var limit *LimitError
	if errors.As(err, &limit) && !templateLoc.MatchString(err.Error()) {
		return &TemplateError{Location: name, Message: limit.Error()}
	}
	err = reshape(err)
	var te *TemplateError
	if errors.As(err, &te) {
		// The hidden clock of a loop says where the loop is; its name means nothing to a user.
		te.Message = strings.TrimPrefix(te.Message, tickFunc+": error calling "+tickFunc+": ")
	}
	return err
}

func (e Engine) parse(b *budget) (*template.Template, error) {
	files, err := fs.Glob(e.Files, "*.tmpl")
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, errors.New("no *.tmpl files in the template folder")
	}
	if len(files) > MaxTemplateFiles {
		return nil, fmt.Errorf("the template folder has %d *.tmpl files, over the %d pipegen reads", len(files), MaxTemplateFiles)
	}
	sort.Strings(files)
	t := template.New("").Option("missingkey=error")
	t.Funcs(funcMap(t, b))
	total := 0
	for _, f := range files {
		text, err := readTemplate(e.Files, f)
		if err != nil {
			return nil, err
		}
		if total += len(text); total > MaxTemplateFolder {
			return nil, fmt.Errorf("the template folder's *.tmpl files hold over %d bytes, more than pipegen reads (at %s)", MaxTemplateFolder, f)
		}
		if _, err := t.New(path.Base(f)).Parse(string(text)); err != nil {
			return nil, reshape(err)
		}
	}
	for _, tt := range t.Templates() {
		if tt.Tree != nil {
			addTicks(tt.Tree.Root)
		}
	}
	return t, nil
}

// tickFunc is the hidden function addTicks calls.
const tickFunc = "pipegenTick"

// addTicks makes every template body and every range iteration call the
// budget's clock: a loop or a recursion that neither writes nor calls a
// function would otherwise never see its deadline, and would run on after
// the render gave up.
func addTicks(list *parse.ListNode) {
	if list == nil {
		return
	}
	for _, n := range list.Nodes {
		switch n := n.(type) {
		case *parse.IfNode:
			addTicks(n.List)
			addTicks(n.ElseList)
		case *parse.WithNode:
			addTicks(n.List)
			addTicks(n.ElseList)
		case *parse.RangeNode:
			addTicks(n.List)
			addTicks(n.ElseList)
		}
	}
	list.Nodes = append([]parse.Node{tickAction(list.Pos)}, list.Nodes...)
}

// tickAction is {{ pipegenTick }} at pos, which prints nothing.
func tickAction(pos parse.Pos) parse.Node {
	ident := &parse.IdentifierNode{NodeType: parse.NodeIdentifier, Pos: pos, Ident: tickFunc}
	cmd := &parse.CommandNode{NodeType: parse.NodeCommand, Pos: pos, Args: []parse.Node{ident}}
	pipe := &parse.PipeNode{NodeType: parse.NodePipe, Pos: pos, Cmds: []*parse.CommandNode{cmd}}
	return &parse.ActionNode{NodeType: parse.NodeAction, Pos: pos, Pipe: pipe}
}

// readTemplate reads a template file, refusing what is not a regular file
// (a FIFO would block forever, a device never end) and what is too large.
func readTemplate(files fs.FS, name string) ([]byte, error) {
	info, err := fs.Stat(files, name)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file (%s): a template is a file", name, info.Mode().Type())
	}
	if info.Size() > MaxTemplateFile {
		return nil, fmt.Errorf("%s: %d bytes, over the %d pipegen reads of a template", name, info.Size(), MaxTemplateFile)
	}
	f, err := files.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	text, over, err := readAtMost(f, MaxTemplateFile)
	if err != nil {
		return nil, err
	}
	if over {
		return nil, fmt.Errorf("%s: over the %d bytes pipegen reads of a template", name, MaxTemplateFile)
	}
	return text, nil
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
// the network or make secrets, plus pipegen's own, every one bounded by
// the budget (render/boundedfuncs.go).
func funcMap(t *template.Template, b *budget) template.FuncMap {
	fm := sprig.TxtFuncMap()
	for _, name := range withheld {
		delete(fm, name)
	}
	for name, fn := range ownFuncs() {
		fm[name] = fn
	}
	// text/template's own printers, bounded like the rest (a FuncMap entry
	// takes precedence over a builtin of the same name).
	fm["print"], fm["printf"], fm["println"] = fmt.Sprint, fmt.Sprintf, fmt.Sprintln
	fm["html"], fm["js"], fm["urlquery"] = template.HTMLEscaper, template.JSEscaper, template.URLQueryEscaper
	fm = boundFuncs(fm, b)
	fm["include"] = boundedInclude(t, b)
	fm[tickFunc] = func() (string, error) { return "", b.tick() }
	return fm
}

// withheld are sprig's functions a template may not call: env, expandenv
// and getHostByName read the environment or the network; the others make
// keys, certificates and password hashes, secrets that have no place in a
// template written to disk, each costing up to seconds of CPU.
var withheld = []string{
	"env", "expandenv", "getHostByName",
	"genPrivateKey", "genCA", "genCAWithKey", "genSelfSignedCert", "genSelfSignedCertWithKey",
	"genSignedCert", "genSignedCertWithKey", "buildCustomCert", "derivePassword",
	"encryptAES", "decryptAES", "bcrypt", "htpasswd",
}
