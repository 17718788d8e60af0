package render

import (
	"errors"
	"io/fs"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/pipegen/pipegen/tmpl"
	"gopkg.in/yaml.v3"
)

func TestEngineErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"syntax error names file and line", map[string]string{"a.tmpl": "ok\n{{ if }}\n"}, "a.tmpl:2: template error: missing value for if"},
		{"missing field", map[string]string{"a.tmpl": "{{ .Nope }}"}, "a.tmpl:1:4: template error: .Nope: can't evaluate field Nope"},
		{"missing map key", map[string]string{"a.tmpl": "{{ .Constraints.Nope }}"}, `map has no entry for key "Nope"`},
		{"recursive include", map[string]string{"a.tmpl": `{{ define "loop" }}{{ include "loop" . }}{{ end }}{{ include "loop" . }}`}, "nested more than 100 deep"},
		{"unknown function", map[string]string{"a.tmpl": "{{ env \"HOME\" }}"}, `function "env" not defined`},
		{"no templates", map[string]string{"readme.md": "x"}, "no *.tmpl files"},
		{"missing template", map[string]string{"b.tmpl": "x"}, "template a.tmpl not found; have b.tmpl"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := fstest.MapFS{}
			for name, text := range tt.files {
				files[name] = &fstest.MapFile{Data: []byte(text)}
			}
			_, err := Engine{Files: files}.Render("a.tmpl", mustPipeline(t, validParams()))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got error %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestEngineRecoversFromPanics(t *testing.T) {
	files := fstest.MapFS{"a.tmpl": {Data: []byte(`{{ index .Deploys 5 }}`)}}
	_, err := Engine{Files: files}.Render("a.tmpl", mustPipeline(t, validParams()))
	if err == nil {
		t.Fatal("want an error for an index out of range")
	}
}

func TestRenderRejectsBadParamsBeforeRendering(t *testing.T) {
	_, err := Render(tmpl.FS(), Params{AppName: "bad name"}, testToday())
	var errs InputErrors
	if !errors.As(err, &errs) {
		t.Fatalf("want InputErrors, got %v", err)
	}
}

// FuzzRender feeds arbitrary values to every user-facing parameter: Render
// must never panic, and whatever it accepts must come out as YAML that keeps
// the values intact.
func FuzzRender(f *testing.F) {
	f.Add("helloworld", "main", "python3.12", "", "codecommit", "", "", "beta", "pytest -q")
	f.Add("my-app", "release/1.0", "3.13", "aws/codebuild/standard:7.0", "github", "octo", "repo", "prod:production", "")
	f.Add("x\"\ny: z", "a b", "python2.7", "img'", "github", "-", ":", "yes", "a\tb")
	f.Add("myapp\n", "main\u2028", "3.12", "", "", "", "", "null\n", "\x1b[2J")
	f.Fuzz(func(t *testing.T, app, branch, runtime, image, source, owner, repo, stage, command string) {
		p := Params{AppName: app, Branch: branch, Runtime: runtime, CodeBuildImage: image, Source: source,
			GitHub: GitHub{Owner: owner, Repo: repo}, Stages: []Stage{ParseStage(stage)}}
		if command != "" {
			p.TestCommands = []string{command}
		}
		out, err := Render(tmpl.FS(), p, testToday())
		if err != nil {
			return
		}
		var doc struct {
			Parameters map[string]struct {
				Default string `yaml:"Default"`
			} `yaml:"Parameters"`
		}
		if err := yaml.Unmarshal([]byte(out.Template), &doc); err != nil {
			t.Fatalf("accepted params produced unreadable YAML: %v", err)
		}
		if got := doc.Parameters["ApplicationName"].Default; got != app {
			t.Fatalf("ApplicationName default %q, want %q", got, app)
		}
	})
}

func mustPipeline(t *testing.T, p Params) *Pipeline {
	t.Helper()
	data, _, err := newPipeline(p.WithDefaults())
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// countingFS counts the opens of each file.
type countingFS struct {
	fs.FS
	mu    sync.Mutex
	reads map[string]int
}

func (c *countingFS) Open(name string) (fs.File, error) {
	c.mu.Lock()
	c.reads[name]++
	c.mu.Unlock()
	return c.FS.Open(name)
}

func (c *countingFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(c.FS, name) }

// TestRenderParsesTheFolderOnce: one generate renders up to five templates
// from one folder; the folder is read and parsed once for all of them.
func TestRenderParsesTheFolderOnce(t *testing.T) {
	files := &countingFS{FS: tmpl.FS(), reads: map[string]int{}}
	p := validParams()
	p.TestCommands = []string{"pytest"}
	p.IntegrationTestCommands = []string{"pytest tests/integration"}
	if _, err := Render(files, p, testToday()); err != nil {
		t.Fatal(err)
	}
	for name, n := range files.reads {
		if n != 1 {
			t.Errorf("%s read %d times, want once", name, n)
		}
	}
	if files.reads[PipelineTemplate] == 0 {
		t.Errorf("the pipeline template was never read: %v", files.reads)
	}
}
