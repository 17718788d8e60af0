package output

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pipegen/pipegen/schema"
)

// get walks a decoded JSON value: string keys index objects, ints index arrays.
func get(t *testing.T, v any, path ...any) any {
	t.Helper()
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				t.Fatalf("%v: not an object at %q", path, k)
			}
			if v, ok = m[k]; !ok {
				t.Fatalf("%v: no property %q", path, k)
			}
		case int:
			a, ok := v.([]any)
			if !ok || k >= len(a) {
				t.Fatalf("%v: no item %d", path, k)
			}
			v = a[k]
		}
	}
	return v
}

func TestSARIF(t *testing.T) {
	out := write(t, "sarif", Options{Version: "1.2.3"}, sample(), sampleFiles)
	var log map[string]any
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	checks := []struct {
		path []any
		want any
	}{
		{[]any{"$schema"}, "https://json.schemastore.org/sarif-2.1.0.json"},
		{[]any{"version"}, "2.1.0"},
		{[]any{"runs", 0, "tool", "driver", "name"}, "pipegen"},
		{[]any{"runs", 0, "tool", "driver", "informationUri"}, "https://github.com/pipegen/pipegen"},
		{[]any{"runs", 0, "tool", "driver", "version"}, "1.2.3"},
		{[]any{"runs", 0, "columnKind"}, "unicodeCodePoints"},
	}
	for _, c := range checks {
		if got := get(t, log, c.path...); got != c.want {
			t.Errorf("%v = %v, want %v", c.path, got, c.want)
		}
	}
	if n := len(get(t, log, "runs").([]any)); n != 1 {
		t.Errorf("%d runs, want 1", n)
	}

	// One reportingDescriptor per rule id that appears, sorted, each with a shortDescription.
	rules := get(t, log, "runs", 0, "tool", "driver", "rules").([]any)
	wantRules := []struct{ id, level string }{{"E3002", "error"}, {"I3038", "note"}, {"W2001", "warning"}}
	if len(rules) != len(wantRules) {
		t.Fatalf("%d rules, want %d", len(rules), len(wantRules))
	}
	ruleIndex := map[string]int{}
	for i, w := range wantRules {
		if id := get(t, rules[i], "id"); id != w.id {
			t.Errorf("rules[%d].id = %v, want %s", i, id, w.id)
		}
		ruleIndex[w.id] = i
		if d := get(t, rules[i], "shortDescription", "text"); d != schema.DescribeRule(w.id) || d == "" {
			t.Errorf("rules[%d].shortDescription.text = %q", i, d)
		}
		for _, p := range []string{"fullDescription", "help"} { // GitHub's ingestion rules (GH2012) want both
			if d, _ := get(t, rules[i], p, "text").(string); d == "" {
				t.Errorf("rules[%d].%s.text is empty", i, p)
			}
		}
		if l := get(t, rules[i], "defaultConfiguration", "level"); l != w.level {
			t.Errorf("rules[%d] level = %v, want %s", i, l, w.level)
		}
	}

	// Results in file and position order, with level, message and location.
	results := get(t, log, "runs", 0, "results").([]any)
	want := []struct {
		rule, level, text, uri string
		line, col              float64
	}{
		{"I3038", "note", `Resources/Fn: AWS::Serverless::Function <not> checked & "quoted"` + "\x01", "templates/a%20%3C&%3E%20%22b%22.yml", 3, 3},
		{"W2001", "warning", "Parameters/P: parameter P is never used", "templates/bad.yaml", 2, 3},
		{"E3002", "error", "Resources/Bucket/Properties/Versioning: unknown property Versioning", "templates/bad.yaml", 5, 7},
	}
	if len(results) != len(want) {
		t.Fatalf("%d results, want %d", len(results), len(want))
	}
	for i, w := range want {
		r := results[i]
		if got := get(t, r, "ruleId"); got != w.rule {
			t.Errorf("results[%d].ruleId = %v, want %s", i, got, w.rule)
		}
		if got := get(t, r, "ruleIndex"); got != float64(ruleIndex[w.rule]) {
			t.Errorf("results[%d].ruleIndex = %v, want %d", i, got, ruleIndex[w.rule])
		}
		if got := get(t, r, "level"); got != w.level {
			t.Errorf("results[%d].level = %v, want %s", i, got, w.level)
		}
		if got := get(t, r, "message", "text"); got != w.text {
			t.Errorf("results[%d].message.text = %q, want %q", i, got, w.text)
		}
		loc := get(t, r, "locations", 0, "physicalLocation")
		if got := get(t, loc, "artifactLocation", "uri"); got != w.uri {
			t.Errorf("results[%d] uri = %v, want %s", i, got, w.uri)
		}
		if got := get(t, loc, "region", "startLine"); got != w.line {
			t.Errorf("results[%d] startLine = %v, want %v", i, got, w.line)
		}
		if got := get(t, loc, "region", "startColumn"); got != w.col {
			t.Errorf("results[%d] startColumn = %v, want %v", i, got, w.col)
		}
	}
}

func TestSARIFEmpty(t *testing.T) {
	var log map[string]any
	if err := json.Unmarshal([]byte(write(t, "sarif", Options{}, nil, []string{"a.yaml"})), &log); err != nil {
		t.Fatal(err)
	}
	if r, ok := get(t, log, "runs", 0, "results").([]any); !ok || len(r) != 0 {
		t.Errorf("results = %#v, want []", r)
	}
	if r, ok := get(t, log, "runs", 0, "tool", "driver", "rules").([]any); !ok || len(r) != 0 {
		t.Errorf("rules = %#v, want []", r)
	}
}

func TestFileURI(t *testing.T) {
	tests := map[string]string{
		"pipeline.yml":          "pipeline.yml",
		"tmpl/ci/pipeline.yaml": "tmpl/ci/pipeline.yaml",
		"my templates/a#1.yml":  "my%20templates/a%231.yml",
		"<stdin>":               "%3Cstdin%3E",
		"c:pipeline.yml":        "./c:pipeline.yml", // not a URI scheme
		"./x.yaml":              "./x.yaml",
	}
	if filepath.Separator == '\\' {
		tests[`tmpl\ci\pipeline.yaml`] = "tmpl/ci/pipeline.yaml"
	}
	for in, want := range tests {
		if got := fileURI(in); got != want {
			t.Errorf("fileURI(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSARIFMultitool checks the output with Microsoft's SARIF validator and
// its GitHub code scanning rules (GH*), when it is installed:
// npm install @microsoft/sarif-multitool-linux (5.x), then put Sarif.Multitool
// on PATH or name it in SARIF_MULTITOOL.
func TestSARIFMultitool(t *testing.T) {
	tool := os.Getenv("SARIF_MULTITOOL")
	if tool == "" {
		var err error
		if tool, err = exec.LookPath("Sarif.Multitool"); err != nil {
			t.Skip("Sarif.Multitool is not on PATH and SARIF_MULTITOOL is not set: skipped")
		}
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "pipegen.sarif")
	if err := os.WriteFile(in, []byte(write(t, "sarif", Options{Version: "1.2.3"}, sample(), sampleFiles)), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{"Sarif", "Gh"} {
		out, err := exec.Command(tool, "validate", "--rule-kind", kind, "-o", filepath.Join(dir, kind+".sarif"), in).CombinedOutput()
		if err != nil || strings.Contains(string(out), ": error ") {
			t.Errorf("Sarif.Multitool validate --rule-kind %s: %v\n%s", kind, err, out)
		}
	}
}
