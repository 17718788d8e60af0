//go:build unix

package safewrite

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// TestOwnDescriptorIsAppendedTo: a name of one of the process's own
// descriptors open on a regular file with O_APPEND (a shell's `>> log`)
// is written through the descriptor: what the log held stays, the new text
// follows it, and the file is the same file (not replaced by a rename).
// Following the links to the file and replacing it, as for any regular
// file, loses the log (review M1).
func TestOwnDescriptorIsAppendedTo(t *testing.T) {
	if _, err := os.Stat("/dev/fd/0"); err != nil {
		t.Skip("no /dev/fd here")
	}
	dir := t.TempDir()
	log := filepath.Join(dir, "build.log")
	write(t, log, "before\n", 0o644)
	f, err := os.OpenFile(log, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fd := strconv.Itoa(int(f.Fd()))
	link := filepath.Join(dir, "out.yml")
	if err := os.Symlink("/dev/fd/"+fd, link); err != nil {
		t.Fatal(err)
	}
	before, _ := os.Stat(log)
	names := []string{"/dev/fd/" + fd, link}
	if _, err := os.Stat("/proc/self/fd/" + fd); err == nil {
		names = append(names, "/proc/self/fd/"+fd, "/proc/"+strconv.Itoa(os.Getpid())+"/fd/"+fd)
	}
	want := "before\n"
	for _, name := range names {
		if err := Write(context.Background(), File{Path: name, Data: []byte(name + "\n")}); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want += name + "\n"
	}
	if got := read(t, log); got != want {
		t.Errorf("the log holds %q, want %q", got, want)
	}
	after, _ := os.Stat(log)
	if !os.SameFile(before, after) {
		t.Error("the log was replaced, not written through its descriptor")
	}
	if leftovers(t, dir) != nil {
		t.Errorf("left behind: %v", leftovers(t, dir))
	}
}

// TestClosedDescriptorIsAnError: a descriptor the process does not have
// open is an error, not a file created under /proc.
func TestClosedDescriptorIsAnError(t *testing.T) {
	if _, err := os.Stat("/dev/fd/0"); err != nil {
		t.Skip("no /dev/fd here")
	}
	err := Write(context.Background(), File{Path: "/dev/fd/987", Data: []byte("x")})
	if err == nil || err.Error() != "write /dev/fd/987: descriptor 987 is not open" {
		t.Fatalf("got %v", err)
	}
}

func TestDescriptorPath(t *testing.T) {
	for path, want := range map[string]int{"/dev/stdout": 1, "/dev/stderr": 2, "/dev/stdin": 0, "/dev/fd/7": 7, "/proc/self/fd/12": 12} {
		if got, ok := descriptorPath(path); !ok || got != want {
			t.Errorf("%s: got %d, %v", path, got, ok)
		}
	}
	for _, path := range []string{"/dev/fd/", "/dev/fd/x", "/dev/fd/01", "/dev/fd/-1", "/dev/fd/1/x", "/dev/null", "/proc/1/fd/1x", "/tmp/stdout"} {
		if got, ok := descriptorPath(path); ok {
			t.Errorf("%s: read as descriptor %d", path, got)
		}
	}
}
