package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pipegen/pipegen/render"
	"github.com/pipegen/pipegen/tmpl"
)

func TestExportThenRenderIsIdentical(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "templates")
	if code, _, stderr := pipegen(t, "templates", "export", dir); code != 0 {
		t.Fatalf("export: exit %d: %s", code, stderr)
	}
	for _, name := range []string{"pipeline.yaml.tmpl", "buildspec.yaml.tmpl", "_roles.tmpl", "README.md"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("export lacks %s", name)
		}
	}
	out := t.TempDir()
	for _, variant := range [][]string{{}, {"--source", "github", "--github-owner", "o", "--github-repo", "r"}} {
		builtIn, custom := filepath.Join(out, "a.yml"), filepath.Join(out, "b.yml")
		base := []string{"generate", "--project-dir", "testdata/app"}
		pipegen(t, append(append(base, variant...), builtIn)...)
		pipegen(t, append(append(base, "--templates", dir), append(variant, custom)...)...)
		a, _ := os.ReadFile(builtIn)
		b, _ := os.ReadFile(custom)
		if len(a) == 0 || string(a) != string(b) {
			t.Fatalf("exported templates render differently (%d vs %d bytes)", len(a), len(b))
		}
	}
}

func TestExportRefusesToOverwrite(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "_bucket.tmpl"), "mine")
	code, _, stderr := pipegen(t, "templates", "export", dir)
	if code != 2 || !strings.Contains(stderr, "refusing to overwrite") || !strings.Contains(stderr, "--force") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if files := listDir(t, dir); len(files) != 1 {
		t.Fatalf("export wrote files although it refused: %v", files)
	}
	if code, _, stderr := pipegen(t, "templates", "export", "--force", dir); code != 0 {
		t.Fatalf("--force: exit %d: %s", code, stderr)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "_bucket.tmpl")); string(data) == "mine" {
		t.Fatal("--force did not replace the file")
	}
}

func TestTemplatesList(t *testing.T) {
	code, stdout, _ := pipegen(t, "templates", "list")
	if code != 0 || !strings.Contains(stdout, "pipeline.yaml.tmpl") || !strings.Contains(stdout, "_bucket.tmpl           partial") {
		t.Fatalf("exit %d:\n%s", code, stdout)
	}
}

// TestOverrideOnePartial adds an SNS topic to the pipeline by overriding a
// single partial, as the README's walkthrough does; the rest stays built in.
func TestOverrideOnePartial(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "_bucket.tmpl"), `{{- define "bucket" }}
  {{ .id }}:
    Type: AWS::S3::Bucket
    Properties:
      Tags:
        - Key: app
          Value: {{ str .p.AppName }}
{{- end }}
`)
	out := filepath.Join(t.TempDir(), "pipeline.yml")
	code, _, stderr := pipegen(t, "generate", "--project-dir", "testdata/app", "--templates", dir, out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, _ := os.ReadFile(out)
	if !strings.Contains(string(data), "Value: \"helloworld\"") || !strings.Contains(string(data), "AWS::CodePipeline::Pipeline") {
		t.Fatalf("override not applied or built-ins missing:\n%.400s", data)
	}
}

func TestTemplateWithMissingField(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "_bucket.tmpl"), "{{- define \"bucket\" }}\n  {{ .id }}:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: {{ str .p.BucketName }}\n{{- end }}\n")
	out := filepath.Join(t.TempDir(), "pipeline.yml")
	code, _, stderr := pipegen(t, "generate", "--project-dir", "testdata/app", "--templates", dir, out)
	if code != 2 || !strings.Contains(stderr, "_bucket.tmpl:5:28: template error: .p.BucketName: can't evaluate field BucketName in type interface {} (included from pipeline.yaml.tmpl:47)") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Fatal("output written despite the template error")
	}
}

func TestParamsFile(t *testing.T) {
	dir := t.TempDir()
	params := filepath.Join(dir, "params.yml")
	writeFile(t, params, "app-name: fromfile\nbranch: release\nruntime: 3.13\n")
	out := filepath.Join(dir, "pipeline.yml")
	t.Setenv("PIPEGEN_BRANCH", "fromenv")
	code, _, stderr := pipegen(t, "generate", "--params", params, "--runtime", "3.11", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, _ := os.ReadFile(out)
	for _, want := range []string{`Default: "fromfile"`, `Default: "fromenv"`, `python: "3.11"`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("output lacks %s (precedence flag > environment > file)", want)
		}
	}
	_, stdout, _ := pipegen(t, "generate", "--params", params, "--print-params")
	stdout = strings.Join(strings.Fields(stdout), " ") // column widths do not matter
	for _, want := range []string{"app-name fromfile " + params + ":1:11", "branch fromenv environment PIPEGEN_BRANCH", "runtime 3.13"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("--print-params lacks %q:\n%s", want, stdout)
		}
	}
}

func TestParamsFileErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct{ content, want string }{
		{"app-name: a\nrepo: x\n", `params.yml:2:1: unknown option "repo"`},
		{"app-name: [a, b]\n", `params.yml:1:11: "app-name" takes a single value`},
		{"app-name: a\napp-name: b\n", `params.yml:2:1: "app-name" is given twice`},
		{"- a\n", "params.yml:1:1: expected a mapping"},
		{"app-name: 'a\n", "not valid YAML or JSON"},
		{`{"app-name": "a", "params": "x"}`, `unknown option "params"`},
		{"app-name: a\n---\nstage: prod\n", "params.yml:2:1: a second YAML document"},
		{"app-name: a\n---\n[\n", "not valid YAML or JSON"},
		{"app-name: a\nstage: [\"prod\\n\"]\n", `params.yml:2:8: stage "prod\n": holds the control character U+000A`},
	}
	for _, tt := range tests {
		params := filepath.Join(dir, "params.yml")
		writeFile(t, params, tt.content)
		code, _, stderr := pipegen(t, "generate", "--params", params, filepath.Join(dir, "out.yml"))
		if code != 2 || !strings.Contains(stderr, tt.want) {
			t.Errorf("%q: exit %d, stderr %q, want %q", tt.content, code, stderr, tt.want)
		}
	}
	if files := listDir(t, dir); len(files) != 1 {
		t.Errorf("files written: %v", files)
	}
}

func TestParamsFileLists(t *testing.T) {
	dir := t.TempDir()
	params := filepath.Join(dir, "params.yml")
	writeFile(t, params, "app-name: demo\nstage: [beta, prod]\napproval-before: prod\ntest-command:\n  - pytest -q\n  - flake8, with a comma\n")
	out := filepath.Join(dir, "pipeline.yml")
	if code, _, stderr := pipegen(t, "generate", "--params", params, out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, _ := os.ReadFile(out)
	for _, want := range []string{`- Name: "Prod"`, `Name: "ApproveProd"`, `- "pytest -q"`, `- "flake8, with a comma"`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("output lacks %s", want)
		}
	}
}

func TestBooleanOptionFromFileAndEnvironment(t *testing.T) {
	dir := t.TempDir()
	params := filepath.Join(dir, "params.yml")
	writeFile(t, params, "app-name: demo\ncreate-kms-key: true\n")
	out := filepath.Join(dir, "pipeline.yml")
	if code, _, stderr := pipegen(t, "generate", "--params", params, out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if data, _ := os.ReadFile(out); !strings.Contains(string(data), "Type: AWS::KMS::Key") {
		t.Fatal("create-kms-key: true in the params file did not create the key")
	}
	t.Setenv("PIPEGEN_CREATE_KMS_KEY", "maybe")
	code, _, stderr := pipegen(t, "generate", "--params", params, filepath.Join(dir, "other.yml"))
	if code != 2 || !strings.Contains(stderr, `environment PIPEGEN_CREATE_KMS_KEY: create-kms-key "maybe": expected true or false`) {
		t.Fatalf("exit %d: %s", code, stderr)
	}
}

// Settings files are read up to a cap: a wrong path cannot exhaust memory.
func TestSettingsFilesAreCapped(t *testing.T) {
	dir := t.TempDir()
	big := "app-name: demo\n# " + strings.Repeat("x", render.MaxSettingsFile) + "\n"
	params := filepath.Join(dir, "params.yml")
	writeFile(t, params, big)
	code, _, stderr := pipegen(t, "generate", "--params", params, filepath.Join(dir, "out.yml"))
	if code != 2 || !strings.Contains(stderr, params+" is larger than 1048576 bytes") {
		t.Errorf("params: exit %d: %s", code, stderr)
	}
	writeFile(t, filepath.Join(dir, ".chalice", "config.json"), `{"app_name": "demo", "x": "`+strings.Repeat("x", render.MaxSettingsFile)+`"}`)
	code, _, stderr = pipegen(t, "generate", "--project-dir", dir, filepath.Join(dir, "out.yml"))
	if code != 2 || !strings.Contains(stderr, "config.json is larger than 1048576 bytes") {
		t.Errorf("config: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat("/dev/zero"); err == nil {
		code, _, stderr = pipegen(t, "generate", "--params", "/dev/zero", filepath.Join(dir, "out.yml"))
		if code != 2 || !strings.Contains(stderr, "/dev/zero is larger than") {
			t.Errorf("/dev/zero: exit %d: %s", code, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "out.yml")); err == nil {
		t.Error("an output was written")
	}
}

// 100,000 stages are refused by their count, before any is looked at.
func TestHugeStageListIsRefusedByCount(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("app-name: demo\nstage: [s0")
	for i := 1; i < 100_000; i++ {
		fmt.Fprintf(&b, ",s%d", i)
	}
	b.WriteString("]\n")
	params := filepath.Join(dir, "params.yml")
	writeFile(t, params, b.String())
	code, _, stderr := pipegen(t, "generate", "--params", params, filepath.Join(dir, "out.yml"))
	if code != 2 || !strings.Contains(stderr, `params.yml:2:8: stage "100000 stages": CodePipeline allows 50 stages`) || len(stderr) > 1000 {
		t.Fatalf("exit %d: %.1000s", code, stderr)
	}
}

// A params file's relative paths are relative to the file, not to the
// working directory.
func TestParamsFilePathsAreRelativeToTheFile(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "app", ".chalice", "config.json"), `{"app_name": "shop"}`)
	writeFile(t, filepath.Join(dir, "ci", "params.yml"), "project-dir: ../app\nbuildspec-file: ../app/buildspec.yml\n")
	out := filepath.Join(dir, "out.yml")
	if code, _, stderr := pipegen(t, "generate", "--params", filepath.Join(dir, "ci", "params.yml"), out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "app", "buildspec.yml")); err != nil {
		t.Fatalf("the buildspec is not beside the app: %v", err)
	}
	data, _ := os.ReadFile(out)
	if !strings.Contains(string(data), `Default: "shop"`) {
		t.Fatal("the app's config was not read from ../app relative to the params file")
	}
}

// A misspelled file in --templates overrides nothing: a warning names the
// nearest built-in file; a new partial that a template includes is fine.
func TestTemplatesFolderStrays(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tmpl")
	writeFile(t, filepath.Join(dir, "pipline.yaml.tmpl"), "x")
	writeFile(t, filepath.Join(dir, "_extra.tmpl"), `{{ define "extra" }}{{ end }}`)
	writeFile(t, filepath.Join(dir, "_unused.tmpl"), `{{ define "unused" }}{{ end }}`)
	writeFile(t, filepath.Join(dir, "_bucket.tmpl"), mustReadBuiltin(t, "_bucket.tmpl")+`{{ define "bucket-extra" }}{{ include "extra" . }}{{ end }}`)
	code, _, stderr := pipegen(t, "generate", "--project-dir", "testdata/app", "--templates", dir, filepath.Join(t.TempDir(), "out.yml"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"pipline.yaml.tmpl overrides no built-in file and no template includes it (did you mean pipeline.yaml.tmpl?)",
		"_unused.tmpl overrides no built-in file"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("no warning %q in:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "_extra.tmpl") {
		t.Errorf("an included partial was warned about:\n%s", stderr)
	}
}

func mustReadBuiltin(t *testing.T, name string) string {
	t.Helper()
	data, err := fs.ReadFile(tmpl.FS(), name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// A --templates file over the limit is reported by the renderer, once,
// without the stray check reading it first (review M4).
func TestTemplatesFolderOversizedFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tmpl")
	big := filepath.Join(dir, "_big.tmpl")
	writeFile(t, big, "x")
	if err := os.Truncate(big, 1<<30); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := pipegen(t, "generate", "--project-dir", "testdata/app", "--templates", dir, filepath.Join(t.TempDir(), "out.yml"))
	if code != 2 || !strings.Contains(stderr, "_big.tmpl: 1073741824 bytes, over the 1048576 pipegen reads of a template") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
}

// makeFolder reports every folder it made, deepest first, so a failed
// export removes them all (review n12).
func TestMakeFolderReportsWhatItMade(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "a", "b", "c")
	created, err := makeFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{dir, filepath.Join(base, "a", "b"), filepath.Join(base, "a")}
	if strings.Join(created, "|") != strings.Join(want, "|") {
		t.Fatalf("created %v, want %v", created, want)
	}
	if again, err := makeFolder(dir); err != nil || again != nil {
		t.Fatalf("an existing folder: %v, %v", again, err)
	}
}
