package output

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/pipegen/pipegen/schema"
)

// sample is a run over three files: one with an error and a warning, one
// with only an info finding (the user's file name needs escaping in every
// format), one clean. The findings are out of order on purpose.
var sampleFiles = []string{"templates/bad.yaml", "templates/a <&> \"b\".yml", "templates/good.yaml"}

func sample() []schema.Finding {
	return []schema.Finding{
		{File: "templates/bad.yaml", Pos: schema.Pos{Line: 5, Col: 7}, Severity: schema.Error, Rule: "E3002",
			Path: "Resources/Bucket/Properties/Versioning", Message: "unknown property Versioning"},
		{File: `templates/a <&> "b".yml`, Pos: schema.Pos{Line: 3, Col: 3}, Severity: schema.Info, Rule: "I3038",
			Path: "Resources/Fn", Message: "AWS::Serverless::Function <not> checked & \"quoted\"\x01"},
		{File: "templates/bad.yaml", Pos: schema.Pos{Line: 2, Col: 3}, Severity: schema.Warning, Rule: "W2001",
			Path: "Parameters/P", Message: "parameter P is never used"},
	}
}

func write(t *testing.T, format string, opts Options, findings []schema.Finding, files []string) string {
	t.Helper()
	w, err := New(format, opts)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := w.Write(&buf, findings, files); err != nil {
		t.Fatal(err)
	}
	// Deterministic: a second run over the same input writes the same bytes.
	var again bytes.Buffer
	if err := w.Write(&again, findings, files); err != nil || again.String() != buf.String() {
		t.Fatalf("%s output differs between runs (err %v)", format, err)
	}
	return buf.String()
}

func TestNew(t *testing.T) {
	for _, f := range Formats {
		if _, err := New(f, Options{}); err != nil {
			t.Errorf("New(%q): %v", f, err)
		}
	}
	if _, err := New("xml", Options{}); err == nil || !strings.Contains(err.Error(), "text, json, sarif, junit") {
		t.Errorf("New(xml): %v", err)
	}
}

func TestCountAndFailed(t *testing.T) {
	s := Count(sample(), sampleFiles)
	if s != (Summary{Files: 3, Errors: 1, Warnings: 1, Infos: 1}) {
		t.Fatalf("Count = %+v", s)
	}
	tests := []struct {
		s      Summary
		strict bool
		want   bool
	}{
		{Summary{}, false, false},
		{Summary{}, true, false},
		{Summary{Errors: 1}, false, true},
		{Summary{Warnings: 2}, false, false},
		{Summary{Warnings: 2}, true, true},
		{Summary{Infos: 3}, true, false},
	}
	for _, tt := range tests {
		if got := tt.s.Failed(tt.strict); got != tt.want {
			t.Errorf("%+v.Failed(%v) = %v, want %v", tt.s, tt.strict, got, tt.want)
		}
	}
}

func TestWritersDoNotReorderTheirInput(t *testing.T) {
	in := sample()
	before := append([]schema.Finding(nil), in...)
	for _, f := range Formats {
		write(t, f, Options{}, in, sampleFiles)
	}
	for i := range in {
		if in[i] != before[i] {
			t.Fatalf("a writer changed its input at %d", i)
		}
	}
}

// hostile is a finding whose file, path and message carry what a template
// can smuggle into them: newlines and a carriage return that would forge a
// finding line for a CI problem matcher, terminal escape sequences (ESC and
// the one-byte CSI U+009B), a Unicode line separator and a bidi override.
func hostile() []schema.Finding {
	return []schema.Finding{{
		File: "t\nforged.yaml:1:1: error E9999 file.yaml", Pos: schema.Pos{Line: 2, Col: 3}, Severity: schema.Error, Rule: "E3006",
		Path:    "Resources/B/Type",
		Message: "unknown resource type AWS::S3::Bucket\nforged.yaml:1:1: error E9999 forged\r\x1b[2K\x1b]0;title\x07\u009b31m\u2028\u202eevil",
	}}
}

// TestTextEscapesControlCharacters: every finding is exactly one line, with
// no control character left for a terminal or a problem matcher to act on.
func TestTextEscapesControlCharacters(t *testing.T) {
	got := write(t, "text", Options{}, hostile(), nil)
	want := `t\nforged.yaml:1:1: error E9999 file.yaml:2:3: error E3006 Resources/B/Type: unknown resource type AWS::S3::Bucket\nforged.yaml:1:1: error E9999 forged\r\x1b[2K\x1b]0;title\x07\u009b31m\u2028\u202eevil` + "\n"
	if got != want {
		t.Fatalf("got\n%q\nwant\n%q", got, want)
	}
}

// TestMachineFormatsKeepControlCharactersInside: JSON, SARIF and JUnit
// escape what they carry, so the hostile finding stays one finding, its
// text intact (JSON, SARIF: a consumer gets the exact text) or escaped as in
// text (JUnit), and no newline, line separator or other C0 control reaches
// the output raw.
func TestMachineFormatsKeepControlCharactersInside(t *testing.T) {
	f := hostile()[0]
	for _, format := range []string{"json", "sarif", "junit"} {
		out := write(t, format, Options{}, hostile(), []string{f.File})
		if i := strings.IndexFunc(out, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r == '\u2028' }); i >= 0 {
			t.Errorf("%s: raw control character or line separator %q at byte %d", format, out[i], i)
		}
		if n := strings.Count(out, "forged.yaml:1:1: error E9999 forged"); n != 1 {
			t.Errorf("%s: the forged line appears %d times, want once, inside the message", format, n)
		}
	}
	var doc JSONDocument
	if err := json.Unmarshal([]byte(write(t, "json", Options{}, hostile(), nil)), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Findings) != 1 || doc.Findings[0].Message != f.Message || doc.Findings[0].File != f.File {
		t.Errorf("json: the finding does not come back intact: %+v", doc.Findings)
	}
	var sarif map[string]any
	if err := json.Unmarshal([]byte(write(t, "sarif", Options{}, hostile(), nil)), &sarif); err != nil {
		t.Fatal(err)
	}
	if results := get(t, sarif, "runs", 0, "results").([]any); len(results) != 1 ||
		get(t, results[0], "message", "text") != f.Path+": "+f.Message {
		t.Errorf("sarif: want one result with the message intact, got %v", results)
	}
	junit := parseJUnit(t, write(t, "junit", Options{}, hostile(), nil))
	if c := junit.Suites[0].Cases; len(c) != 1 || c[0].Name != f.File || c[0].Failure == nil || c[0].Failure.Text != f.String() || strings.Contains(c[0].Failure.Text, "\n") {
		t.Errorf("junit: want one case named by the file, one escaped finding line: %+v", c)
	}
}
