package output

import (
	"testing"

	"github.com/pipegen/pipegen/schema"
)

func TestText(t *testing.T) {
	got := write(t, "text", Options{}, sample(), sampleFiles)
	want := `templates/a <&> "b".yml:3:3: info I3038 Resources/Fn: AWS::Serverless::Function <not> checked & "quoted"\x01` + "\n" +
		"templates/bad.yaml:2:3: warning W2001 Parameters/P: parameter P is never used\n" +
		"templates/bad.yaml:5:7: error E3002 Resources/Bucket/Properties/Versioning: unknown property Versioning\n"
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	if got := write(t, "text", Options{}, nil, sampleFiles); got != "" {
		t.Fatalf("no findings: got %q", got)
	}
	noPath := []schema.Finding{{File: "x.yaml", Pos: schema.Pos{Line: 1, Col: 1}, Rule: "E0000", Message: "the file is empty"}}
	if got := write(t, "text", Options{}, noPath, nil); got != "x.yaml:1:1: error E0000 the file is empty\n" {
		t.Fatalf("finding without path: %q", got)
	}
}
