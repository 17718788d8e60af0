package main

import (
	"context"
	"errors"
	"os"
	"os/signal"
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
