//go:build !unix

package main

import (
	"io"
	"os"
)

// stdoutWriter is os.Stdout where closed descriptors cannot be told.
func stdoutWriter() io.Writer { return os.Stdout }
