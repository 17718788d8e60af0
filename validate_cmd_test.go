package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/pipegen/pipegen/schema"
	"github.com/pipegen/pipegen/schema/output"
)

const (
	cleanTemplate = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n"
	// badTemplate has one error, E3002 at line 5 column 7.
	badTemplate = "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicNam: x\n"
	// warnTemplate has one warning (W2001, an unused parameter) and no error.
	warnTemplate = "Parameters:\n  Unused:\n    Type: String\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n"

	badLine  = "templates/bad.yml:5:7: error E3002 Resources/Topic/Properties/TopicNam: unknown property TopicNam (did you mean TopicName?)"
	warnLine = "warn/warn.yaml:2:3: warning W2001 Parameters/Unused: parameter Unused is never used: no Ref or Fn::Sub names it; use it or remove it"
)

// validateDir makes a temporary working folder with templates/good.yaml,
// templates/bad.yml and warn/warn.yaml, and moves into it, so paths in the
// output are relative as they are in a repository checkout.
func validateDir(t *testing.T) {
	t.Helper()
	dir := t.TempDir()
	for name, content := range map[string]string{
		"templates/good.yaml": cleanTemplate,
		"templates/bad.yml":   badTemplate,
		"warn/warn.yaml":      warnTemplate,
	} {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
}

func TestValidateFormatText(t *testing.T) {
	validateDir(t)
	code, stdout, stderr := pipegen(t, "validate", "templates")
	if code != 1 || stdout != badLine+"\n" {
		t.Fatalf("exit %d\nstdout %q\nstderr %q", code, stdout, stderr)
	}
	if stderr != "2 file(s) checked: 1 error(s), 0 warning(s)\n" {
		t.Fatalf("summary: %q", stderr)
	}
	// --format text is the default.
	if code2, stdout2, _ := pipegen(t, "validate", "--format", "text", "templates"); code2 != code || stdout2 != stdout {
		t.Fatalf("--format text differs from the default: %d %q", code2, stdout2)
	}
	if code, stdout, _ := pipegen(t, "validate", "templates/good.yaml"); code != 0 || stdout != "" {
		t.Fatalf("good file: exit %d, %q", code, stdout)
	}
}

func TestValidateFormatJSON(t *testing.T) {
	validateDir(t)
	code, stdout, stderr := pipegen(t, "validate", "--format", "json", "templates")
	if code != 1 || !strings.Contains(stderr, "2 file(s) checked: 1 error(s)") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	var doc output.JSONDocument
	dec := json.NewDecoder(strings.NewReader(stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	want := output.JSONDocument{
		Files: []string{"templates/bad.yml", "templates/good.yaml"},
		Findings: []output.JSONFinding{{
			File: "templates/bad.yml", Line: 5, Column: 7, Severity: "error", Rule: "E3002",
			Path: "Resources/Topic/Properties/TopicNam", Message: "unknown property TopicNam (did you mean TopicName?)",
		}},
		Summary: output.Summary{Files: 2, Errors: 1},
	}
	if !reflect.DeepEqual(doc, want) {
		t.Fatalf("got  %+v\nwant %+v", doc, want)
	}

	code, stdout, _ = pipegen(t, "validate", "--format", "json", "templates/good.yaml")
	var clean map[string]any
	if err := json.Unmarshal([]byte(stdout), &clean); code != 0 || err != nil {
		t.Fatalf("good file: exit %d, %v", code, err)
	}
	if f, ok := clean["findings"].([]any); !ok || len(f) != 0 {
		t.Fatalf("good file: findings %#v, want []", clean["findings"])
	}
}

func TestValidateFormatSARIF(t *testing.T) {
	validateDir(t)
	code, stdout, _ := pipegen(t, "validate", "--format", "sarif", "templates")
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	var log struct {
		Schema  string `json:"$schema"`
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name, InformationURI, Version string
					Rules                         []struct {
						ID               string `json:"id"`
						ShortDescription struct{ Text string }
					}
				}
			}
			Results []struct {
				RuleID    string `json:"ruleId"`
				Level     string
				Message   struct{ Text string }
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine, StartColumn int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(stdout), &log); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	if log.Schema == "" || log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("$schema %q, version %q, %d runs", log.Schema, log.Version, len(log.Runs))
	}
	run := log.Runs[0]
	d := run.Tool.Driver
	if d.Name != "pipegen" || d.InformationURI == "" || d.Version != version {
		t.Errorf("driver: %+v", d)
	}
	if len(d.Rules) != 1 || d.Rules[0].ID != "E3002" || d.Rules[0].ShortDescription.Text == "" {
		t.Errorf("rules: %+v", d.Rules)
	}
	if len(run.Results) != 1 {
		t.Fatalf("results: %+v", run.Results)
	}
	r := run.Results[0]
	if r.RuleID != "E3002" || r.Level != "error" || !strings.Contains(r.Message.Text, "unknown property TopicNam") || len(r.Locations) != 1 {
		t.Errorf("result: %+v", r)
	}
	loc := r.Locations[0].PhysicalLocation
	if loc.ArtifactLocation.URI != "templates/bad.yml" || loc.Region.StartLine != 5 || loc.Region.StartColumn != 7 {
		t.Errorf("location: %+v", loc)
	}
}

func TestValidateFormatJUnit(t *testing.T) {
	validateDir(t)
	code, stdout, _ := pipegen(t, "validate", "--format", "junit", "templates")
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Suites   []struct {
			Cases []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Text string `xml:",chardata"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	if doc.Tests != 2 || doc.Failures != 1 || len(doc.Suites) != 1 || len(doc.Suites[0].Cases) != 2 {
		t.Fatalf("junit: %+v", doc)
	}
	bad, good := doc.Suites[0].Cases[0], doc.Suites[0].Cases[1]
	if bad.Name != "templates/bad.yml" || bad.Failure == nil || bad.Failure.Text != badLine {
		t.Errorf("bad case: %+v", bad)
	}
	if good.Name != "templates/good.yaml" || good.Failure != nil {
		t.Errorf("good case: %+v", good)
	}
}

func TestValidateBadFormat(t *testing.T) {
	validateDir(t)
	code, stdout, stderr := pipegen(t, "validate", "--format", "xml", "templates")
	if code != 2 || stdout != "" || !strings.Contains(stderr, `unknown format "xml"`) {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

func TestValidateIgnore(t *testing.T) {
	validateDir(t)
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
	}{
		{"nothing ignored", nil, 1, badLine + "\n" + warnLine + "\n"},
		{"one rule", []string{"--ignore", "E3002"}, 0, warnLine + "\n"},
		{"repeated", []string{"--ignore", "E3002", "--ignore", "W2001"}, 0, ""},
		{"comma-separated", []string{"--ignore", "W2001, E3002"}, 0, ""},
		{"a rule that does not occur", []string{"--ignore", "E1001"}, 1, badLine + "\n" + warnLine + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append(append([]string{"validate"}, tt.args...), "templates", "warn")
			code, stdout, stderr := pipegen(t, args...)
			if code != tt.code || stdout != tt.stdout {
				t.Fatalf("exit %d, want %d\nstdout %q\nwant   %q\nstderr %q", code, tt.code, stdout, tt.stdout, stderr)
			}
		})
	}
	for _, bad := range []string{"E300", "e3002", "X1234", "E3002,", "E30021", "all"} {
		code, stdout, stderr := pipegen(t, "validate", "--ignore", bad, "templates")
		if code != 2 || stdout != "" || !strings.Contains(stderr, "--ignore") || !strings.Contains(stderr, "not a rule id") {
			t.Errorf("--ignore %q: exit %d, stdout %q, stderr %q", bad, code, stdout, stderr)
		}
	} // An id of the right shape that no rule has is a usage error too,
	// naming the nearest id: a typo would otherwise ignore nothing.
	for bad, want := range map[string]string{
		"W9999": `pipegen: --ignore "W9999": pipegen has no rule W9999 (did you mean W9030?); the rules are listed in README.md, "Findings, rules and exit codes"` + "\n",
		"E3029": `pipegen: --ignore "E3029": pipegen has no rule E3029 (did you mean E1029?); the rules are listed in README.md, "Findings, rules and exit codes"` + "\n",
		"I0001": `pipegen: --ignore "I0001": pipegen has no rule I0001 (did you mean I9001?); the rules are listed in README.md, "Findings, rules and exit codes"` + "\n",
	} {
		code, stdout, stderr := pipegen(t, "validate", "--ignore", "E3002,"+bad, "templates")
		if code != 2 || stdout != "" || stderr != want {
			t.Errorf("--ignore %q: exit %d, stdout %q, stderr %q\nwant %q", bad, code, stdout, stderr, want)
		}
	}
	// The id a rule had before it took cfn-lint's still ignores it.
	ref := "Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties: {TopicName: !Ref Nme}\n"
	if err := os.WriteFile("ref.yaml", []byte(ref), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, stdout, _ := pipegen(t, "validate", "ref.yaml"); code != 1 || !strings.Contains(stdout, " E1020 ") {
		t.Errorf("ref.yaml: exit %d, %q", code, stdout)
	}
	for _, old := range []string{"E1012", "E1020"} {
		if code, stdout, stderr := pipegen(t, "validate", "--ignore", old, "ref.yaml"); code != 0 || stdout != "" {
			t.Errorf("--ignore %s: exit %d, stdout %q, stderr %q", old, code, stdout, stderr)
		}
	}
}

func TestValidateStrict(t *testing.T) {
	validateDir(t)
	// A warning alone does not fail...
	code, stdout, stderr := pipegen(t, "validate", "warn/warn.yaml")
	if code != 0 || stdout != warnLine+"\n" || stderr != "1 file(s) checked: 0 error(s), 1 warning(s)\n" {
		t.Fatalf("without --strict: exit %d, %q, %q", code, stdout, stderr)
	}
	// ...unless --strict,
	if code, stdout, _ := pipegen(t, "validate", "--strict", "warn/warn.yaml"); code != 1 || stdout != warnLine+"\n" {
		t.Fatalf("--strict: exit %d, %q", code, stdout)
	}
	// in every format, JUnit marking the file failed;
	for _, f := range output.Formats {
		if code, _, _ := pipegen(t, "validate", "--strict", "--format", f, "warn/warn.yaml"); code != 1 {
			t.Errorf("--strict --format %s: exit %d", f, code)
		}
	}
	_, junit, _ := pipegen(t, "validate", "--strict", "--format", "junit", "warn/warn.yaml")
	if !strings.Contains(junit, `failures="1"`) || !strings.Contains(junit, "<failure") {
		t.Errorf("--strict junit has no failure:\n%s", junit)
	}
	// and an ignored warning does not count.
	if code, stdout, _ := pipegen(t, "validate", "--strict", "--ignore", "W2001", "warn/warn.yaml"); code != 0 || stdout != "" {
		t.Fatalf("--strict --ignore W2001: exit %d, %q", code, stdout)
	}
	// A clean file passes --strict.
	if code, _, _ := pipegen(t, "validate", "--strict", "templates/good.yaml"); code != 0 {
		t.Fatalf("--strict on a clean file: exit %d", code)
	}
}

func TestValidateMetadataSuppression(t *testing.T) {
	validateDir(t)
	for name, metadata := range map[string]string{
		"pipegen":  "    Metadata:\n      pipegen:\n        ignore: [E3002]\n",
		"cfn-lint": "    Metadata:\n      cfn-lint:\n        config:\n          ignore_checks: [E3002]\n",
	} {
		src := strings.Replace(badTemplate, "    Properties:\n", metadata+"    Properties:\n", 1)
		if err := os.WriteFile("suppressed.yaml", []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		if code, stdout, stderr := pipegen(t, "validate", "--format", "sarif", "suppressed.yaml"); code != 0 || strings.Contains(stdout, "E3002") {
			t.Errorf("%s: exit %d, stderr %q\n%s", name, code, stderr, stdout)
		}
	}
}

// failingWriter refuses every write, like a closed pipe.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("broken pipe") }

func TestValidateOutputError(t *testing.T) {
	validateDir(t)
	for _, f := range output.Formats {
		var stderr strings.Builder
		code := run([]string{"pipegen", "validate", "--format", f, "templates"}, strings.NewReader(""), failingWriter{}, &stderr, testNow)
		if code != 2 || !strings.Contains(stderr.String(), "broken pipe") {
			t.Errorf("--format %s: exit %d, stderr %q", f, code, stderr.String())
		}
	}
}

// TestValidateFolderConcurrent validates both corpora in one run, on the
// worker pool, and compares the output with the files checked one by one in
// order: the pool must not change a byte. Run it with -race: the workers share
// one validator and registry. The files the walk skips as not templates
// (I9001: an empty file, one that is not YAML) are left out of both.
func TestValidateFolderConcurrent(t *testing.T) {
	w, err := expandPaths([]string{"testdata/templates"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var want strings.Builder
	var files []string
	v := schema.NewValidator()
	for _, f := range w.sources {
		data, err := os.ReadFile(f.path)
		if err != nil {
			t.Fatal(err)
		}
		if _, checked := v.CheckFound(f.path, data); !checked {
			continue
		}
		files = append(files, f.path)
		_, stdout, _ := pipegen(t, "validate", f.path)
		want.WriteString(stdout)
	}
	if len(files) < len(w.sources)-10 {
		t.Fatalf("the walk skips %d of %d corpus files", len(w.sources)-len(files), len(w.sources))
	}
	for round := range 3 {
		code, stdout, stderr := pipegen(t, "validate", "testdata/templates")
		if code != 1 || stdout != want.String() {
			t.Fatalf("round %d: exit %d, stderr %q\nstdout differs from the files checked one by one:\n%s\nwant:\n%s", round, code, stderr, stdout, want.String())
		}
		if wantSum := fmt.Sprintf("%d file(s) checked:", len(files)); !strings.HasPrefix(stderr, wantSum) {
			t.Fatalf("round %d: summary %q, want %q...", round, stderr, wantSum)
		}
	}
}

// TestValidateStdinWithFiles mixes standard input with files on the pool.
func TestValidateStdinWithFiles(t *testing.T) {
	validateDir(t)
	var stdout, stderr bytes.Buffer
	code := run([]string{"pipegen", "validate", "templates", "-", "warn"}, strings.NewReader(badTemplate), &stdout, &stderr, testNow)
	stdinLine := strings.Replace(badLine, "templates/bad.yml", "<stdin>", 1)
	if want := stdinLine + "\n" + badLine + "\n" + warnLine + "\n"; code != 1 || stdout.String() != want {
		t.Fatalf("exit %d, stderr %q\nstdout %q\nwant   %q", code, stderr.String(), stdout.String(), want)
	}
	if stderr.String() != "4 file(s) checked: 2 error(s), 1 warning(s)\n" {
		t.Fatalf("summary: %q", stderr.String())
	}
}

// TestValidateReadErrorIsFirstInOrder: of several files that cannot be read,
// the first in argument order is reported, exit 2, with no findings printed.
func TestValidateReadErrorIsFirstInOrder(t *testing.T) {
	validateDir(t)
	for _, name := range []string{"templates/a-dangling.yaml", "templates/z-dangling.yaml"} {
		if err := os.Symlink("missing-target", name); err != nil {
			t.Skipf("symlinks: %v", err)
		}
	}
	for range 5 {
		code, stdout, stderr := pipegen(t, "validate", "warn", "templates")
		if code != 2 || stdout != "" || !strings.Contains(stderr, "a-dangling.yaml") || strings.Contains(stderr, "z-dangling") {
			t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
		}
	}
}

func TestValidateBuildspecFlag(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "ci.yml")
	writeFile(t, spec, "version: 0.2\nphases:\n  build:\n    comands: [make]\n")
	code, out, _ := pipegen(t, "validate", "--buildspec", spec)
	if code != 1 || !strings.Contains(out, "ci.yml:4:5: error E3100 phases/build/comands: unknown property comands") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
}

// --output-file: the --format output goes to the file, the text findings
// to standard output; SARIF's helpUri is the rule's row in the README.
func TestValidateOutputFile(t *testing.T) {
	dir := t.TempDir()
	tpl := filepath.Join(dir, "t.yml")
	if err := os.WriteFile(tpl, []byte("Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketNam: x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sarif := filepath.Join(dir, "out.sarif")
	code, stdout, stderr := pipegen(t, "validate", "--format", "sarif", "--output-file", sarif, "--docs-url", "https://example.com/fork/README.md", tpl)
	if code != 1 || !strings.Contains(stdout, "error E3002") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	data, err := os.ReadFile(sarif)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"helpUri": "https://example.com/fork/README.md#e3002"`) {
		t.Fatalf("no per-rule helpUri in %.600s", data)
	}
}

// repoTree writes a repository as `pipegen validate .` meets it: one
// template, beside the files every repository has that are not templates.
func repoTree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range map[string]string{
		"infra/template.yaml":         cleanTemplate,
		".chalice/config.json":        `{"version": "2.0", "app_name": "demo", "stages": {"dev": {"api_gateway_stage": "api"}}}`,
		".github/workflows/x.yml":     "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n",
		"node_modules/a/package.json": `{"name": "a", "version": "1.0.0"}`,
		"infra/params/prod.json":      `[{"ParameterKey": "Env", "ParameterValue": "prod"}]`,
		"infra/params/config.json":    `{"Parameters": {"Env": "prod"}, "Tags": {"team": "a"}}`,
		"infra/broken.yaml":           "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n   Properties: {}\n",
		"infra/broken.json":           `{"Resources": {"Topic": {"Type": "AWS::SNS::Topic" "Properties": {}}}}`,
		"infra/notes.txt":             "Resources: not a template file extension\n",
	} {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	return dir
}

// TestValidateRepositoryFolder: a folder's walk checks templates only
// (issue 12): hidden folders and node_modules are left out unless named,
// --exclude leaves out what it matches, a file that is not a template is
// skipped (listed with --verbose, I9001), a template with a syntax error is
// still one, a file named is always checked, and no template at all is a
// usage error.
func TestValidateRepositoryFolder(t *testing.T) {
	repoTree(t)
	const (
		brokenYAML = "infra/broken.yaml:4:4: error E0000 "
		brokenJSON = "infra/broken.json:1:"
		skipped    = "; 2 file(s) skipped, not templates"
	)
	code, stdout, stderr := pipegen(t, "validate", ".")
	if code != 1 || strings.Count(stdout, "\n") != 2 || !strings.HasPrefix(stdout, filepath.FromSlash(brokenJSON)) || !strings.Contains(stdout, filepath.FromSlash(brokenYAML)) ||
		stderr != "3 file(s) checked: 2 error(s), 0 warning(s)"+skipped+" (--verbose lists them)\n" {
		t.Fatalf("validate .: exit %d\nstdout %q\nstderr %q", code, stdout, stderr)
	}

	code, stdout, stderr = pipegen(t, "validate", "--verbose", "--exclude", "broken.*", ".")
	wantOut := "" +
		"infra/params/config.json:1:1: info I9001 not a CloudFormation template, skipped: no AWSTemplateFormatVersion, Resources or Transform at its top level, nor phases (a buildspec) (name the file to check it anyway)\n" +
		"infra/params/prod.json:1:1: info I9001 not a CloudFormation template, skipped: not a YAML or JSON mapping, and no AWSTemplateFormatVersion, Resources or Transform key in its text (name the file to check it anyway)\n"
	wantErr := "" +
		"pipegen: skipped .chalice: a hidden folder (name it to check it)\n" +
		"pipegen: skipped .github: a hidden folder (name it to check it)\n" +
		"pipegen: skipped infra/broken.json: matches --exclude broken.*\n" +
		"pipegen: skipped infra/broken.yaml: matches --exclude broken.*\n" +
		"pipegen: skipped node_modules: node_modules (name it to check it)\n" +
		"1 file(s) checked: 0 error(s), 0 warning(s)" + skipped + "\n"
	// (paths as the walk finds them: with backslashes on Windows)
	wantOut, wantErr = filepath.FromSlash(wantOut), filepath.FromSlash(wantErr)
	if code != 0 || stdout != wantOut || stderr != wantErr {
		t.Fatalf("--verbose: exit %d\nstdout %q\nwant   %q\nstderr %q\nwant   %q", code, stdout, wantOut, stderr, wantErr)
	}

	// --exclude matches the path below the folder named, or the base name;
	// a folder it matches is not walked.
	for _, args := range [][]string{
		{"--exclude", "params/*", "--exclude", "broken.*", "infra"},
		{"--exclude", "params", "--exclude", "infra/broken.*", "."},
		{"--exclude", "*.json", "--exclude", "broken.yaml", "."},
	} {
		code, stdout, stderr := pipegen(t, append([]string{"validate"}, args...)...)
		if code != 0 || stdout != "" || stderr != "1 file(s) checked: 0 error(s), 0 warning(s)\n" {
			t.Errorf("validate %v: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}

	// A file or folder named is checked or walked whatever its name.
	if code, stdout, _ := pipegen(t, "validate", "--exclude", "*.json", ".chalice/config.json"); code != 1 || !strings.Contains(stdout, ".chalice/config.json:1:1: error E1001 ") {
		t.Errorf("a named file: exit %d, %q", code, stdout)
	}
	if code, stdout, _ := pipegen(t, "validate", "--exclude", "infra", "node_modules", "infra/template.yaml"); code != 0 || stdout != "" {
		t.Errorf("a named node_modules: exit %d, %q", code, stdout)
	}

	// No template to check is a usage error, whatever the reason.
	for _, args := range [][]string{
		{".github"},
		{"--exclude", "infra", "."},
		{"--exclude", "template.yaml", "--exclude", "broken.*", "infra"},
		{"--verbose", "node_modules"},
	} {
		code, stdout, stderr := pipegen(t, append([]string{"validate"}, args...)...)
		if code != 2 || stdout != "" || !strings.Contains(stderr, "pipegen: no template to check in ") {
			t.Errorf("validate %v: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
	if code, _, stderr := pipegen(t, "validate", "--exclude", "[", "."); code != 2 || !strings.Contains(stderr, `--exclude "[": syntax error in pattern`) {
		t.Errorf("a malformed glob: exit %d, %q", code, stderr)
	}
}
