package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pipegen/pipegen/schema"
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

// endless is standard input that never ends: zeros, until a test-sized
// limit, after which it fails, so that a reader with no cap of its own
// fails the test instead of exhausting memory.
type endless struct{ read, limit int }

func (e *endless) Read(p []byte) (int, error) {
	if e.read >= e.limit {
		return 0, errors.New("read past the limit: no cap on the input")
	}
	n := min(len(p), e.limit-e.read)
	clear(p[:n])
	e.read += n
	return n, nil
}

// TestValidateCapsStandardInput: standard input is read up to
// schema.MaxFileSize bytes, then refused with a finding naming it.
func TestValidateCapsStandardInput(t *testing.T) {
	in := &endless{limit: 64 << 20}
	var stdout, stderr bytes.Buffer
	code := run([]string{"pipegen", "validate", "-"}, in, &stdout, &stderr, testNow)
	want := "<stdin>:1:1: error E0000 the file is larger than 2 MB: refusing it (CloudFormation takes templates of up to 1 MB)\n"
	if code != 1 || stdout.String() != want {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout.String(), stderr.String())
	}
	if in.read > schema.MaxFileSize+64<<10 {
		t.Errorf("read %d bytes of standard input, want about %d", in.read, schema.MaxFileSize)
	}
}

// TestValidateCapsLargeFile: a regular file over the cap is refused from its
// size, a buildspec with the buildspec rule; one at the cap is checked.
func TestValidateCapsLargeFile(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.yaml")
	writeFile(t, big, cleanTemplate)
	if err := os.Truncate(big, schema.MaxFileSize+1); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	code, stdout, _ := pipegen(t, "validate", big)
	if code != 1 || stdout != big+":1:1: error E0000 the file is larger than 2 MB: refusing it (CloudFormation takes templates of up to 1 MB)\n" {
		t.Fatalf("exit %d: %q", code, stdout)
	}
	code, stdout, _ = pipegen(t, "validate", "--buildspec", big)
	if code != 1 || stdout != big+":1:1: error E3101 buildspec: the file is larger than 2 MB: refusing it\n" {
		t.Fatalf("--buildspec: exit %d: %q", code, stdout)
	}
	atCap := filepath.Join(dir, "at-cap.yaml")
	writeFile(t, atCap, cleanTemplate+"# "+strings.Repeat("x", schema.MaxFileSize-len(cleanTemplate)-3)+"\n")
	// (checked: a template of 2 MB is over CloudFormation's 1 MB, E1002)
	want := atCap + ":1:1: error E1002 the template is 2,097,152 bytes, over CloudFormation's limit of 1,000,000 bytes (1 MB, for a template in S3): split it, for example into nested stacks\n"
	if code, stdout, _ := pipegen(t, "validate", atCap); code != 1 || stdout != want {
		t.Fatalf("a file of exactly %d bytes: exit %d: %.300s", schema.MaxFileSize, code, stdout)
	}
}
