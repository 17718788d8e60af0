// Package finding is what every check reports: a Finding (file, position,
// severity, rule id, template path, message), printed as one line
// FILE:LINE:COL: SEVERITY RULE message with control characters escaped, and
// the one order findings are sorted in.
package finding

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Pos is a 1-based line and column in the file the user has.
type Pos struct{ Line, Col int }

// Severity orders findings: only errors make a template invalid.
type Severity int

const (
	Error Severity = iota
	Warning
	Info
)

func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	default:
		return "info"
	}
}

// Finding is one problem found in a file, printed as FILE:LINE:COL: SEVERITY RULE message.
type Finding struct {
	File     string
	Pos      Pos
	Severity Severity
	Rule     string
	Path     string // template path the finding is about, e.g. Resources/App/Properties
	Message  string
}

// String is the finding as one line of text. Resource types, property
// names, Ref targets and file names come from the user's files and may hold
// any character: a newline there would start a second line that a CI
// problem matcher reads as a finding of its own, and an escape sequence
// would reach the terminal. So control characters are written as Go
// escapes (see escapeControl); everything else is left as it is.
func (f Finding) String() string {
	msg := f.Message
	if f.Path != "" {
		msg = f.Path + ": " + msg
	}
	return escapeControl(fmt.Sprintf("%s:%d:%d: %s %s %s", f.File, f.Pos.Line, f.Pos.Col, f.Severity, f.Rule, msg))
}

// escapeControl writes the characters that can break or disguise a line of
// output as Go escapes: C0 controls and DEL (\n, \r, \t, \x1b), C1 controls
// (\u009b, a terminal's one-byte CSI), the Unicode line and paragraph
// separators, bidirectional controls (which reorder what a terminal shows),
// and bytes that are not UTF-8 (\xff). Backslashes are left alone, so that
// the patterns quoted in messages read as they are written.
func escapeControl(s string) string {
	i := firstUnsafe(s)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// firstUnsafe is the offset of the first character escapeControl rewrites, or -1.
func firstUnsafe(s string) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c < 0x80 {
			if c < 0x20 || c == 0x7f {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || unsafeRune(r) {
			return i
		}
		i += size
	}
	return -1
}

// unsafeRune reports the non-ASCII characters escapeControl rewrites.
func unsafeRune(r rune) bool {
	return r >= 0x80 && r <= 0x9f || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Bidi_Control, r)
}

// maxPathText bounds the path a finding carries. A path that long comes
// from keys nested deep or very long, and every finding under them would
// carry all of it again: 3,000 Refs under 150 nested 1,000-character keys
// made 450 MB of output from a 196 KB file. The finding's line and column
// say exactly where it is.
const maxPathText = 1024

// ShortPath keeps a path of up to maxPathText bytes as it is; a longer one
// keeps about half of that from its start (which holds Resources/<id>, for
// Metadata ignore lists: a logical id has at most 255 characters) and from
// its end, cut at slashes where it can, with "…" for the rest:
// Resources/B/Metadata/…/0/Ref.
func ShortPath(path string) string {
	if len(path) <= maxPathText {
		return path
	}
	half := maxPathText / 2
	head := path[:runeStart(path, half)]
	if i := strings.LastIndexByte(head, '/'); i > 0 {
		head = head[:i+1]
	}
	tail := path[runeStart(path, len(path)-half):]
	if i := strings.IndexByte(tail, '/'); i >= 0 {
		tail = tail[i:]
	}
	return head + "…" + tail
}

// runeStart moves i back to the start of the character it is in.
func runeStart(s string, i int) int {
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return i
}

// HasErrors reports whether any finding is an error.
func HasErrors(fs []Finding) bool {
	return slices.ContainsFunc(fs, func(f Finding) bool { return f.Severity == Error })
}

// Sort orders findings by file, position, rule and message so output is deterministic.
func Sort(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(
			strings.Compare(a.File, b.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			strings.Compare(a.Rule, b.Rule),
			strings.Compare(a.Path+a.Message, b.Path+b.Message),
		)
	})
}
