//go:build unix

package safewrite

import (
	"io/fs"
	"os"
	"syscall"
)

// keepOwner gives the new file the old file's owner and group, where the
// process may (root may; others keep their own, as every tool does).
func keepOwner(name string, old fs.FileInfo) {
	if st, ok := old.Sys().(*syscall.Stat_t); ok {
		os.Chown(name, int(st.Uid), int(st.Gid))
	}
}
