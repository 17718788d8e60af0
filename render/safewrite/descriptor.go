package safewrite

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// A path such as /dev/stdout names one of the process's own descriptors,
// whatever that descriptor is open on. On Linux it is a link to
// /proc/self/fd/1, which links to the file the shell opened: following the
// links to that file and replacing it would lose what `>>` appended before
// (review M1). Such paths are written through the descriptor itself, like
// the shell's own redirection: at its offset, with its O_APPEND.

// ownDescriptor says which of the process's descriptors path names, if it
// names one: /dev/stdin, /dev/stdout, /dev/stderr, /dev/fd/N,
// /proc/self/fd/N, /proc/thread-self/fd/N or /proc/<this pid>/fd/N, as
// given or reached through links (of the path or of its folders).
func ownDescriptor(path string) (int, bool) {
	p, err := filepath.Abs(path)
	if err != nil {
		return 0, false
	}
	for hops := 0; hops < 40; hops++ {
		if fd, ok := descriptorPath(p); ok {
			return fd, true
		}
		if dir, err := filepath.EvalSymlinks(filepath.Dir(p)); err == nil {
			p = filepath.Join(dir, filepath.Base(p))
			if fd, ok := descriptorPath(p); ok {
				return fd, true
			}
		}
		info, err := os.Lstat(p)
		if err != nil || info.Mode()&fs.ModeSymlink == 0 {
			return 0, false
		}
		dest, err := os.Readlink(p)
		if err != nil {
			return 0, false
		}
		if !filepath.IsAbs(dest) {
			dest = filepath.Join(filepath.Dir(p), dest)
		}
		p = filepath.Clean(dest)
	}
	return 0, false
}

// descriptorPath reads a descriptor's number from one of the names of a
// process's own descriptors.
func descriptorPath(p string) (int, bool) {
	switch p {
	case "/dev/stdin":
		return 0, true
	case "/dev/stdout":
		return 1, true
	case "/dev/stderr":
		return 2, true
	}
	for _, folder := range []string{"/dev/fd/", "/proc/self/fd/", "/proc/thread-self/fd/", "/proc/" + strconv.Itoa(os.Getpid()) + "/fd/"} {
		if n, ok := strings.CutPrefix(p, folder); ok {
			fd, err := strconv.Atoi(n)
			return fd, err == nil && fd >= 0 && n == strconv.Itoa(fd)
		}
	}
	return 0, false
}

// descriptors keep the files made for descriptors other than 0, 1 and 2:
// an *os.File closes its descriptor when it is collected, and these
// descriptors are not ours to close.
var descriptors sync.Map

// descriptorFile is the open file of descriptor fd, or an error when the
// process has no such descriptor open.
func descriptorFile(path string, fd int) (*os.File, error) {
	var f *os.File
	switch fd {
	case 0:
		f = os.Stdin
	case 1:
		f = os.Stdout
	case 2:
		f = os.Stderr
	default:
		kept, _ := descriptors.LoadOrStore(fd, os.NewFile(uintptr(fd), path))
		f = kept.(*os.File)
	}
	if f == nil {
		return nil, fmt.Errorf("write %s: descriptor %d is not open", path, fd)
	}
	if _, err := f.Stat(); err != nil {
		return nil, fmt.Errorf("write %s: descriptor %d is not open", path, fd)
	}
	return f, nil
}
