package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pipegen/pipegen/render/lambdaruntime"
)

// writeFile creates a file (and its folders) for a test.
func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// listDir names every file under dir, to prove nothing was written.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, path)
			names = append(names, rel)
		}
		return nil
	})
	return names
}

func TestGenerateRejectsBadInput(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string) // prepares the project folder
		args  []string                       // OUT stands for the output path
		code  int
		want  string
	}{
		{"no output", nil, []string{}, 2, "exactly one OUTPUT"},
		{"two outputs", nil, []string{"OUT", "OUT2"}, 2, "exactly one OUTPUT"},
		{"unknown flag", nil, []string{"--nope", "OUT"}, 2, "unknown flag --nope"},
		{"mistyped flag", nil, []string{"--brnch", "dev", "OUT"}, 2, "unknown flag --brnch; did you mean --branch?"},
		{"flag after OUTPUT", nil, []string{"OUT", "--branch", "dev"}, 2, "flags go before OUTPUT: --branch comes after"},
		{"bad format", nil, []string{"--format", "xml", "OUT"}, 2, `--format "xml": expected yaml or json`},
		{"no chalice project", func(t *testing.T, dir string) {}, []string{"OUT"}, 2, ".chalice/config.json not found"},
		{"config not JSON", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, ".chalice/config.json"), "{\"app_name\": \"a\",\n  oops\n")
		}, []string{"OUT"}, 2, "not valid JSON"},
		{"config without app_name", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, ".chalice/config.json"), `{"version": "2.0"}`)
		}, []string{"OUT"}, 2, "has no app_name"},
		{"app_name not a string", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, ".chalice/config.json"), `{"app_name": 123}`)
		}, []string{"OUT"}, 2, "app_name must be a non-empty string"},
		{"line break in the chalice version", nil, []string{"--chalice-version", "chalice>=1.33\n", "OUT"}, 2, `--chalice-version "chalice>=1.33\n": holds the control character U+000A`},
		{"line break in the app name", nil, []string{"--app-name", "myapp\n", "OUT"}, 2, `--app-name "myapp\n": holds the control character U+000A`},
		{"app name AWS refuses", nil, []string{"--app-name", "my_app", "OUT"}, 2, `--app-name "my_app": letters, digits and hyphens`},
		{"unsupported runtime", nil, []string{"--runtime", "python3.9", "OUT"}, 2, "supported: python3.10, python3.11, python3.12, python3.13, python3.14"},
		{"bad branch", nil, []string{"--branch", "feature branch", "OUT"}, 2, `--branch "feature branch"`},
		{"bad repo name", nil, []string{"--repo-name", "app.git", "OUT"}, 2, "cannot end in .git"},
		{"github without repo", nil, []string{"-s", "github", "--github-owner", "o", "OUT"}, 2, "needs --github-owner and --github-repo"},
		{"unknown source", nil, []string{"-s", "bitbucket", "OUT"}, 2, "expected codecommit, github or connection"},
		{"bad image", nil, []string{"-i", "my image", "OUT"}, 2, "container image"},
		{"chalice version injection", nil, []string{"--chalice-version", "chalice' && curl x '", "OUT"}, 2, "pip requirement"},
		{"output folder missing", nil, []string{"MISSING/pipeline.yml"}, 2, "does not exist: nothing was written"},
		{"output is a folder", nil, []string{"."}, 2, "it is a folder"},
		{"buildspec to stdout", nil, []string{"-b", "-", "OUT"}, 2, "--buildspec-file needs a file path"},
		{"buildspec same as output", nil, []string{"-b", "OUT", "OUT"}, 2, "name the same file"},
		{"dump-rendered to standard output", nil, []string{"--dump-rendered", "-", "OUT"}, 2, "--dump-rendered needs a file path"},
		{"dump-rendered over OUTPUT", nil, []string{"--dump-rendered", "OUT", "OUT"}, 2, "names OUTPUT or the buildspec"},
		{"dump-rendered over the buildspec", nil, []string{"-b", "OUT2", "--dump-rendered", "OUT2", "OUT"}, 2, "names OUTPUT or the buildspec"},
		{"dump-rendered with check", nil, []string{"--check", "--dump-rendered", "OUT2", "OUT"}, 2, "--check writes nothing"},
		{"a threshold of 0", nil, []string{"--traffic", "beta=AllAtOnce", "--traffic-errors-threshold", "0", "OUT"}, 2, `flag --traffic-errors-threshold: traffic-errors-threshold "0": a count of 1 to 1000000`},
		{"a threshold of 0 in a params file", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, ".chalice/config.json"), `{"app_name": "helloworld"}`)
			writeFile(t, filepath.Join(dir, "p.yml"), "traffic: [beta=AllAtOnce]\ntraffic-5xx-threshold: 0\n")
		}, []string{"--params", "p.yml", "OUT"}, 2, `p.yml:2:24: traffic-5xx-threshold "0": a count of 1 to 1000000`},
		{"templates folder missing", nil, []string{"--templates", "nope", "OUT"}, 2, "--templates"},
		{"template syntax error", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, ".chalice/config.json"), `{"app_name": "helloworld"}`)
			writeFile(t, filepath.Join(dir, "tmpl/_bucket.tmpl"), "{{ define \"bucket\" }}\n  {{ if }}\n{{ end }}")
		}, []string{"--templates", "tmpl", "OUT"}, 2, "_bucket.tmpl:2: template error"},
		{"template writes 100 MB", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, ".chalice/config.json"), `{"app_name": "helloworld"}`)
			writeFile(t, filepath.Join(dir, "tmpl/_bucket.tmpl"), "{{ define \"bucket\" }}\n{{ range until 100000 }}"+strings.Repeat("x", 1000)+"{{ end }}\n{{ end }}")
		}, []string{"--templates", "tmpl", "OUT"}, 2, `error calling include: in _bucket.tmpl (template "bucket"): rendering would make more than 16777216 bytes`},
		{"template renders invalid CloudFormation", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, ".chalice/config.json"), `{"app_name": "helloworld"}`)
			writeFile(t, filepath.Join(dir, "tmpl/_bucket.tmpl"), "{{ define \"bucket\" }}\n  {{ .id }}:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketNam: x\n{{- end }}")
		}, []string{"--templates", "tmpl", "OUT"}, 1, "error E3002 Resources/ApplicationBucket/Properties/BucketNam: unknown property BucketNam (did you mean BucketName?) (from template _bucket.tmpl:5)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.setup == nil {
				writeFile(t, filepath.Join(dir, ".chalice/config.json"), `{"app_name": "helloworld"}`)
			} else {
				tt.setup(t, dir)
			}
			existing := filepath.Join(dir, "OUT")
			writeFile(t, existing, "keep me")
			before := listDir(t, dir)
			args := []string{"generate", "--project-dir", dir}
			for _, a := range tt.args {
				switch {
				case a == "OUT" || a == "OUT2" || strings.HasPrefix(a, "MISSING/"):
					a = filepath.Join(dir, a)
				case a == "." || a == "tmpl" || a == "nope" || a == "p.yml":
					a = filepath.Join(dir, a)
				}
				args = append(args, a)
			}
			code, stdout, stderr := pipegen(t, args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstderr: %s", code, tt.code, stderr)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Fatalf("stderr does not say %q:\n%s", tt.want, stderr)
			}
			if stdout != "" {
				t.Errorf("nothing should go to stdout, got %q", stdout)
			}
			if after := listDir(t, dir); strings.Join(after, ",") != strings.Join(before, ",") {
				t.Errorf("files changed: before %v, after %v", before, after)
			}
			if data, _ := os.ReadFile(existing); string(data) != "keep me" {
				t.Errorf("the existing output was modified: %q", data)
			}
		})
	}
}

func TestGenerateToStdout(t *testing.T) {
	code, stdout, stderr := pipegen(t, "generate", "--project-dir", "testdata/app", "-")
	if code != 0 || !strings.Contains(stdout, "AWS::CodePipeline::Pipeline") {
		t.Fatalf("exit %d, stderr %s, stdout %.200s", code, stderr, stdout)
	}
}

func TestGenerateOverwritesAtomically(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "pipeline.yml")
	writeFile(t, out, "old")
	if code, _, stderr := pipegen(t, "generate", "--app-name", "demo", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if files := listDir(t, dir); len(files) != 1 {
		t.Fatalf("temporary files left behind: %v", files)
	}
	data, _ := os.ReadFile(out)
	if !strings.Contains(string(data), `Default: "demo"`) {
		t.Fatalf("output not replaced: %.200s", data)
	}
}

func TestVersion(t *testing.T) {
	code, stdout, _ := pipegen(t, "--version")
	if code != 0 || !strings.Contains(stdout, "github.com/aws-cloudformation/rain v1.24.4") {
		t.Fatalf("exit %d, version %q", code, stdout)
	}
}

func TestValidateCommand(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	bad := filepath.Join(dir, "sub", "bad.yml")
	writeFile(t, good, "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n")
	writeFile(t, bad, "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicNam: x\n")
	if code, out, stderr := pipegen(t, "validate", good); code != 0 || out != "" {
		t.Fatalf("good file: exit %d, out %q, err %q", code, out, stderr)
	}
	code, out, stderr := pipegen(t, "validate", dir)
	if code != 1 || !strings.Contains(out, "bad.yml:5:7: error E3002 Resources/Topic/Properties/TopicNam: unknown property TopicNam (did you mean TopicName?)") {
		t.Fatalf("folder: exit %d, out %q", code, out)
	}
	if !strings.Contains(stderr, "2 file(s) checked: 1 error(s)") {
		t.Fatalf("summary missing: %q", stderr)
	}
	if code, _, stderr := pipegen(t, "validate", filepath.Join(dir, "missing.yaml")); code != 2 || !strings.Contains(stderr, "no such file") {
		t.Fatalf("missing file: exit %d, %q", code, stderr)
	}
	if code, _, _ := pipegen(t, "validate"); code != 2 {
		t.Fatalf("no path: exit %d", code)
	}
}

func TestBuildspecFileLocation(t *testing.T) {
	project := t.TempDir()
	writeFile(t, filepath.Join(project, ".chalice/config.json"), `{"app_name": "demo"}`)
	tests := []struct {
		buildspec, want, note string
	}{
		{filepath.Join(project, "buildspec.yml"), "", ""},
		{filepath.Join(project, "ci", "build.yml"), `BuildSpec: "ci/build.yml"`, ""},
		{filepath.Join(t.TempDir(), "buildspec.yml"), "", "is outside --project-dir"},
	}
	for _, tt := range tests {
		os.MkdirAll(filepath.Dir(tt.buildspec), 0o755)
		out := filepath.Join(t.TempDir(), "pipeline.yml")
		code, _, stderr := pipegen(t, "generate", "--project-dir", project, "-b", tt.buildspec, out)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		data, _ := os.ReadFile(out)
		// The packaging project comes first; the stack reset's buildspec is always inline.
		pkg, _, _ := strings.Cut(string(data), "  AppPipeline:")
		if got := strings.Contains(pkg, "BuildSpec:"); got != (tt.want != "") || !strings.Contains(pkg, tt.want) {
			t.Errorf("-b %s: template BuildSpec line wrong (want %q)", tt.buildspec, tt.want)
		}
		if !strings.Contains(stderr, tt.note) || (tt.note == "" && stderr != "") {
			t.Errorf("-b %s: stderr %q, want note %q", tt.buildspec, stderr, tt.note)
		}
		if _, err := os.Stat(tt.buildspec); err != nil {
			t.Errorf("buildspec not written: %v", err)
		}
	}
}

func TestGitHubSourceWarnsOfDeprecation(t *testing.T) {
	out := filepath.Join(t.TempDir(), "pipeline.yml")
	code, _, stderr := pipegen(t, "generate", "--app-name", "demo", "-s", "github", "--github-owner", "o", "--github-repo", "r", out)
	if code != 0 || !strings.Contains(stderr, "AWS deprecates; prefer --source connection") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
}

// TestGenerateRefusesRetiredRuntime: once Lambda blocks creating functions
// with a runtime, the pipeline's first deployment would fail, so generate
// refuses it as a usage error naming the date and the runtime to use.
func TestGenerateRefusesRetiredRuntime(t *testing.T) {
	out := filepath.Join(t.TempDir(), "pipeline.yml")
	blocked := time.Date(2027, 2, 1, 8, 0, 0, 0, time.UTC) // python3.10's create-block day
	code, stdout, stderr := pipegenAt(t, blocked, "generate", "--app-name", "demo", "--runtime", "python3.10", out)
	want := `pipegen: --runtime "python3.10": Lambda has blocked creating functions with python3.10 since 2027-02-01 (updates are blocked from 2027-03-03), so the app's stack could not deploy; use --runtime python3.14` + "\n"
	if code != 2 || stdout != "" || stderr != want {
		t.Fatalf("exit %d, stdout %q\nstderr %q\nwant   %q", code, stdout, stderr, want)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("%s was written (stat: %v)", out, err)
	}
}

// TestGenerateWarnsOfDeprecatedRuntime: a deprecated runtime that Lambda
// still creates functions with is generated, with a warning on stderr; a
// runtime with years left gets none.
func TestGenerateWarnsOfDeprecatedRuntime(t *testing.T) {
	code, stdout, stderr := pipegen(t, "generate", "--app-name", "demo", "--runtime", "3.10", "-")
	want := "pipegen: warning: --runtime python3.10: Lambda deprecated python3.10 on 2026-10-31 (no more security patches) and blocks creating functions with it from 2027-02-01 and updating them from 2027-03-03; move to --runtime python3.14 before then\n"
	if code != 0 || stderr != want || !strings.Contains(stdout, `python: "3.10"`) {
		t.Fatalf("exit %d\nstderr %q\nwant   %q\nstdout has python 3.10: %v", code, stderr, want, strings.Contains(stdout, `python: "3.10"`))
	}
	if code, _, stderr := pipegen(t, "generate", "--app-name", "demo", "--runtime", "python3.13", "-"); code != 0 || stderr != "" {
		t.Errorf("python3.13: exit %d, stderr %q; want no warning", code, stderr)
	}
}

// TestReadmeRuntimeDates keeps the dates README.md shows under "Runtimes
// and images" equal to render/lambdaruntime's table, the one generate and
// validate read.
func TestReadmeRuntimeDates(t *testing.T) {
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := 0
	for _, line := range strings.Split(string(data), "\n") {
		cells := strings.Split(line, " | ")
		if len(cells) != 4 || !strings.HasPrefix(line, "| `python") {
			continue
		}
		rows++
		for _, name := range strings.Split(cells[0][2:], ", ") {
			name = strings.Trim(name, "`")
			l, ok := lambdaruntime.Lookup(name)
			got := cells[1] + " " + cells[2] + " " + strings.TrimSuffix(cells[3], " |")
			want := lambdaruntime.Date(l.Deprecated) + " " + lambdaruntime.Date(l.CreateBlocked) + " " + lambdaruntime.Date(l.UpdateBlocked)
			if !ok || got != want {
				t.Errorf("README.md: %s %s; render/lambdaruntime: %s (known: %v)", name, got, want, ok)
			}
		}
	}
	if rows == 0 {
		t.Error("README.md has no runtime date rows")
	}
}

// YAML 1.1 words are fine stage names once quoted: they stay strings even
// in JSON output, and null is a stage like any other.
func TestYAML11WordsAsStages(t *testing.T) {
	code, stdout, stderr := pipegen(t, "generate", "--app-name", "demo", "--format", "json",
		"--stage", "yes", "--stage", "on", "--stage", "true", "--stage", "null", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Resources struct {
			AppPipeline struct {
				Properties struct {
					Stages []struct{ Name any }
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatal(err)
	}
	var names []any
	for _, s := range doc.Resources.AppPipeline.Properties.Stages {
		names = append(names, s.Name)
	}
	want := []any{"Source", "Build", "Yes", "On", "True", "Null"}
	if !reflect.DeepEqual(names, want) {
		t.Fatalf("stage names %#v, want %#v", names, want)
	}
}

// A mistyped command or flag gets the nearest one; help works as a command.
func TestHelpAndSuggestions(t *testing.T) {
	tests := []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{[]string{"genrate"}, 2, "", `unknown command "genrate"; did you mean "generate"?`},
		{[]string{"validat", "x"}, 2, "", `did you mean "validate"?`},
		{[]string{"help"}, 0, "COMMANDS:", ""},
		{[]string{"help", "generate"}, 0, "pipegen generate --stage beta --stage prod --traffic", ""},
		{[]string{"generate", "--help"}, 0, "[$PIPEGEN_BRANCH]", ""},
		{[]string{"help", "validate"}, 0, "pipegen validate --format sarif --output-file pipegen.sarif infra/", ""},
		{[]string{"help", "templates"}, 0, "pipegen templates export ./pipeline-templates", ""},
		{[]string{"completion", "bash"}, 0, "complete -o bashdefault -o default -F _pipegen_complete pipegen", ""},
		{[]string{"completion", "zsh"}, 0, "bashcompinit", ""},
		{[]string{"completion", "fish"}, 0, "complete -c pipegen -n '__fish_seen_subcommand_from generate' -l branch -d 'branch the pipeline builds", ""},
		{[]string{"completion", "fishh"}, 2, "", `did you mean "fish"?`},
	}
	for _, tt := range tests {
		code, stdout, stderr := pipegen(t, tt.args...)
		if code != tt.code || !strings.Contains(stdout, tt.stdout) || !strings.Contains(stderr, tt.stderr) {
			t.Errorf("%v: exit %d\nstdout: %.300s\nstderr: %s", tt.args, code, stdout, stderr)
		}
	}
}

func TestDescribeVersion(t *testing.T) {
	info := &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "4f10d71a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e"}, {Key: "vcs.time", Value: "2026-11-26T12:00:00Z"}, {Key: "vcs.modified", Value: "true"}}}
	tests := []struct {
		v    string
		info *debug.BuildInfo
		want string
	}{
		{"0.1.0-dev", nil, "0.1.0-dev"},
		{"0.1.0-dev", info, "0.1.0-dev (commit 4f10d71a0b1c, 2026-11-26T12:00:00Z, with uncommitted changes)"},
		{"v1.2.0", info, "v1.2.0 (commit 4f10d71a0b1c, 2026-11-26T12:00:00Z, with uncommitted changes)"},
		{"0.1.0-dev", &debug.BuildInfo{Main: debug.Module{Version: "v1.3.0"}}, "v1.3.0"},
	}
	for _, tt := range tests {
		if got := describeVersion(tt.v, tt.info); got != tt.want {
			t.Errorf("describeVersion(%q) = %q, want %q", tt.v, got, tt.want)
		}
	}
}

// A bad value that did not come from a flag is named by where it came
// from, with how to fix it there; one cause gives one message.
func TestErrorsNameTheirSource(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, ".chalice", "config.json"), "{\n  \"version\": \"2.0\",\n  \"app_name\": \"my_app\"\n}\n")
	params := filepath.Join(dir, "params.yml")
	writeFile(t, params, "app-name: shop\nruntime: \"3.9\"\n")
	namedConfig := filepath.Join(dir, "ci", "config.json") // a params file, whatever its name
	writeFile(t, namedConfig, "app-name: shop\nruntime: \"3.9\"\n")
	out := filepath.Join(dir, "out.yml")
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"config.json", nil, []string{"--project-dir", dir, out},
			filepath.Join(dir, ".chalice", "config.json") + `:3:15: app_name "my_app": letters, digits and hyphens`},
		{"environment", map[string]string{"PIPEGEN_RUNTIME": "3.9"}, []string{"--app-name", "shop", out},
			`environment PIPEGEN_RUNTIME "python3.9": unsupported runtime`},
		{"params file", nil, []string{"--params", params, out}, params + `:2:10: runtime "python3.9": unsupported runtime`},
		{"params file named config.json", nil, []string{"--params", namedConfig, out},
			namedConfig + `:2:10: runtime "python3.9": unsupported runtime; supported: python3.10, python3.11, python3.12, python3.13, python3.14 (or 3.10 ... 3.14); change it in the file, or pass --runtime`},
		{"flag", nil, []string{"--app-name", "shop", "--runtime", "3.9", out}, `--runtime "python3.9": unsupported runtime`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			code, _, stderr := pipegen(t, append([]string{"generate"}, tt.args...)...)
			if code != 2 || !strings.Contains(stderr, tt.want) {
				t.Fatalf("exit %d, want %q in:\n%s", code, tt.want, stderr)
			}
			if strings.Contains(stderr, "codebuild-image") {
				t.Errorf("an unknown runtime also reported its image:\n%s", stderr)
			}
		})
	}
}

// A refused template's findings point at lines of a file that was not
// written: --dump-rendered writes the rendered text, and the finding's line
// there holds what it names.
func TestDumpRenderedShowsTheLinesFindingsName(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, ".chalice/config.json"), `{"app_name": "helloworld"}`)
	writeFile(t, filepath.Join(dir, "tmpl/_bucket.tmpl"), "{{ define \"bucket\" }}\n  {{ .id }}:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketNam: x\n{{- end }}")
	out, dump := filepath.Join(dir, "pipeline.yml"), filepath.Join(dir, "rendered.yml")
	code, _, stderr := pipegen(t, "generate", "--project-dir", dir, "--templates", filepath.Join(dir, "tmpl"), "--dump-rendered", dump, out)
	if code != 1 || !strings.Contains(stderr, "pipeline.yml was not written: --dump-rendered FILE keeps the text") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	m := regexp.MustCompile(`pipeline\.yml:(\d+):\d+: error E3002`).FindStringSubmatch(stderr)
	if m == nil {
		t.Fatalf("no E3002 finding: %s", stderr)
	}
	line, _ := strconv.Atoi(m[1])
	data, err := os.ReadFile(dump)
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(string(data), "\n"); line > len(lines) || !strings.Contains(lines[line-1], "BucketNam") {
		t.Fatalf("line %d of the dump is not the finding's", line)
	}
	if _, err := os.Stat(out); err == nil {
		t.Fatal("the invalid template was written")
	}
}

// The pipeline's chalice stages are held to .chalice/config.json.
func TestChaliceStagesFromTheConfig(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, ".chalice", "config.json"), `{"app_name": "shop", "stages": {"dev": {}, "prod": {}}}`)
	out := filepath.Join(dir, "out.yml")
	code, _, stderr := pipegen(t, "generate", "--project-dir", dir, "--stage", "beta", "--stage", "prd", out)
	if code != 2 || !strings.Contains(stderr, `--stage prd: the chalice stage "prd" is not in`) || !strings.Contains(stderr, "did you mean prd:prod?") {
		t.Errorf("a stage the config lacks: exit %d: %s", code, stderr)
	}
	code, _, stderr = pipegen(t, "generate", "--project-dir", dir, "--stage", "staging", out)
	if code != 2 || !strings.Contains(stderr, "add it there, or give --stage staging:CHALICE_STAGE") {
		t.Errorf("no near stage: exit %d: %s", code, stderr)
	}
	code, _, stderr = pipegen(t, "generate", "--project-dir", dir, out)
	if code != 0 || !strings.Contains(stderr, "also defines the chalice stage(s) prod, which no pipeline stage deploys") {
		t.Errorf("default run: exit %d: %s", code, stderr)
	}
	code, _, stderr = pipegen(t, "generate", "--project-dir", dir, "--stage", "beta", "--stage", "prod", out)
	if code != 0 || strings.Contains(stderr, "note:") {
		t.Errorf("every config stage deployed: exit %d: %s", code, stderr)
	}
}

// generate --check: 0 when the files are what generate writes, 1 with a
// diff when not (or missing), and nothing is written either way.
func TestGenerateCheck(t *testing.T) {
	dir := t.TempDir()
	out, buildspec := filepath.Join(dir, "pipeline.yml"), filepath.Join(dir, "buildspec.yml")
	args := []string{"generate", "--app-name", "demo", "--project-dir", dir, "-b", buildspec}
	if code, _, stderr := pipegen(t, append(args, "--check", out)...); code != 1 || !strings.Contains(stderr, "+++ "+out+" (generated)") {
		t.Fatalf("missing files: exit %d: %.300s", code, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Fatal("--check wrote OUTPUT")
	}
	if code, _, stderr := pipegen(t, append(args, out)...); code != 0 {
		t.Fatalf("generate: exit %d: %s", code, stderr)
	}
	if code, _, stderr := pipegen(t, append(args, "--check", out)...); code != 0 || strings.Contains(stderr, "differ") {
		t.Fatalf("up to date: exit %d: %s", code, stderr)
	}
	code, _, stderr := pipegen(t, append(args, "--branch", "release", "--check", out)...)
	if code != 1 || !strings.Contains(stderr, `-    Default: "main"`) || !strings.Contains(stderr, `+    Default: "release"`) {
		t.Fatalf("stale: exit %d: %s", code, stderr)
	}
}

// generate --check reads at most a byte past the largest template and
// only regular files (review M2): a huge file differs without being read
// whole, and a device or a folder is a usage error, not a read without end.
func TestGenerateCheckBoundedRead(t *testing.T) {
	dir := t.TempDir()
	huge := filepath.Join(dir, "huge.yml")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(1 << 30); err != nil { // sparse: a gigabyte on paper
		t.Fatal(err)
	}
	f.Close()
	args := []string{"generate", "--app-name", "demo", "--project-dir", dir, "--check"}
	if code, _, stderr := pipegen(t, append(args, huge)...); code != 1 || !strings.Contains(stderr, "more than generate ever writes") {
		t.Fatalf("a huge file: exit %d: %.300s", code, stderr)
	}
	if code, _, stderr := pipegen(t, append(args, dir)...); code != 2 || !strings.Contains(stderr, "is a folder") {
		t.Fatalf("a folder: exit %d: %.300s", code, stderr)
	}
	if _, err := os.Stat("/dev/zero"); err == nil {
		if code, _, stderr := pipegen(t, append(args, "/dev/zero")...); code != 2 || !strings.Contains(stderr, "is a character device") {
			t.Fatalf("/dev/zero: exit %d: %.300s", code, stderr)
		}
	}
}
