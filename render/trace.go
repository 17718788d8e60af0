package render

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"strings"
)

// Tracer maps a line of rendered output back to the template line that
// produced it, where the text makes that unambiguous: the output line equals
// a template line without actions, or starts with the literal text before
// the first action of exactly one template line.
type Tracer struct {
	lines []templateLine
}

type templateLine struct {
	file   string
	line   int
	static string // literal text of the line (before its first action)
	exact  bool   // the line has no action: the output must equal it
}

// minPrefix keeps short, common prefixes ("- ", "Name:") from matching everything.
const minPrefix = 4

// NewTracer indexes the *.tmpl files of files.
func NewTracer(files fs.FS) *Tracer {
	t := &Tracer{}
	names, _ := fs.Glob(files, "*.tmpl")
	for _, name := range names {
		data, err := fs.ReadFile(files, name)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
		for n := 1; sc.Scan(); n++ {
			if tl, ok := indexLine(name, n, sc.Text()); ok {
				t.lines = append(t.lines, tl)
			}
		}
	}
	return t
}

func indexLine(file string, n int, text string) (templateLine, bool) {
	trimmed := strings.TrimSpace(text)
	action := strings.Index(trimmed, "{{")
	switch {
	case trimmed == "" || action == 0:
		return templateLine{}, false
	case action < 0:
		return templateLine{file: file, line: n, static: trimmed, exact: true}, true
	}
	static := strings.TrimSpace(trimmed[:action])
	if len(static) < minPrefix {
		return templateLine{}, false
	}
	return templateLine{file: file, line: n, static: static}, true
}

// Trace returns "file:line" of the template line that produced output, if
// exactly one template line can have.
func (t *Tracer) Trace(output string) (string, bool) {
	o := strings.TrimSpace(output)
	if o == "" {
		return "", false
	}
	var found *templateLine
	for i := range t.lines {
		tl := &t.lines[i]
		if (tl.exact && o == tl.static) || (!tl.exact && strings.HasPrefix(o, tl.static)) {
			if found != nil {
				return "", false
			}
			found = tl
		}
	}
	if found == nil {
		return "", false
	}
	return fmt.Sprintf("%s:%d", found.file, found.line), true
}
