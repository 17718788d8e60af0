// Package safewrite writes the files a user names, all or nothing, and
// never replaces what is not a plain file of theirs:
//
//   - a regular file is replaced atomically: the new content goes to a
//     temporary file beside it, which then takes its place by rename; the
//     file keeps its mode (and owner, where the process may set it);
//   - a new file is created the same way, with mode 0666 less the umask;
//   - a symbolic link is followed: its target is replaced (or created)
//     atomically beside the target, and the link stays a link;
//   - a character device or a FIFO (/dev/stdout, /dev/null, a pipe) is
//     written directly, without a temporary file or a rename;
//   - a name of one of the process's own descriptors (/dev/stdout,
//     /dev/fd/N, /proc/self/fd/N) is written through that descriptor,
//     whatever it is open on: a shell's `>> log` is appended to;
//   - anything else (a folder, a socket, a block device) is refused.
//
// Every temporary file is written first (where a full disk shows), then
// the devices, then the renames. If any step fails, or the context is cancelled (a signal), the
// files already renamed are put back as they were, and every temporary and
// backup file is removed: the files named are either all replaced or all
// left as they were. What went to a device cannot be taken back.
package safewrite

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// File is one output: the path the user named and its content.
type File struct {
	Path string
	Data []byte
	// Writer, when set, receives the content in place of Path (standard
	// output, for "-"), written with the devices; Path then only names it
	// in errors.
	Writer io.Writer
}

// kind is what a path turns out to be.
type kind int

const (
	newFile kind = iota // nothing there: create it
	replace             // a regular file (possibly behind a link): replace it
	device              // a character device or FIFO: write into it
)

// target is a planned write.
type target struct {
	File
	kind kind
	dest string      // the path to create or replace (a link's target), or to write a device through
	mode fs.FileMode // the mode of the file replaced
	info fs.FileInfo // the file replaced, for its owner
	temp string      // the temporary file, once written
	back string      // the backup of the file replaced, once made
	done bool        // renamed into place
}

// stepHook, when set by a test, runs before each step, so a test can
// cancel the context at a chosen point.
var stepHook func(step string)

func step(ctx context.Context, name string) error {
	if stepHook != nil {
		stepHook(name)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("interrupted: %w", err)
	}
	return nil
}

// Write writes every file, all or nothing (see the package comment).
func Write(ctx context.Context, files ...File) (err error) {
	targets, err := plan(files)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, rollback(targets))
		} else {
			cleanUp(targets)
		}
	}()
	phases := []struct {
		name    string
		devices bool // the phase is for devices (and writers), not files
		do      func(*target) error
	}{
		{"temp", false, writeTemp},
		{"device", true, func(t *target) error { return writeDevice(ctx, t) }},
		{"rename", false, swap},
	}
	for _, phase := range phases {
		for i := range targets {
			t := &targets[i]
			if (t.kind == device) != phase.devices {
				continue
			}
			if err := step(ctx, phase.name+" "+t.Path); err != nil {
				return err
			}
			if err := phase.do(t); err != nil {
				return err
			}
		}
	}
	return nil
}

// plan finds what each path is and where its content goes, refusing what
// must not be replaced and a file named twice.
func plan(files []File) ([]target, error) {
	targets := make([]target, 0, len(files))
	var seen []identity
	for _, f := range files {
		if f.Writer != nil {
			targets = append(targets, target{File: f, kind: device})
			continue
		}
		t, err := classify(f)
		if err != nil {
			return nil, err
		}
		if t.kind != device {
			id, err := identify(t.dest)
			if err != nil {
				return nil, fmt.Errorf("write %s: %w", f.Path, err)
			}
			for _, other := range seen {
				if id.same(other) {
					return nil, fmt.Errorf("%s and %s name the same file", other.path, f.Path)
				}
			}
			id.path = f.Path
			seen = append(seen, id)
		}
		targets = append(targets, t)
	}
	return targets, nil
}

// identity tells two destinations apart: an existing file by what it is
// (a hard link or a path through a linked folder is the same file), a new
// one by its folder's real path and its name.
type identity struct {
	path string      // the name the user gave, for the error
	info fs.FileInfo // the existing file, or nil
	real string      // the real folder joined with the name, for a new file
}

func identify(dest string) (identity, error) {
	if info, err := os.Stat(dest); err == nil {
		return identity{info: info}, nil
	}
	abs, err := filepath.Abs(dest)
	if err != nil {
		return identity{}, err
	}
	dir, err := filepath.EvalSymlinks(filepath.Dir(abs))
	if err != nil {
		dir = filepath.Dir(abs) // the folder is missing: the write reports it
	}
	return identity{real: filepath.Join(dir, filepath.Base(abs))}, nil
}

func (a identity) same(b identity) bool {
	if a.info != nil || b.info != nil {
		return a.info != nil && b.info != nil && os.SameFile(a.info, b.info)
	}
	return a.real == b.real
}

// classify says what a path is. A link is followed to what it points at.
func classify(f File) (target, error) {
	t := target{File: f, dest: f.Path}
	if fd, ok := ownDescriptor(f.Path); ok {
		file, err := descriptorFile(f.Path, fd)
		t.kind, t.Writer = device, file
		return t, err
	}
	info, err := os.Lstat(f.Path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return t, nil
	case err != nil:
		return t, folderError(f.Path, filepath.Dir(f.Path), err)
	case info.Mode()&fs.ModeSymlink != 0:
		return classifyLink(t)
	}
	return classifyInfo(t, info)
}

func classifyLink(t target) (target, error) {
	info, err := os.Stat(t.Path)
	if errors.Is(err, fs.ErrNotExist) {
		// A dangling link: create its target.
		dest, err := linkTarget(t.Path)
		if err != nil {
			return t, err
		}
		t.dest = dest
		return t, nil
	}
	if err != nil {
		return t, fmt.Errorf("write %s: the link cannot be followed: %w", t.Path, unwrap(err))
	}
	if info.Mode().IsRegular() {
		dest, err := filepath.EvalSymlinks(t.Path)
		if err != nil {
			return t, fmt.Errorf("write %s: the link cannot be followed: %w", t.Path, unwrap(err))
		}
		t.dest = dest
	}
	return classifyInfo(t, info)
}

// linkTarget is where a link points, followed through every link on the
// way, for a link whose last target does not exist yet.
func linkTarget(path string) (string, error) {
	for hops := 0; hops < 40; hops++ {
		dest, err := os.Readlink(path)
		if err != nil {
			return "", fmt.Errorf("write %s: %w", path, unwrap(err))
		}
		if !filepath.IsAbs(dest) {
			dest = filepath.Join(filepath.Dir(path), dest)
		}
		info, err := os.Lstat(dest)
		if errors.Is(err, fs.ErrNotExist) {
			return dest, nil
		}
		if err != nil || info.Mode()&fs.ModeSymlink == 0 {
			return "", fmt.Errorf("write %s: the link's target %s cannot be written", path, dest)
		}
		path = dest
	}
	return "", fmt.Errorf("write %s: too many links", path)
}

func classifyInfo(t target, info fs.FileInfo) (target, error) {
	mode := info.Mode()
	switch {
	case mode.IsRegular():
		t.kind, t.mode, t.info = replace, mode.Perm(), info
	case mode&fs.ModeNamedPipe != 0, mode&fs.ModeCharDevice != 0:
		t.kind = device
	case mode.IsDir():
		return t, fmt.Errorf("write %s: it is a folder", t.Path)
	default:
		return t, fmt.Errorf("write %s: it is not a regular file, a device or a pipe (%s): refusing to replace it", t.Path, mode.Type())
	}
	return t, nil
}

// writeDevice writes into a device or FIFO, giving up when the context is
// cancelled (a FIFO nobody reads blocks forever).
func writeDevice(ctx context.Context, t *target) error {
	done := make(chan error, 1)
	go func() {
		if t.Writer != nil {
			_, err := t.Writer.Write(t.Data)
			done <- err
			return
		}
		f, err := os.OpenFile(t.Path, os.O_WRONLY, 0)
		if err == nil {
			_, err = f.Write(t.Data)
			err = errors.Join(err, f.Close())
		}
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("write %s: %w", t.Path, unwrap(err))
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("write %s: interrupted: %w", t.Path, ctx.Err())
	}
}

// writeTemp writes the content to a new file beside the destination, with
// the mode (and owner) the destination has or a new file gets.
func writeTemp(t *target) error {
	dir, base := filepath.Split(t.dest)
	if dir == "" {
		dir = "."
	}
	perm := fs.FileMode(0o666) // less the umask, as the kernel applies it
	name, f, err := createUnique(dir, "."+base+".tmp-", perm)
	if err != nil {
		return folderError(t.Path, dir, err)
	}
	t.temp = name
	_, werr := f.Write(t.Data)
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		return fmt.Errorf("write %s: %w", t.Path, unwrap(err))
	}
	if t.kind == replace {
		if err := os.Chmod(name, t.mode); err != nil {
			return fmt.Errorf("write %s: %w", t.Path, unwrap(err))
		}
		keepOwner(name, t.info) // best effort: only root may give files away
	}
	return nil
}

// createUnique creates a file named prefix + random characters in dir.
func createUnique(dir, prefix string, perm fs.FileMode) (string, *os.File, error) {
	var f *os.File
	name, err := freeName(dir, prefix, func(name string) (err error) {
		f, err = os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		return err
	})
	return name, f, err
}

// freeName calls create with random names prefix+12 hex digits in dir until
// one is not taken (create fails with fs.ErrExist), up to 100 tries.
func freeName(dir, prefix string, create func(name string) error) (string, error) {
	for range 100 {
		var b [6]byte
		if _, err := io.ReadFull(rand.Reader, b[:]); err != nil {
			return "", err
		}
		name := filepath.Join(dir, prefix+hex.EncodeToString(b[:]))
		err := create(name)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return name, err
	}
	return "", fmt.Errorf("no free name %s* in %s", prefix, dir)
}

// folderError names the folder when a file cannot be created in it.
func folderError(path, dir string, err error) error {
	if errors.Is(err, fs.ErrPermission) {
		return fmt.Errorf("write %s: cannot create files in the folder %s: permission denied", path, dir)
	}
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("write %s: the folder %s does not exist", path, dir)
	}
	if file := fileInPath(dir); file != "" {
		return fmt.Errorf("write %s: %s is a file, not a folder", path, file)
	}
	return fmt.Errorf("write %s: %w", path, unwrap(err))
}

// fileInPath is the first part of dir that exists and is not a folder,
// or "": a path that runs through a file (ENOTDIR).
func fileInPath(dir string) string {
	var parts []string
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		parts = append(parts, d)
		if parent := filepath.Dir(d); parent == d {
			break
		}
	}
	for i := len(parts) - 1; i >= 0; i-- {
		info, err := os.Stat(parts[i])
		if err != nil {
			return ""
		}
		if !info.IsDir() {
			return parts[i]
		}
	}
	return ""
}

// swap puts the temporary file in place, keeping a backup of the file it
// replaces until every file is in place.
func swap(t *target) error {
	if t.kind == replace {
		back, err := backup(t.dest, t.info)
		if err != nil {
			return fmt.Errorf("write %s: keeping a copy of the old file: %w", t.Path, unwrap(err))
		}
		t.back = back
	}
	if err := os.Rename(t.temp, t.dest); err != nil {
		return fmt.Errorf("write %s: %w", t.Path, unwrap(err))
	}
	t.temp, t.done = "", true
	return nil
}

// linkFile is os.Link, replaced by a test to take the copy fallback.
var linkFile = os.Link

// backup links the old file under a new name beside it (a copy where the
// file system has no hard links, or forbids linking another user's file),
// so a failed write can put it back.
func backup(path string, info fs.FileInfo) (string, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	return freeName(dir, "."+base+".bak-", func(name string) error {
		err := linkFile(path, name)
		if err != nil && !errors.Is(err, fs.ErrExist) {
			_, err = copyFile(path, name, info)
		}
		return err
	})
}

// copyFile copies the old file with its mode (and owner, where the
// process may set it), so that putting the copy back restores them too
// (review m6: the copy was put back 0600 and owned by the caller).
func copyFile(from, to string, info fs.FileInfo) (string, error) {
	data, err := os.ReadFile(from)
	if err != nil {
		return "", err
	}
	f, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", err
	}
	_, werr := f.Write(data)
	if err := errors.Join(werr, f.Close(), os.Chmod(to, info.Mode().Perm())); err != nil {
		os.Remove(to)
		return "", err
	}
	keepOwner(to, info)
	return to, nil
}

// rollback puts back what was replaced, removes what was created, and
// removes every temporary file: the state before Write, but for devices.
// A file it cannot put back is a RestoreError, naming where its old
// content is.
func rollback(targets []target) error {
	var errs []error
	for i := range targets {
		t := &targets[i]
		switch {
		case t.done && t.back != "":
			if err := os.Rename(t.back, t.dest); err != nil { // the link or copy of the old content
				errs = append(errs, &RestoreError{Path: t.Path, Backup: t.back, Err: unwrap(err)})
			}
		case t.done:
			os.Remove(t.dest) // it did not exist before
		case t.back != "":
			os.Remove(t.back)
		}
		if t.temp != "" {
			os.Remove(t.temp)
		}
	}
	return errors.Join(errs...)
}

// RestoreError is a replaced file that a failed write could not put back:
// the new content stands at Path, the old one is in Backup.
type RestoreError struct {
	Path, Backup string
	Err          error
}

func (e *RestoreError) Error() string {
	return fmt.Sprintf("%s could not be put back (%v): it holds the new content, and its old content is in %s", e.Path, e.Err, e.Backup)
}

// cleanUp removes the backups once every file is in place.
func cleanUp(targets []target) {
	for _, t := range targets {
		if t.back != "" {
			os.Remove(t.back)
		}
	}
}

// Exists reports whether something stands at path, a dangling link
// included: a caller that must not overwrite asks this.
func Exists(path string) (bool, error) {
	_, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}

// unwrap drops the path from an error: the user named the real path.
func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
