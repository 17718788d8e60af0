package output

import (
	"bytes"
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
