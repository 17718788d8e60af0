package pattern

import "strings"

// Java rewrites a Java regular expression (CloudFormation matches a
// parameter's AllowedPattern with Java's engine) into regexp2's .NET
// syntax where the two differ in ways templates use:
//   - possessive quantifiers (a{6,16}+, a*+, a++, a?+) lose their +: .NET has
//     none. A possessive match that succeeds also succeeds greedily, so the
//     rewritten pattern accepts every value Java's does (and, rarely, one
//     Java refuses): it never fails a template for the engine's gap;
//   - Java's POSIX classes (\p{Alpha}, \p{Punct}, ...) become the ASCII
//     classes Java defines them as; .NET reads \p{...} as Unicode categories
//     and blocks only.
//
// Anything else is left as it is; a pattern regexp2 still cannot compile
// is not checked at all (I2003).
func Java(p string) string {
	if !strings.ContainsAny(p, "+\\") {
		return p
	}
	var b strings.Builder
	inClass := false
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '\\' && i+1 < len(p):
			if p[i+1] == 'p' || p[i+1] == 'P' {
				if class, n, ok := posixClass(p[i:], inClass); ok {
					b.WriteString(class)
					i += n - 1
					continue
				}
				if end := strings.IndexByte(p[i:], '}'); i+2 < len(p) && p[i+2] == '{' && end > 0 {
					b.WriteString(p[i : i+end+1]) // \p{L}: a category, kept whole
					i += end
					continue
				}
			}
			b.WriteByte(c)
			b.WriteByte(p[i+1])
			i++
			continue
		case c == '[' && !inClass:
			inClass = true
			b.WriteByte(c)
			if i+1 < len(p) && p[i+1] == '^' {
				b.WriteByte('^')
				i++
			}
			if i+1 < len(p) && p[i+1] == ']' { // a ] first in a class is literal
				b.WriteByte(']')
				i++
			}
			continue
		case c == ']' && inClass:
			inClass = false
		case !inClass && (c == '*' || c == '+' || c == '?' || c == '}') && i+1 < len(p) && p[i+1] == '+':
			if c != '?' || i == 0 || p[i-1] != '(' {
				b.WriteByte(c)
				i++ // drop the possessive +
				continue
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

// posixClasses are Java's POSIX character classes (US-ASCII only, as
// java.util.regex.Pattern documents them), without their brackets.
var posixClasses = map[string]string{
	"Lower": `a-z`, "Upper": `A-Z`, "ASCII": `\x00-\x7F`, "Alpha": `a-zA-Z`, "Digit": `0-9`,
	"Alnum": `a-zA-Z0-9`, "Punct": `!-/:-@\[-` + "`" + `{-~`, "Graph": `!-~`, "Print": ` -~`,
	"Blank": ` \t`, "Cntrl": `\x00-\x1F\x7F`, "XDigit": `0-9a-fA-F`, "Space": ` \t\n\x0B\f\r`,
}

// posixClass reads \p{Name} or \P{Name} at the start of s: the class it is
// in .NET's syntax, and how many bytes it took.
func posixClass(s string, inClass bool) (string, int, bool) {
	if len(s) < 4 || s[2] != '{' {
		return "", 0, false
	}
	end := strings.IndexByte(s, '}')
	if end < 0 {
		return "", 0, false
	}
	set, ok := posixClasses[s[3:end]]
	if !ok {
		return "", 0, false
	}
	negated := s[1] == 'P'
	switch {
	case inClass && negated:
		return "", 0, false // a negated class inside a class: leave it to regexp2
	case inClass:
		return set, end + 1, true
	case negated:
		return "[^" + set + "]", end + 1, true
	}
	return "[" + set + "]", end + 1, true
}
