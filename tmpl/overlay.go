package tmpl

import (
	"errors"
	"io/fs"
	"sort"
)

// Overlay returns the embedded templates with the files of dir laid over
// them: a file present in dir replaces the embedded one of the same name, so
// a user can override a single partial and keep the rest.
func Overlay(dir fs.FS) fs.FS { return overlay{top: dir, base: files} }

type overlay struct{ top, base fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	f, err := o.top.Open(name)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return f, err
	}
	return o.base.Open(name)
}

// Stat says what a name is without opening it: opening a FIFO would
// block until something writes to it.
func (o overlay) Stat(name string) (fs.FileInfo, error) {
	info, err := fs.Stat(o.top, name)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return info, err
	}
	return fs.Stat(o.base, name)
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
		byName[e.Name()] = e
	}
	out := make([]fs.DirEntry, 0, len(byName))
	for _, e := range byName {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}
