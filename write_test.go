package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The write guarantees of generate and templates export, end to end; the
// cases one by one are in render/safewrite.

func TestGenerateWritesThroughALink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real", "pipeline.yml")
	writeFile(t, target, "old")
	link := filepath.Join(dir, "pipeline.yml")
	if err := os.Symlink(filepath.Join("real", "pipeline.yml"), link); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := pipegen(t, "generate", "--app-name", "demo", link); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v %v", info.Mode(), err)
	}
	if data, _ := os.ReadFile(target); !strings.Contains(string(data), "AWS::CodePipeline::Pipeline") {
		t.Fatalf("the link's target keeps %q", data)
	}
}

func TestGenerateWritesIntoAPipe(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs")
	}
	fifo := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	got := make(chan []byte, 1)
	go func() {
		f, err := os.Open(fifo)
		if err != nil {
			got <- nil
			return
		}
		data, _ := io.ReadAll(f)
		f.Close()
		got <- data
	}()
	if code, _, stderr := pipegen(t, "generate", "--app-name", "demo", fifo); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	select {
	case data := <-got:
		if !bytes.Contains(data, []byte("AWS::CodePipeline::Pipeline")) {
			t.Fatalf("the pipe read %q", data)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("nothing came through the pipe")
	}
	if info, err := os.Lstat(fifo); err != nil || info.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("the pipe was replaced by %v", info.Mode())
	}
}

type fullWriter struct{}

func (fullWriter) Write([]byte) (int, error) { return 0, syscall.ENOSPC }

// generate -b bs.yml - >/dev/full: the buildspec stays as it was.
func TestFailedStdoutWritesNoBuildspec(t *testing.T) {
	dir := t.TempDir()
	buildspec := filepath.Join(dir, "buildspec.yml")
	writeFile(t, buildspec, "old")
	var stderr bytes.Buffer
	code := run([]string{"pipegen", "generate", "--app-name", "demo", "-b", buildspec, "-"},
		strings.NewReader(""), fullWriter{}, &stderr, testNow)
	if code != exitUsage || !strings.Contains(stderr.String(), "write standard output: no space left on device: nothing was written") {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if data, _ := os.ReadFile(buildspec); string(data) != "old" {
		t.Fatalf("the buildspec was replaced: %.100q", data)
	}
	if files := listDir(t, dir); len(files) != 1 {
		t.Fatalf("left behind: %v", files)
	}
}

// generate - >&-: the template would be lost, so it is exit 2. The test
// runs itself as a child with standard output closed.
func TestClosedStdoutIsAnError(t *testing.T) {
	if os.Getenv("PIPEGEN_CLOSED_STDOUT_CHILD") == "1" {
		os.Exit(run([]string{"pipegen", "generate", "--app-name", "demo", "-"},
			strings.NewReader(""), stdoutWriter(), os.Stderr, testNow))
	}
	if runtime.GOOS == "windows" {
		t.Skip("needs a shell")
	}
	cmd := exec.Command("sh", "-c", `exec "$0" -test.run='^TestClosedStdoutIsAnError$' >&-`, os.Args[0])
	cmd.Env = append(os.Environ(), "PIPEGEN_CLOSED_STDOUT_CHILD=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitUsage {
		t.Fatalf("want exit %d, got %v: %s", exitUsage, err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "standard output is closed") {
		t.Fatalf("stderr: %s", stderr.String())
	}
}

// A shell's >/dev/null is write-only: that is not a closed stdout.
func TestDevNullIsNotClosedStdout(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("unix only")
	}
	f, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if closedAtStart(f) {
		t.Fatal("a write-only /dev/null was taken for a closed stdout")
	}
}

func TestGenerateKeepsTheMode(t *testing.T) {
	out := filepath.Join(t.TempDir(), "pipeline.yml")
	writeFile(t, out, "old")
	if err := os.Chmod(out, 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := pipegen(t, "generate", "--app-name", "demo", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if info, _ := os.Stat(out); info.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, want 0600 as before", info.Mode().Perm())
	}
}

func TestGenerateNamesTheReadOnlyFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes into read-only folders")
	}
	dir := filepath.Join(t.TempDir(), "ro")
	if err := os.Mkdir(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := pipegen(t, "generate", "--app-name", "demo", filepath.Join(dir, "pipeline.yml"))
	if code != exitUsage || !strings.Contains(stderr, "cannot create files in the folder "+dir) {
		t.Fatalf("exit %d: %s", code, stderr)
	}
}

// A dangling link at a template's name counts as a file: no --force, no write.
func TestExportRefusesADanglingLink(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, "_bucket.tmpl")
	if err := os.Symlink("nowhere", link); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := pipegen(t, "templates", "export", dir)
	if code != exitUsage || !strings.Contains(stderr, "refusing to overwrite "+link) {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, err := os.Lstat(filepath.Join(dir, "nowhere")); err == nil {
		t.Fatal("export wrote through the link without --force")
	}
	if files := listDir(t, dir); len(files) != 1 {
		t.Fatalf("export wrote files although it refused: %v", files)
	}
}

// generate /dev/stdout >> build.log appends the template to the log, as a
// shell's redirection promises, and keeps what the log held (review M1:
// the log was replaced). The test runs itself as a child.
func TestDevStdoutAppendsToTheRedirectedFile(t *testing.T) {
	if os.Getenv("PIPEGEN_DEV_STDOUT_CHILD") == "1" {
		os.Exit(run([]string{"pipegen", "generate", "--app-name", "demo", "/dev/stdout"},
			strings.NewReader(""), stdoutWriter(), os.Stderr, testNow))
	}
	if _, err := os.Stat("/dev/stdout"); err != nil || runtime.GOOS == "windows" {
		t.Skip("no /dev/stdout here")
	}
	log := filepath.Join(t.TempDir(), "build.log")
	if err := os.WriteFile(log, []byte("# earlier steps\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("sh", "-c", `exec "$0" -test.run='^TestDevStdoutAppendsToTheRedirectedFile$' >>"$1"`, os.Args[0], log)
	cmd.Env = append(os.Environ(), "PIPEGEN_DEV_STDOUT_CHILD=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	data, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	text, ok := strings.CutPrefix(string(data), "# earlier steps\n")
	if !ok {
		t.Fatalf("the log lost what it held:\n%.200s", data)
	}
	if !strings.Contains(text, "AWSTemplateFormatVersion") {
		t.Fatalf("the template was not appended:\n%.200s", text)
	}
}

// generate -b bs.yml - into a pipe nobody reads: the write fails with
// EPIPE instead of SIGPIPE killing the process between two writes, so the
// buildspec is put back, no temporary file is left, and the exit is 2
// (review m1: exit 141 and a .tmp file beside bs.yml). The test runs
// itself as a child whose standard output is such a pipe.
func TestBrokenPipeWritesNothing(t *testing.T) {
	if dir := os.Getenv("PIPEGEN_BROKEN_PIPE_CHILD"); dir != "" {
		os.Exit(run([]string{"pipegen", "generate", "--app-name", "demo", "--project-dir", dir, "-b", filepath.Join(dir, "bs.yml"), "-"},
			strings.NewReader(""), stdoutWriter(), os.Stderr, testNow))
	}
	if runtime.GOOS == "windows" {
		t.Skip("no SIGPIPE")
	}
	dir := t.TempDir()
	buildspec := filepath.Join(dir, "bs.yml")
	if err := os.WriteFile(buildspec, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	r.Close() // nobody reads
	cmd := exec.Command(os.Args[0], "-test.run=^TestBrokenPipeWritesNothing$")
	cmd.Env = append(os.Environ(), "PIPEGEN_BROKEN_PIPE_CHILD="+dir)
	cmd.Stdout = w
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err = cmd.Run()
	w.Close()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitUsage {
		t.Fatalf("want exit %d, got %v: %s", exitUsage, err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "nothing was written") {
		t.Errorf("stderr: %s", stderr.String())
	}
	if data, _ := os.ReadFile(buildspec); string(data) != "old\n" {
		t.Errorf("the buildspec is %q, want it put back", data)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left in the folder: %v", entries)
	}
}

// A path through a file names that file, as root too (review n2: the
// read-only folder test above cannot run as root, and CI runs as root).
func TestGenerateNamesTheFileInThePath(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{filepath.Join(file, "pipeline.yml"), filepath.Join(file, "ci", "pipeline.yml")} {
		code, _, stderr := pipegen(t, "generate", "--app-name", "demo", out)
		if code != exitUsage || !strings.Contains(stderr, file+" is a file, not a folder: nothing was written") {
			t.Fatalf("%s: exit %d: %s", out, code, stderr)
		}
	}
}
