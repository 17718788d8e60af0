package render

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// File is one output file: a path the user named and its content.
type File struct {
	Path string
	Data []byte
}

// WriteFiles writes every file atomically: each goes to a temporary file in
// its own folder first, and only when all are complete are they renamed into
// place. On any error nothing is left behind and existing files are untouched.
func WriteFiles(files ...File) (err error) {
	temps := make([]string, 0, len(files))
	defer func() {
		if err != nil {
			for _, t := range temps {
				os.Remove(t)
			}
		}
	}()
	seen := map[string]bool{}
	for _, f := range files {
		abs, absErr := filepath.Abs(f.Path)
		if absErr == nil && seen[abs] {
			return fmt.Errorf("%s is named twice as an output", f.Path)
		}
		seen[abs] = true
		tmp, err := writeTemp(f)
		if err != nil {
			return err
		}
		temps = append(temps, tmp)
	}
	for i, f := range files {
		if err := os.Rename(temps[i], f.Path); err != nil {
			return fmt.Errorf("write %s: %w", f.Path, err)
		}
	}
	temps = nil
	return nil
}

func writeTemp(f File) (string, error) {
	if info, err := os.Stat(f.Path); err == nil && info.IsDir() {
		return "", fmt.Errorf("write %s: it is a folder", f.Path)
	}
	tmp, err := os.CreateTemp(filepath.Dir(f.Path), "."+filepath.Base(f.Path)+".tmp-*")
	if err != nil {
		return "", fmt.Errorf("write %s: %w", f.Path, unwrapPathError(err))
	}
	_, werr := tmp.Write(f.Data)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return "", fmt.Errorf("write %s: %w", f.Path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return "", fmt.Errorf("write %s: %w", f.Path, err)
	}
	return tmp.Name(), nil
}

// unwrapPathError drops the temporary file's name from an error, which would
// only confuse: the user named the real path.
func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
