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
		"W9999": `pipegen: --ignore "W9999": pipegen has no rule W9999 (did you mean W9006?); the rules are listed in README.md, "Findings, rules and exit codes"` + "\n",
		"E3029": `pipegen: --ignore "E3029": pipegen has no rule E3029 (did you mean E3020?); the rules are listed in README.md, "Findings, rules and exit codes"` + "\n",
		"I0001": `pipegen: --ignore "I0001": pipegen has no rule I0001 (did you mean I1032?); the rules are listed in README.md, "Findings, rules and exit codes"` + "\n",
	} {
		code, stdout, stderr := pipegen(t, "validate", "--ignore", "E3002,"+bad, "templates")
		if code != 2 || stdout != "" || stderr != want {
			t.Errorf("--ignore %q: exit %d, stdout %q, stderr %q\nwant %q", bad, code, stdout, stderr, want)
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
// one validator and registry.
func TestValidateFolderConcurrent(t *testing.T) {
	files, _, err := expandPaths([]string{"testdata/templates"})
	if err != nil {
		t.Fatal(err)
	}
	var want strings.Builder
	for _, f := range files {
		_, stdout, _ := pipegen(t, "validate", f)
		want.WriteString(stdout)
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
