package render

import (
	"fmt"
	"io"
	"os"
)

// MaxSettingsFile is the most pipegen reads of a params file or a
// .chalice/config.json: both hold a few settings, and a cap keeps a wrong
// path (/dev/zero, a log file) from exhausting memory.
const MaxSettingsFile = 1 << 20

// readCapped reads a file the user named, up to limit bytes; a larger one
// is an error naming the file and the limit. A pipe is read like a file,
// so --params <(...) works.
func readCapped(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, over, err := readAtMost(f, limit)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if over {
		return nil, fmt.Errorf("%s is larger than %d bytes, the most pipegen reads of a settings file", path, limit)
	}
	return data, nil
}

// readAtMost reads r to its end or to limit bytes, whichever comes first,
// and says whether there was more: a file's size as stat gives it may be
// wrong (a /proc file says 0, a pipe has none) or grow while it is read.
func readAtMost(r io.Reader, limit int64) (data []byte, over bool, err error) {
	data, err = io.ReadAll(io.LimitReader(r, limit+1))
	if int64(len(data)) > limit {
		return data[:limit], true, err
	}
	return data, false, err
}
