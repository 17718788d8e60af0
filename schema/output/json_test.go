package output

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestJSON(t *testing.T) {
	out := write(t, "json", Options{}, sample(), sampleFiles)
	var doc JSONDocument
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !reflect.DeepEqual(doc.Files, sampleFiles) {
		t.Errorf("files = %q", doc.Files)
	}
	if doc.Summary != (Summary{Files: 3, Errors: 1, Warnings: 1, Infos: 1}) {
		t.Errorf("summary = %+v", doc.Summary)
	}
	want := []JSONFinding{
		{File: `templates/a <&> "b".yml`, Line: 3, Column: 3, Severity: "info", Rule: "I3038", Path: "Resources/Fn",
			Message: "AWS::Serverless::Function <not> checked & \"quoted\"\x01"},
		{File: "templates/bad.yaml", Line: 2, Column: 3, Severity: "warning", Rule: "W2001", Path: "Parameters/P",
			Message: "parameter P is never used"},
		{File: "templates/bad.yaml", Line: 5, Column: 7, Severity: "error", Rule: "E3002",
			Path: "Resources/Bucket/Properties/Versioning", Message: "unknown property Versioning"},
	}
	if !reflect.DeepEqual(doc.Findings, want) {
		t.Errorf("findings =\n%+v\nwant\n%+v", doc.Findings, want)
	}
	// The key names and order are the format's contract.
	for _, key := range []string{`"files"`, `"findings"`, `"summary"`} {
		if !strings.Contains(out, key) {
			t.Errorf("missing key %s", key)
		}
	}
	if i, j := strings.Index(out, `"file":`), strings.Index(out, `"message":`); i < 0 || j < i {
		t.Errorf("finding keys out of order:\n%s", out)
	}
	if !strings.Contains(out, `    {
      "file": "templates/a <&> \"b\".yml",
      "line": 3,
      "column": 3,
      "severity": "info",
      "rule": "I3038",
      "path": "Resources/Fn",
      "message": "AWS::Serverless::Function <not> checked & \"quoted\"\u0001"
    },`) {
		t.Errorf("unexpected layout:\n%s", out)
	}
}

func TestJSONEmptyListsAreNotNull(t *testing.T) {
	out := write(t, "json", Options{}, nil, nil)
	var raw map[string]any
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatal(err)
	}
	if _, ok := raw["findings"].([]any); !ok {
		t.Errorf("findings = %#v, want []", raw["findings"])
	}
	if _, ok := raw["files"].([]any); !ok {
		t.Errorf("files = %#v, want []", raw["files"])
	}
}
