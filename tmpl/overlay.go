package tmpl

import (
	"errors"
	"io/fs"
	"path"
	"sort"
)

// Overlay returns the embedded templates with the files of dir laid over
// them: a file present in dir replaces the embedded one of the same name, so
// a user can override a single partial and keep the rest. Only regular files
// (and folders) of dir count: a named pipe, a socket or a device there is
// passed over as if absent (see Irregular), since opening a named pipe
// waits for a writer forever and a device may never end.
func Overlay(dir fs.FS) fs.FS { return overlay{top: dir, base: files} }

type overlay struct{ top, base fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	info, err := fs.Stat(o.top, name) // before Open: opening a named pipe blocks
	switch {
	case err == nil && usable(info.Mode()):
		return o.top.Open(name)
	case err == nil || errors.Is(err, fs.ErrNotExist):
		return o.base.Open(name)
	}
	return nil, err
}

// usable reports a regular file or a folder, what the overlay reads.
func usable(mode fs.FileMode) bool { return mode.IsRegular() || mode.IsDir() }

// Irregular lists the entries of dir's top folder that Overlay passes over,
// each as "NAME: a named pipe" (or a socket, a device), for a warning.
func Irregular(dir fs.FS) []string {
	entries, _ := fs.ReadDir(dir, ".")
	var out []string
	for _, e := range entries {
		if info, err := fs.Stat(dir, e.Name()); err == nil && !usable(info.Mode()) {
			out = append(out, e.Name()+": "+kind(info.Mode()))
		}
	}
	return out
}

func kind(mode fs.FileMode) string {
	switch {
	case mode&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case mode&fs.ModeSocket != 0:
		return "a socket"
	case mode&fs.ModeDevice != 0:
		return "a device"
	}
	return "not a regular file"
}

// Stat answers as Open would, without opening: dir's regular file or
// folder, else the embedded one.
func (o overlay) Stat(name string) (fs.FileInfo, error) {
	info, err := fs.Stat(o.top, name)
	switch {
	case err == nil && usable(info.Mode()):
		return info, nil
	case err == nil || errors.Is(err, fs.ErrNotExist):
		return fs.Stat(o.base, name)
	}
	return nil, err
}

// ReadDir merges both folders' entries, the user's winning on a name clash.
func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	byName := map[string]fs.DirEntry{}
	base, baseErr := fs.ReadDir(o.base, name)
	for _, e := range base {
		byName[e.Name()] = e
	}
	top, topErr := fs.ReadDir(o.top, name)
	if topErr != nil && !errors.Is(topErr, fs.ErrNotExist) {
		return nil, topErr
	}
	if topErr != nil && baseErr != nil {
		return nil, baseErr
	}
	for _, e := range top {
		if info, err := fs.Stat(o.top, path.Join(name, e.Name())); err == nil && usable(info.Mode()) {
			byName[e.Name()] = e
		}
	}
	out := make([]fs.DirEntry, 0, len(byName))
	for _, e := range byName {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}
