//go:build unix

package main

import (
	"errors"
	"io"
	"os"
	"syscall"
)

// stdoutWriter is os.Stdout, unless standard output was closed when the
// process started: Go's runtime then opens /dev/null in its place (read and
// write, which no shell redirection does), and a template written there
// would be lost without an error. Writes then fail instead.
func stdoutWriter() io.Writer {
	if closedAtStart(os.Stdout) {
		return closedWriter{}
	}
	return os.Stdout
}

// closedAtStart recognizes the /dev/null the runtime put in place of a
// closed descriptor: character device 1,3 opened O_RDWR.
func closedAtStart(f *os.File) bool {
	var st syscall.Stat_t
	if err := syscall.Fstat(int(f.Fd()), &st); err != nil {
		return true
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFCHR || uint64(st.Rdev) != devNull() {
		return false
	}
	flags, err := fcntlFlags(f.Fd())
	return err == nil && flags&syscall.O_ACCMODE == syscall.O_RDWR
}

// devNull is /dev/null's device number on this system.
func devNull() uint64 {
	var st syscall.Stat_t
	if syscall.Stat("/dev/null", &st) != nil {
		return ^uint64(0)
	}
	return uint64(st.Rdev)
}

type closedWriter struct{}

func (closedWriter) Write([]byte) (int, error) { return 0, errStdoutClosed }

var errStdoutClosed = errors.New("standard output is closed")

// fcntlFlags returns a descriptor's file status flags (F_GETFL).
func fcntlFlags(fd uintptr) (int, error) {
	r, _, errno := syscall.Syscall(syscall.SYS_FCNTL, fd, syscall.F_GETFL, 0)
	if errno != 0 {
		return 0, errno
	}
	return int(r), nil
}
