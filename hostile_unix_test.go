//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// mkfifo makes a named pipe, or skips the test where it cannot.
func mkfifo(t *testing.T, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
}

// within runs the command line and fails the test if it has not ended in
// time: the bugs these tests guard against hang rather than fail.
func within(t *testing.T, limit time.Duration, args ...string) (int, string, string) {
	t.Helper()
	type result struct {
		code           int
		stdout, stderr string
	}
	done := make(chan result, 1)
	go func() {
		code, stdout, stderr := pipegen(t, args...)
		done <- result{code, stdout, stderr}
	}()
	select {
	case r := <-done:
		return r.code, r.stdout, r.stderr
	case <-time.After(limit):
		t.Fatalf("pipegen %s did not end within %v", strings.Join(args, " "), limit)
	}
	return 0, "", ""
}

// TestValidateSkipsNamedPipeInFolder: a named pipe in a validated folder is
// passed over with a note on standard error (it is no template's finding),
// instead of waiting forever for a writer; the folder's files are checked.
func TestValidateSkipsNamedPipeInFolder(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "good.yaml"), cleanTemplate)
	mkfifo(t, filepath.Join(dir, "pipe.yaml"))
	code, stdout, stderr := within(t, 20*time.Second, "validate", dir)
	want := "pipegen: skipped " + filepath.Join(dir, "pipe.yaml") + ": a named pipe, not a regular file\n1 file(s) checked: 0 error(s), 0 warning(s)\n"
	if code != 0 || stdout != "" || stderr != want {
		t.Fatalf("exit %d, stdout %q\nstderr %q\nwant   %q", code, stdout, stderr, want)
	}
}

// TestValidateCapsNamedPipe: a named pipe given by name is read, but only
// up to the cap, however much its writer sends; /dev/zero, a device given
// by name, too.
func TestValidateCapsNamedPipe(t *testing.T) {
	pipe := filepath.Join(t.TempDir(), "pipe.yaml")
	mkfifo(t, pipe)
	go func() {
		f, err := os.OpenFile(pipe, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer f.Close()
		chunk := make([]byte, 64<<10)
		for range 64 { // 4 MB, or until the reader closes its end (EPIPE)
			if _, err := f.Write(chunk); err != nil {
				return
			}
		}
	}()
	code, stdout, _ := within(t, 20*time.Second, "validate", pipe)
	if code != 1 || !strings.HasPrefix(stdout, pipe+":1:1: error E0000 the file is larger than 2 MB") {
		t.Fatalf("exit %d: %q", code, stdout)
	}
	if _, err := os.Stat("/dev/zero"); err != nil {
		return
	}
	code, stdout, _ = within(t, 20*time.Second, "validate", "/dev/zero")
	if code != 1 || !strings.HasPrefix(stdout, "/dev/zero:1:1: error E0000 the file is larger than 2 MB") {
		t.Fatalf("/dev/zero: exit %d: %q", code, stdout)
	}
}

// TestGenerateSkipsNamedPipeTemplate: a named pipe in the --templates folder
// is passed over with a warning, the built-in file of its name used.
func TestGenerateSkipsNamedPipeTemplate(t *testing.T) {
	dir := t.TempDir()
	mkfifo(t, filepath.Join(dir, "_bucket.tmpl"))
	out := filepath.Join(t.TempDir(), "pipeline.yml")
	code, _, stderr := within(t, 30*time.Second, "generate", "--project-dir", "testdata/app", "--templates", dir, out)
	if code != 0 || !strings.Contains(stderr, "pipegen: warning: --templates: skipped _bucket.tmpl: a named pipe, not a regular file (the built-in file of that name, if any, is used)") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if data, err := os.ReadFile(out); err != nil || !strings.Contains(string(data), "AWS::S3::Bucket") {
		t.Fatalf("no pipeline written: %v", err)
	}
}
