package main

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/pipegen/pipegen/render/safewrite"
)

// stopSignals end a write early: what was replaced is put back and the
// temporary files are removed (render/safewrite). SIGPIPE is among them:
// caught, a write to a standard output nobody reads returns EPIPE instead
// of killing the process between two renames (review m1); SIGHUP is a
// closed terminal, SIGQUIT a user's Ctrl-\.
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT, syscall.SIGPIPE}

// writeFiles writes files all or nothing, undoing the write when one of
// stopSignals arrives.
func writeFiles(files ...safewrite.File) error {
	ctx, stop := signal.NotifyContext(context.Background(), stopSignals...)
	defer stop()
	return safewrite.Write(ctx, files...)
}

// writeFailure says what a failed writeFiles left: claim ("nothing was
// written") when every file was put back, else only the error, which
// names the file that could not be and where its old content is.
func writeFailure(err error, claim string) error {
	var restore *safewrite.RestoreError
	if errors.As(err, &restore) {
		return usageError("%v", err)
	}
	return usageError("%v: %s", err, claim)
}

// samePath reports whether two paths name one file: the same existing
// file, or one new file reached through the same real folder.
func samePath(a, b string) bool {
	ai, aerr := os.Stat(a)
	bi, berr := os.Stat(b)
	if aerr == nil && berr == nil {
		return os.SameFile(ai, bi)
	}
	return realPath(a) == realPath(b)
}

// realPath is path with its folder's links resolved, as far as they are.
func realPath(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		return filepath.Join(dir, filepath.Base(abs))
	}
	return abs
}
