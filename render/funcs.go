package render

import (
	"fmt"
	"strings"
	"text/template"
	"unicode"
)

// ownFuncs are pipegen's template functions. Every user string reaches YAML
// through str or literal, so no value can change the template's structure.
func ownFuncs() template.FuncMap {
	return template.FuncMap{
		"str":     quoteYAML,
		"literal": literalYAML,
	}
}

// quoteYAML renders any value as a YAML double-quoted scalar. Quotes,
// backslashes and every character YAML would read otherwise are escaped.
func quoteYAML(v any) string {
	s := fmt.Sprint(v)
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == unicode.ReplacementChar:
			b.WriteString(`\uFFFD`)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			fmt.Fprintf(&b, `\x%02X`, r)
		case r > 0xffff && !unicode.IsPrint(r):
			fmt.Fprintf(&b, `\U%08X`, r)
		case r == 0x2028 || r == 0x2029 || r == 0xfeff || !unicode.IsPrint(r) && r > 0xff:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// literalYAML renders text as a YAML literal block scalar whose lines are
// indented by indent spaces, so a buildspec stays readable in the template.
// Text a literal block cannot carry exactly falls back to a quoted string.
func literalYAML(indent int, text string) string {
	if !literalSafe(text) {
		return quoteYAML(text)
	}
	header := "|"
	if !strings.HasSuffix(text, "\n") {
		header = "|-"
	}
	pad := strings.Repeat(" ", indent)
	var b strings.Builder
	b.WriteString(header)
	for _, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		b.WriteByte('\n')
		if line != "" {
			b.WriteString(pad)
			b.WriteString(line)
		}
	}
	return b.String()
}

// literalSafe reports whether a literal block reproduces text byte for byte:
// printable characters only, no leading space or blank first line (that
// would need an indentation indicator), at most one trailing newline.
func literalSafe(text string) bool {
	if text == "" || strings.HasSuffix(text, "\n\n") || text[0] == ' ' || text[0] == '\n' {
		return false
	}
	for _, r := range text {
		if r == '\n' || r == '\t' {
			continue
		}
		if r < 0x20 || r == 0x7f || r == 0xfeff || r == 0x2028 || r == 0x2029 || r == unicode.ReplacementChar || !unicode.IsPrint(r) && r != ' ' {
			return false
		}
	}
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" && line != "" {
			return false // a whitespace-only line would change the block's meaning
		}
	}
	return true
}
