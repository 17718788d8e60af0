//go:build unix

package safewrite

import (
	"context"
	"errors"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func write(t *testing.T, path, text string, mode fs.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// leftovers lists temporary and backup files in dir.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") || strings.Contains(e.Name(), ".bak-") {
			out = append(out, e.Name())
		}
	}
	return out
}

func TestNewFileGetsTheUmasksMode(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		umask int
		want  fs.FileMode
	}{{0o022, 0o644}, {0o077, 0o600}, {0o002, 0o664}} {
		old := syscall.Umask(c.umask)
		path := filepath.Join(dir, "new.yml")
		os.Remove(path)
		err := Write(context.Background(), File{Path: path, Data: []byte("x")})
		syscall.Umask(old)
		if err != nil {
			t.Fatal(err)
		}
		info, _ := os.Stat(path)
		if info.Mode().Perm() != c.want {
			t.Errorf("umask %03o: mode %v, want %v", c.umask, info.Mode().Perm(), c.want)
		}
	}
}

func TestReplacedFileKeepsItsMode(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p.yml")
	write(t, path, "old", 0o600)
	if err := Write(context.Background(), File{Path: path, Data: []byte("new")}); err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(path)
	if read(t, path) != "new" || info.Mode().Perm() != 0o600 {
		t.Errorf("content %q, mode %v; want new, 0600", read(t, path), info.Mode().Perm())
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("left behind %v", l)
	}
}

func TestLinksAreFollowed(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real.yml")
	write(t, target, "old", 0o640)
	link := filepath.Join(dir, "link.yml")
	if err := os.Symlink("real.yml", link); err != nil {
		t.Fatal(err)
	}
	if err := Write(context.Background(), File{Path: link, Data: []byte("new")}); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Lstat(link); info.Mode()&fs.ModeSymlink == 0 {
		t.Error("the link was replaced by a file")
	}
	if read(t, target) != "new" {
		t.Errorf("the target holds %q", read(t, target))
	}
	// A dangling link: its target is created.
	dangling := filepath.Join(dir, "dangling.yml")
	os.Symlink("sub/missing.yml", dangling)
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	if err := Write(context.Background(), File{Path: dangling, Data: []byte("made")}); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Lstat(dangling); info.Mode()&fs.ModeSymlink == 0 || read(t, filepath.Join(dir, "sub/missing.yml")) != "made" {
		t.Error("a dangling link's target should be created and the link kept")
	}
	// A loop cannot be written.
	loop := filepath.Join(dir, "loop")
	os.Symlink("loop", loop)
	if err := Write(context.Background(), File{Path: loop, Data: []byte("x")}); err == nil {
		t.Error("a link loop must be an error")
	}
}

func TestDevicesAndPipesAreWrittenInPlace(t *testing.T) {
	if err := Write(context.Background(), File{Path: "/dev/null", Data: []byte("x")}); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat("/dev/null"); err != nil || info.Mode()&fs.ModeCharDevice == 0 {
		t.Fatalf("/dev/null is no longer a device: %v %v", info.Mode(), err)
	}
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	got := make(chan string, 1)
	go func() {
		data, _ := os.ReadFile(fifo)
		got <- string(data)
	}()
	if err := Write(context.Background(), File{Path: fifo, Data: []byte("through the pipe")}); err != nil {
		t.Fatal(err)
	}
	if s := <-got; s != "through the pipe" {
		t.Errorf("the reader got %q", s)
	}
	if info, _ := os.Lstat(fifo); info.Mode()&fs.ModeNamedPipe == 0 {
		t.Error("the FIFO was replaced")
	}
	// Nobody reads: cancelling gives up, leaving nothing behind.
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	other := filepath.Join(dir, "other.yml")
	err := Write(ctx, File{Path: fifo, Data: []byte("x")}, File{Path: other, Data: []byte("y")})
	if err == nil || !strings.Contains(err.Error(), "interrupted") {
		t.Errorf("a FIFO nobody reads: %v, want interrupted", err)
	}
	if _, err := os.Stat(other); !errors.Is(err, fs.ErrNotExist) || len(leftovers(t, dir)) > 0 {
		t.Error("an interrupted write left files behind")
	}
}

func TestRefusesWhatIsNotAFile(t *testing.T) {
	dir := t.TempDir()
	sock := filepath.Join(dir, "s.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Skip("no unix sockets here:", err)
	}
	defer l.Close()
	for path, want := range map[string]string{dir: "it is a folder", sock: "refusing to replace it"} {
		if err := Write(context.Background(), File{Path: path, Data: []byte("x")}); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", path, err, want)
		}
	}
	if err := Write(context.Background(), File{Path: filepath.Join(dir, "a"), Data: nil}, File{Path: filepath.Join(dir, ".", "a"), Data: nil}); err == nil {
		t.Error("one file named twice must be an error")
	}
}

// TestAllOrNothing: a failure or an interruption at any step leaves every
// file as it was and nothing behind.
func TestAllOrNothing(t *testing.T) {
	steps := []string{"temp first", "temp second", "rename first", "rename second"}
	for _, failAt := range steps {
		for _, how := range []string{"cancel", "break"} {
			if how == "break" && !strings.HasPrefix(failAt, "rename") {
				continue // before second's temporary file exists there is nothing to break
			}
			t.Run(how+" at "+failAt, func(t *testing.T) {
				dir := t.TempDir()
				first, second := filepath.Join(dir, "first"), filepath.Join(dir, "second")
				write(t, first, "old first", 0o644)
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				stepHook = func(s string) {
					if s != failAt[:strings.Index(failAt, " ")+1]+filepath.Join(dir, failAt[strings.Index(failAt, " ")+1:]) {
						return
					}
					if how == "cancel" {
						cancel()
						return
					}
					// Break the step: the temporary file vanishes before its rename.
					matches, _ := filepath.Glob(filepath.Join(dir, ".second.tmp-*"))
					for _, m := range matches {
						os.Remove(m)
					}
				}
				defer func() { stepHook = nil }()
				err := Write(ctx, File{Path: first, Data: []byte("new first")}, File{Path: second, Data: []byte("new second")})
				if err == nil {
					t.Fatal("want an error")
				}
				if read(t, first) != "old first" {
					t.Errorf("first holds %q after the failure", read(t, first))
				}
				if _, err := os.Stat(second); !errors.Is(err, fs.ErrNotExist) {
					t.Error("second was created")
				}
				if l := leftovers(t, dir); len(l) > 0 {
					t.Errorf("left behind %v", l)
				}
			})
		}
	}
}

func TestErrorsNameTheFolder(t *testing.T) {
	err := folderError("ro/p.yml", "ro/", fs.ErrPermission)
	if !strings.Contains(err.Error(), "cannot create files in the folder ro/") {
		t.Errorf("%v", err)
	}
	err = Write(context.Background(), File{Path: filepath.Join(t.TempDir(), "no", "such", "p.yml"), Data: nil})
	if err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("a missing folder: %v", err)
	}
}

func TestExists(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, "dangling")
	os.Symlink("nowhere", link)
	if ok, err := Exists(link); !ok || err != nil {
		t.Errorf("a dangling link exists: %v %v", ok, err)
	}
	if ok, _ := Exists(filepath.Join(dir, "none")); ok {
		t.Error("nothing there")
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// A writer (standard output) gets its content only once every temporary
// file is written, and a failure there leaves every file as it was.
func TestWriterAfterTemporaryFiles(t *testing.T) {
	dir := t.TempDir()
	var out strings.Builder
	err := Write(context.Background(),
		File{Path: filepath.Join(dir, "missing", "buildspec.yml"), Data: []byte("b")},
		File{Path: "standard output", Data: []byte("template"), Writer: &out})
	if err == nil || out.Len() > 0 {
		t.Errorf("a failed temporary file must stop before standard output: %v, %q", err, out.String())
	}
	buildspec := filepath.Join(dir, "buildspec.yml")
	write(t, buildspec, "old", 0o644)
	err = Write(context.Background(),
		File{Path: buildspec, Data: []byte("new")},
		File{Path: "standard output", Data: []byte("template"), Writer: failingWriter{}})
	if err == nil || !strings.Contains(err.Error(), "write standard output: no space left") {
		t.Errorf("want the writer's error, got %v", err)
	}
	if read(t, buildspec) != "old" {
		t.Errorf("the buildspec was replaced though standard output failed")
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("left behind %v", l)
	}
}

// TestSameFileThroughLinks: two names of one file are refused, whether
// they differ by a linked folder or are hard links, and whether the file
// exists yet or not (review m2: the second write silently replaced the
// first).
func TestSameFileThroughLinks(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real")
	if err := os.Mkdir(real, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(real, filepath.Join(dir, "alias")); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(real, "old.yml"), "old\n", 0o644)
	if err := os.Link(filepath.Join(real, "old.yml"), filepath.Join(dir, "hard.yml")); err != nil {
		t.Fatal(err)
	}
	pairs := [][2]string{
		{"real/new.yml", "alias/new.yml"},
		{"real/old.yml", "alias/old.yml"},
		{"real/old.yml", "hard.yml"},
	}
	for _, pair := range pairs {
		a, b := filepath.Join(dir, pair[0]), filepath.Join(dir, pair[1])
		err := Write(context.Background(), File{Path: a, Data: []byte("a")}, File{Path: b, Data: []byte("b")})
		if err == nil || err.Error() != a+" and "+b+" name the same file" {
			t.Errorf("%s and %s: got %v", pair[0], pair[1], err)
		}
	}
	if got := read(t, filepath.Join(real, "old.yml")); got != "old\n" {
		t.Errorf("the file was written: %q", got)
	}
	if err := Write(context.Background(), File{Path: filepath.Join(dir, "a.yml"), Data: []byte("a")}, File{Path: filepath.Join(real, "a.yml"), Data: []byte("b")}); err != nil {
		t.Errorf("two different files: %v", err)
	}
}

// TestCopyBackupKeepsTheMode: where a hard link cannot be made, the
// backup is a copy, and a rollback that puts the copy back restores the
// file's mode too (review m6: the copy came back 0600).
func TestCopyBackupKeepsTheMode(t *testing.T) {
	linkFile = func(string, string) error { return syscall.EPERM }
	defer func() { linkFile = os.Link }()
	dir := t.TempDir()
	first, second := filepath.Join(dir, "first"), filepath.Join(dir, "second")
	write(t, first, "old first", 0o640)
	ctx, cancel := context.WithCancel(context.Background())
	defer func() { stepHook = nil }()
	stepHook = func(s string) { // first is in place, its backup a copy
		if s == "rename "+second {
			cancel()
		}
	}
	if err := Write(ctx, File{Path: first, Data: []byte("new")}, File{Path: second, Data: []byte("new")}); err == nil {
		t.Fatal("want an error")
	}
	info, err := os.Stat(first)
	if err != nil {
		t.Fatal(err)
	}
	if read(t, first) != "old first" || info.Mode().Perm() != 0o640 {
		t.Errorf("first is %q, mode %v; want the old content, mode 0640", read(t, first), info.Mode().Perm())
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("left behind %v", l)
	}
}

// TestFailedRestoreIsNamed: when a replaced file cannot be put back, the
// error says so and where its old content is, instead of the failure
// passing for "nothing was written" (review m6).
func TestFailedRestoreIsNamed(t *testing.T) {
	dir := t.TempDir()
	first, second := filepath.Join(dir, "first"), filepath.Join(dir, "second")
	write(t, first, "old first", 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var backup string
	stepHook = func(s string) {
		if s == "rename "+second {
			matches, _ := filepath.Glob(filepath.Join(dir, ".first.bak-*"))
			backup = matches[0]
			// The backup's folder entry is replaced by a folder: the
			// rename back fails, the old content kept aside is lost.
			os.Remove(backup)
			os.Mkdir(backup, 0o755)
			os.WriteFile(filepath.Join(backup, "x"), nil, 0o644)
			cancel()
		}
	}
	defer func() { stepHook = nil }()
	err := Write(ctx, File{Path: first, Data: []byte("new")}, File{Path: second, Data: []byte("new")})
	var restore *RestoreError
	if !errors.As(err, &restore) || restore.Path != first || restore.Backup != backup {
		t.Fatalf("got %v, want a RestoreError for %s", err, first)
	}
	if !strings.Contains(err.Error(), first+" could not be put back") {
		t.Errorf("the error: %v", err)
	}
}
