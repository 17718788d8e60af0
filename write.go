package main

import (
	"context"
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
