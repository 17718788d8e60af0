package render

import (
	"testing"
	"testing/fstest"
)

func TestTrace(t *testing.T) {
	files := fstest.MapFS{
		"a.tmpl":  {Data: []byte("Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketNam: {{ .AppName }}\n")},
		"_b.tmpl": {Data: []byte("{{ define \"x\" }}\n    Type: AWS::S3::Bucket\n  Unique: yes\n{{ end }}\n")},
	}
	tr := NewTracer(files)
	tests := []struct {
		output, want string
	}{
		{"      BucketNam: helloworld", "a.tmpl:5"},
		{"  Unique: yes", "_b.tmpl:3"},
		{"    Type: AWS::S3::Bucket", ""}, // in both files: ambiguous
		{"  Other: 1", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, ok := tr.Trace(tt.output)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("Trace(%q) = %q, %v; want %q", tt.output, got, ok, tt.want)
		}
	}
}
