package main

import (
	"strings"
	"testing"
)

// Hostile inputs to `pipegen validate` (issue 10): each must end quickly,
// in bounded memory, with a finding or a usage error.

// TestValidateEscapesForgedLines: a resource type, a property name and a
// Ref target holding a newline, a carriage return and terminal escapes come
// out as escapes, one line per finding, so a CI problem matcher reading the
// output sees no forged finding.
func TestValidateEscapesForgedLines(t *testing.T) {
	dir := t.TempDir()
	path := dir + "/t.json"
	writeFile(t, path, `{"Resources": {
 "B": {"Type": "AWS::S3::Bucket\nt.json:1:1: error E9999 forged", "Properties": {}},
 "C": {"Type": "AWS::SNS::Topic", "Properties": {"Topic\u001b[31mName\u001b[0m": {"Ref": "X\ry\u009b"}}}}}`)
	code, stdout, _ := pipegen(t, "validate", path)
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if code != 1 || len(lines) != 3 {
		t.Fatalf("exit %d, want 3 finding lines, got %d:\n%s", code, len(lines), stdout)
	}
	for _, want := range []string{
		`unknown resource type AWS::S3::Bucket\nt.json:1:1: error E9999 forged`,
		`Resources/C/Properties/Topic\x1b[31mName\x1b[0m: unknown property Topic\x1b[31mName\x1b[0m`,
		`Ref to X\ry\u009b, which is not`,
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("missing %q in\n%s", want, stdout)
		}
	}
	if strings.ContainsAny(stdout, "\r\x1b\u009b") {
		t.Errorf("a raw control character in the output:\n%q", stdout)
	}
}
