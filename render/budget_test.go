package render

import (
	"io/fs"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"text/template"
	"time"

	"github.com/pipegen/pipegen/tmpl"
)

// fanOut defines a0 ... aN, each including the one before twice: aN makes
// 2^N copies of "x".
func fanOut(n int) string {
	var b strings.Builder
	b.WriteString(`{{ define "a0" }}x{{ end }}`)
	for i := 1; i <= n; i++ {
		b.WriteString(`{{ define "a` + itoa(i) + `" }}{{ include "a` + itoa(i-1) + `" . }}{{ include "a` + itoa(i-1) + `" . }}{{ end }}`)
	}
	b.WriteString(`{{ include "a` + itoa(n) + `" . }}`)
	return b.String()
}

func itoa(i int) string { return strconv.Itoa(i) }

// Every hostile template ends in an error that names the template, within
// the limits, instead of running for hours or exhausting memory.
func TestTemplatesAreBounded(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"exponential include fan-out", fanOut(60), "rendering took longer than"},
		{"100 MB of output", `{{ range until 100000 }}{{ repeat 1000 "x" }}{{ end }}`, "a.tmpl: template error: rendering would make more than"},
		{"a gigabyte repeat", `{{ repeat 1000000000 "x" }}`, "a.tmpl:1:4: template error: repeat"},
		{"a gigabyte indent", `{{ indent 1000000000 "x" }}`, "error calling indent: rendering would make more than"},
		{"a gigabyte printf width", `{{ printf "%0999999999d" 1 }}`, "error calling printf: rendering would make more than"},
		{"a star width", `{{ printf "%*d" 1000000000 1 }}`, "error calling printf"},
		{"a billion-item list", `{{ until 1000000000 }}`, "error calling until"},
		{"untilStep", `{{ untilStep 0 9000000000000000000 1 }}`, "error calling untilStep"},
		{"seq", `{{ seq 1 1000000000 }}`, "error calling seq"},
		{"replace around every rune", `{{ $s := repeat 10000 "x" }}{{ replace "" $s $s }}`, "error calling replace"},
		{"regexp references", `{{ $s := repeat 100000 "x" }}{{ regexReplaceAll "x" $s (repeat 200 "$0") }}`, "error calling regexReplaceAll"},
		{"doubling a list", `{{ $l := list 1 }}{{ range until 64 }}{{ $l = concat $l $l }}{{ end }}`, "error calling concat"},
		{"wrapWith", `{{ wrapWith 1 (repeat 100000 "-") (repeat 100000 "x") }}`, "error calling wrapWith"},
		{"random text", `{{ randAlpha 1000000000 }}`, "error calling randAlpha"},
		{"pretty JSON of a deep list", `{{ $l := list (repeat 100000 "x") }}{{ range until 90 }}{{ $l = list $l }}{{ end }}{{ toPrettyJson $l }}`, "error calling toPrettyJson"},
		{"nested loops calling functions", `{{ range until 100000 }}{{ range until 100000 }}{{ $x := add 1 1 }}{{ end }}{{ end }}`, "rendering took longer than"},
		{"nested loops calling nothing", `{{ $l := until 10000 }}{{ range $l }}{{ range $l }}{{ range $l }}{{ end }}{{ end }}{{ end }}`, "template error: rendering took longer than"},
		{"a private key", `{{ genPrivateKey "rsa" }}`, `function "genPrivateKey" not defined`},
		{"a join with a long separator", `{{ join (repeat 1000000 "-") (until 2000) }}`, "error calling join: rendering would make more than"},
		{"a quadratic uniq", `{{ uniq (until 100000) }}`, "error calling uniq"},
		{"a quadratic without", `{{ $l := until 100000 }}{{ without $l 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63 64 65 66 67 68 69 70 71 72 73 74 75 76 77 78 79 80 81 82 83 84 85 86 87 88 89 90 91 92 93 94 95 96 97 98 99 100 }}`, "error calling without"},
		{"a wide literal", `{{ literal 1000000000 "a\nb" }}`, "error calling literal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := fstest.MapFS{"a.tmpl": {Data: []byte(tt.text)}}
			// A case that must stop on size gets time enough even on a loaded
			// machine; the others stop on time.
			limit := 200 * time.Millisecond
			if !strings.Contains(tt.want, "took longer") {
				limit = time.Minute
			}
			eng := Engine{Files: files, Limits: Limits{Time: limit, Bytes: 16 << 20}}
			_, err := eng.Render("a.tmpl", mustPipeline(t, validParams()))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error containing %q", err, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "a.tmpl") && !strings.HasPrefix(err.Error(), "_") {
				t.Errorf("the error does not name the template: %v", err)
			}
		})
	}
}

// The limits leave the built-in templates ample room: the largest pipeline
// renders in a quarter of the default size budget.
func TestBuiltinTemplatesFitTheLimits(t *testing.T) {
	p := Params{
		AppName: "helloworld", Stages: manyStages(4), ApprovalBefore: []string{"s2"},
		TestCommands: []string{"pytest"}, TestReports: "reports/*.xml", IntegrationTestCommands: []string{"pytest it"},
		NotifyEmails: []string{"team@example.com"}, CreateKMSKey: true, EdgeDomains: true,
	}.WithDefaults()
	data, _, err := newPipeline(p)
	if err != nil {
		t.Fatal(err)
	}
	eng := Engine{Files: tmpl.FS(), Limits: Limits{Time: DefaultLimits.Time, Bytes: DefaultLimits.Bytes / 4}}.shared()
	for _, name := range []string{BuildspecTemplate, TestBuildspecTemplate, IntegrationBuildspecTemplate, ResetBuildspecTemplate, PipelineTemplate} {
		if _, err := eng.Render(name, data); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
}

// A render that ran out of time stops, even in loops that neither write
// nor call a function: no template loop keeps running after the error. (A
// single long function call cannot be interrupted: its cost is bounded
// before it starts instead, boundedfuncs.go; the CLI exits after the error
// anyway.)
func TestTimedOutRenderStops(t *testing.T) {
	before := runtime.NumGoroutine()
	files := fstest.MapFS{"a.tmpl": {Data: []byte(`{{ $l := until 10000 }}{{ range $l }}{{ range $l }}{{ range $l }}{{ end }}{{ end }}{{ end }}`)}}
	_, err := Engine{Files: files, Limits: Limits{Time: 50 * time.Millisecond, Bytes: 1 << 20}}.Render("a.tmpl", nil)
	if err == nil {
		t.Fatal("want a time limit error")
	}
	for wait := 0; runtime.NumGoroutine() > before; wait++ {
		if wait == 200 {
			t.Fatalf("%d goroutines still running after the render gave up, %d before", runtime.NumGoroutine(), before)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestTemplateFilesThatAreNotFiles(t *testing.T) {
	tests := []struct {
		name string
		file *fstest.MapFile
		want string
	}{
		{"a FIFO", &fstest.MapFile{Mode: fs.ModeNamedPipe}, "_pipe.tmpl: not a regular file"},
		{"a device", &fstest.MapFile{Mode: fs.ModeDevice | fs.ModeCharDevice}, "_pipe.tmpl: not a regular file"},
		{"over a megabyte", &fstest.MapFile{Data: make([]byte, MaxTemplateFile+1)}, "_pipe.tmpl: 1048577 bytes, over the 1048576"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := fstest.MapFS{"a.tmpl": {Data: []byte("x")}, "_pipe.tmpl": tt.file}
			_, err := Engine{Files: files}.Render("a.tmpl", nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
}

// FuzzEngine runs arbitrary template text: rendering never panics, and
// what it returns stays within the size limit.
func FuzzEngine(f *testing.F) {
	for _, seed := range []string{
		`{{ str .AppName }}`, fanOut(40), `{{ repeat 1000000000 "x" }}`, `{{ printf "%0999999999d" 1 }}`,
		`{{ range until 100 }}{{ indent 100000 "x\ny" }}{{ end }}`, `{{ $l := list 1 }}{{ range until 64 }}{{ $l = concat $l $l }}{{ end }}`,
		`{{ toPrettyJson (fromJson "[[[[[[1]]]]]]") }}`, `{{ regexReplaceAll "" "abc" "$0$0" }}`, `{{ seq 5 -1 1 }}{{ untilStep 10 0 -3 }}`,
	} {
		f.Add(seed)
	}
	data := &Pipeline{Params: Params{AppName: "helloworld"}}
	f.Fuzz(func(t *testing.T, text string) {
		files := fstest.MapFS{"a.tmpl": {Data: []byte(text)}}
		limits := Limits{Time: 50 * time.Millisecond, Bytes: 1 << 20}
		out, err := Engine{Files: files, Limits: limits}.Render("a.tmpl", data)
		if err == nil && int64(len(out)) > limits.Bytes {
			t.Fatalf("%d bytes rendered, over the %d limit", len(out), limits.Bytes)
		}
	})
}

// TestEveryFunctionIsBounded: every function a template may call has a
// bound (a growth or a multiplier), so a function sprig adds cannot run
// outside the budget; and one without a bound is refused when called.
func TestEveryFunctionIsBounded(t *testing.T) {
	b := &budget{}
	for name := range funcMap(template.New("t"), b) {
		_, grows := growths[name]
		_, multiplies := multipliers[name]
		if !grows && !multiplies && name != "include" && name != tickFunc {
			t.Errorf("%s has no bound: add it to growths or multipliers in boundedfuncs.go", name)
		}
	}
	if got := resultBound("unclassified", nil, 100); got <= 100 {
		t.Errorf("a function without a bound may make %d bytes of 100", got)
	}
}

// sizeless reports every file's size as 0, as /proc files do, or as a
// file that grew after its stat would.
type sizeless struct{ fstest.MapFS }

type sizelessInfo struct{ fs.FileInfo }

func (sizelessInfo) Size() int64 { return 0 }

func (s sizeless) Stat(name string) (fs.FileInfo, error) {
	info, err := s.MapFS.Stat(name)
	if err != nil {
		return nil, err
	}
	return sizelessInfo{info}, nil
}

// TestTemplateFolderIsBounded: a folder of too many files, or of too many
// bytes, is refused before it is all read, and a file is read no further
// than the limit whatever size it claims (review M4).
func TestTemplateFolderIsBounded(t *testing.T) {
	many := fstest.MapFS{}
	for i := 0; i <= MaxTemplateFiles; i++ {
		many["_"+itoa(i)+".tmpl"] = &fstest.MapFile{Data: []byte("x")}
	}
	large := fstest.MapFS{}
	for i := 0; i < 5; i++ {
		large["_"+itoa(i)+".tmpl"] = &fstest.MapFile{Data: make([]byte, MaxTemplateFile)}
	}
	lying := sizeless{fstest.MapFS{"_big.tmpl": {Data: make([]byte, MaxTemplateFile+1)}}}
	tests := []struct {
		name  string
		files fs.FS
		want  string
	}{
		{"65 files", many, "the template folder has 65 *.tmpl files, over the 64 pipegen reads"},
		{"5 MB in all", large, "the template folder's *.tmpl files hold over 4194304 bytes, more than pipegen reads (at _4.tmpl)"},
		{"a file bigger than it says", lying, "_big.tmpl: over the 1048576 bytes pipegen reads of a template"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Engine{Files: tt.files}.Render("a.tmpl", nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
}
