package output

import (
	"bufio"
	"io"

	"github.com/pipegen/pipegen/schema"
)

// Text writes one line per finding, FILE:LINE:COL: SEVERITY RULE message,
// sorted by file and position. The summary line is the command's business
// (it goes to standard error).
type Text struct{}

func (Text) Write(w io.Writer, findings []schema.Finding, _ []string) error {
	bw := bufio.NewWriter(w)
	for _, f := range sorted(findings) {
		bw.WriteString(f.String())
		bw.WriteByte('\n')
	}
	return bw.Flush()
}
