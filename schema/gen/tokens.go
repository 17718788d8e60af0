package main

import (
	"strings"
	"unicode/utf8"
)

// tokenKind tells what a piece of a pattern is, as far as the rewrites care.
type tokenKind int

const (
	tokLiteral    tokenKind = iota // one character, or a `{` that is no repeat
	tokEscape                      // `\` and what it escapes, `\p{..}`, `\uXXXX`, `\Q..\E`
	tokClassOpen                   // `[`, `[^`, with a leading `]` that is literal
	tokClassClose                  // the `]` that ends a class
	tokClassName                   // `[:alpha:]` inside a class
	tokGroupOpen                   // `(`, or `(?` with the lookaround or atomic mark after it
	tokGroupClose                  // `)`
	tokQuant                       // `*`, `+` or `?` outside a class
	tokRepeat                      // `{m}`, `{m,}` or `{m,n}` outside a class
)

// token is one piece of a pattern. Joining the texts of all tokens gives the
// pattern back unchanged.
type token struct {
	kind    tokenKind
	text    string
	inClass bool
}

// groupMarks are the group openings told apart; other `(?` forms (`(?:`,
// `(?i)`, `(?P<name>`) keep their rest as literals, which is enough here.
var groupMarks = []string{"(?<=", "(?<!", "(?=", "(?!", "(?>", "(?"}

// tokenize splits a pattern so that rewrites see escapes, classes and
// repeats as units: `\Z` or `{` inside [...] must not be taken for an anchor
// or a repeat, and `\\u0041` is an escaped backslash, not a `\u` escape.
func tokenize(p string) []token {
	var toks []token
	inClass := false
	for i := 0; i < len(p); {
		t := nextToken(p[i:], inClass)
		switch t.kind {
		case tokClassOpen:
			inClass = true
		case tokClassClose:
			inClass = false
		}
		toks = append(toks, t)
		i += len(t.text)
	}
	return toks
}

// nextToken reads the token at the start of s.
func nextToken(s string, inClass bool) token {
	if s[0] == '\\' {
		return token{tokEscape, escapeText(s), inClass}
	}
	if inClass {
		return classToken(s)
	}
	switch s[0] {
	case '[':
		return token{tokClassOpen, classOpenText(s), false}
	case '(':
		for _, m := range groupMarks {
			if strings.HasPrefix(s, m) {
				return token{tokGroupOpen, m, false}
			}
		}
		return token{tokGroupOpen, "(", false}
	case ')':
		return token{tokGroupClose, ")", false}
	case '*', '+', '?':
		return token{tokQuant, s[:1], false}
	case '{':
		if n := repeatLen(s); n > 0 {
			return token{tokRepeat, s[:n], false}
		}
	}
	return token{tokLiteral, firstRune(s), false}
}

// classToken reads a token inside a character class.
func classToken(s string) token {
	if s[0] == ']' {
		return token{tokClassClose, "]", true}
	}
	if strings.HasPrefix(s, "[:") {
		if end := strings.Index(s, ":]"); end > 1 {
			return token{tokClassName, s[:end+2], true}
		}
	}
	return token{tokLiteral, firstRune(s), true}
}

// classOpenText keeps `[^` and a `]` right after the opening together, as
// Go reads such a `]` as a literal rather than the end of the class.
func classOpenText(s string) string {
	n := 1
	if n < len(s) && s[n] == '^' {
		n++
	}
	if n < len(s) && s[n] == ']' {
		n++
	}
	return s[:n]
}

// escapeText returns the escape at the start of s, which begins with `\`.
func escapeText(s string) string {
	if len(s) < 2 {
		return s
	}
	switch s[1] {
	case 'p', 'P', 'x':
		if len(s) > 2 && s[2] == '{' {
			return upTo(s, "}")
		}
	case 'u':
		if len(s) >= 6 && isHex(s[2:6]) {
			return s[:6]
		}
	case 'Q':
		return upTo(s, `\E`)
	}
	return s[:1] + firstRune(s[1:])
}

// upTo returns s up to and including the first end, or all of s.
func upTo(s, end string) string {
	if i := strings.Index(s, end); i >= 0 {
		return s[:i+len(end)]
	}
	return s
}

// repeatLen returns the length of the repeat `{m}`, `{m,}` or `{m,n}` at the
// start of s, or 0 when s does not start with one (Go then reads `{` as a
// literal).
func repeatLen(s string) int {
	i := 1
	digits := func() int {
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i - start
	}
	if digits() == 0 {
		return 0
	}
	if i < len(s) && s[i] == ',' {
		i++
		digits()
	}
	if i < len(s) && s[i] == '}' {
		return i + 1
	}
	return 0
}

func firstRune(s string) string {
	_, n := utf8.DecodeRuneInString(s)
	return s[:n]
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
