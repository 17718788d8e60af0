package main

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/dlclark/regexp2"
)

// rule names one rewrite; the names appear in PATTERNS.md.
type rule string

// The registry schemas are written for Java's java.util.regex (the AWS
// handlers are Java), so the rewrites read them that way.
const (
	ruleUnicodeEscape   rule = "unicode-escape"   // \uXXXX -> \x{XXXX}
	ruleSurrogatePair   rule = "surrogate-pair"   // \uD83D\uDE00 -> \x{1F600}, as Java reads it
	ruleEndOfInput      rule = "end-of-input"     // \Z -> (?:\n?\z)
	ruleJavaPosixClass  rule = "java-posix-class" // \p{Graph} -> [\x21-\x7E]
	ruleClassUnion      rule = "class-union"      // [A-Z[a-z]_] -> [A-Za-z_]
	ruleLargeRepeat     rule = "large-repeat"     // {m,n} with n > 1000 -> {m,}
	ruleNestedRepeat    rule = "nested-repeat"    // X*{1,1000} -> X*
	rulePossessive      rule = "possessive"       // X*+ -> X*
	ruleAtomicGroup     rule = "atomic-group"     // (?>X) -> (?:X)
	ruleStripLookaround rule = "strip-lookaround" // (?!aws:) -> nothing; patternProperties keys only
	ruleWordEscape      rule = "word-escape"      // \_ -> _, for regexp2 only
)

// ruleOrder fixes the order rules are listed in.
var ruleOrder = []rule{
	ruleUnicodeEscape, ruleSurrogatePair, ruleEndOfInput, ruleJavaPosixClass,
	ruleClassUnion, ruleLargeRepeat, ruleNestedRepeat, rulePossessive, ruleAtomicGroup,
	ruleStripLookaround, ruleWordEscape,
}

// loosening marks the rules after which a pattern may accept strings the
// source pattern refused; the others keep the meaning.
var loosening = map[rule]bool{
	ruleLargeRepeat: true, ruleNestedRepeat: true, rulePossessive: true,
	ruleAtomicGroup: true, ruleStripLookaround: true,
}

// maxRepeat is the largest repeat count Go's regexp accepts.
const maxRepeat = 1000

// javaPosix holds Java's ASCII-only POSIX classes, written as class ranges.
var javaPosix = map[string]string{
	"Lower": `a-z`, "Upper": `A-Z`, "ASCII": `\x00-\x7F`, "Alpha": `a-zA-Z`,
	"Digit": `0-9`, "Alnum": `a-zA-Z0-9`, "Punct": `!-/:-@\[-\x60{-~`,
	"Graph": `\x21-\x7E`, "Print": `\x20-\x7E`, "Blank": ` \t`,
	"Cntrl": `\x00-\x1F\x7F`, "XDigit": `0-9a-fA-F`, "Space": ` \t\n\x0B\f\r`,
}

// rewriteForGo returns a pattern Go's regexp compiles: p itself when it
// compiles, else p rewritten by the rules, which are returned in ruleOrder.
// The error is Go's, for the rewritten pattern, when that still fails.
//
// A pattern with a class inside a class compiles in Go with another meaning
// (Go reads the inner `[` as a literal, Java as a union), so it is flattened
// first, and refused when it cannot be (see flattenClassUnions).
func rewriteForGo(p string) (string, []rule, error) {
	flat, union, err := flattenClassUnions(p)
	if err != nil {
		return "", nil, err
	}
	if !union {
		if _, err := regexp.Compile(p); err == nil {
			return p, nil, nil
		}
	}
	out, rules := rewriteTokens(tokenize(flat))
	if union {
		rules = sortRules(append(rules, ruleClassUnion))
	}
	if _, err := regexp.Compile(out); err != nil {
		return "", rules, err
	}
	return out, rules, nil
}

// flattenClassUnions rewrites Java's class unions as one class: Java reads
// `[A-Z[a-z]_]` as the union of A-Z, a-z and `_`, while Go and .NET read the
// inner `[` as a literal and end the class at the first `]`. union tells
// whether there was one. It refuses what has no flat form it can be sure of:
// a negated class inside a class, a class inside a negated class (Java 8
// and 9 read those differently) and `&&` (Java's class intersection).
func flattenClassUnions(p string) (flat string, union bool, err error) {
	var b strings.Builder
	depth, negated := 0, false
	for i := 0; i < len(p); {
		s := p[i:]
		switch {
		case s[0] == '\\':
			e := escapeText(s)
			b.WriteString(e)
			i += len(e)
			continue
		case s[0] == '[':
			open := classOpenText(s)
			isNegated := strings.HasPrefix(open, "[^")
			switch {
			case depth == 0:
				b.WriteString(open)
				negated = isNegated
			case isNegated:
				return p, false, fmt.Errorf("negated class inside a class (a Java class union) has no flat form")
			case negated:
				return p, false, fmt.Errorf("class inside a negated class (a Java class union) has no flat form")
			default:
				union = true
				if strings.HasSuffix(open, "]") {
					b.WriteString(`\]`) // a leading ] is literal in the inner class
				}
			}
			depth++
			i += len(open)
			continue
		case s[0] == ']' && depth > 0:
			depth--
			if depth == 0 {
				b.WriteString("]")
			}
			i++
			continue
		case depth > 0 && strings.HasPrefix(s, "&&"):
			return p, false, fmt.Errorf("`&&` in a class (a Java class intersection) has no flat form")
		}
		r := firstRune(s)
		b.WriteString(r)
		i += len(r)
	}
	if !union {
		return p, false, nil
	}
	return b.String(), true, nil
}

// rewriter applies the Go rules token by token.
type rewriter struct {
	toks  []token
	out   []string
	quant int // index in out of the quantifier just written, or -1
	rules map[rule]bool
}

// rewriteTokens applies every Go rule to a tokenized pattern. It does not
// check the result compiles.
func rewriteTokens(toks []token) (string, []rule) {
	r := &rewriter{toks: toks, quant: -1, rules: map[rule]bool{}}
	for i := 0; i < len(toks); i++ {
		i += r.token(i)
	}
	return strings.Join(r.out, ""), sortedRules(r.rules)
}

// token rewrites toks[i] and returns how many further tokens it used up.
func (r *rewriter) token(i int) int {
	t := r.toks[i]
	switch t.kind {
	case tokEscape:
		return r.escape(i)
	case tokGroupOpen:
		if t.text == "(?>" {
			r.atom("(?:", ruleAtomicGroup)
			return 0
		}
	case tokQuant:
		r.quantifier(t.text)
		return 0
	case tokRepeat:
		r.repeat(t.text)
		return 0
	}
	r.atom(t.text, "")
	return 0
}

// atom writes text that is not a quantifier, noting the rule it came from.
func (r *rewriter) atom(text string, from rule) {
	r.out = append(r.out, text)
	r.quant = -1
	if from != "" {
		r.rules[from] = true
	}
}

// escape rewrites the escapes Go lacks and returns how many further tokens
// it used up (a surrogate pair is two tokens).
func (r *rewriter) escape(i int) int {
	t := r.toks[i]
	switch {
	case strings.HasPrefix(t.text, `\u`) && len(t.text) == 6:
		return r.unicodeEscape(i)
	case t.text == `\Z` && !t.inClass:
		// Java, Perl and .NET let \Z match before one final newline.
		r.atom(`(?:\n?\z)`, ruleEndOfInput)
		return 0
	case len(t.text) > 4 && (t.text[1] == 'p' || t.text[1] == 'P') && t.text[2] == '{':
		if class, ok := posixClass(t.text, t.inClass); ok {
			r.atom(class, ruleJavaPosixClass)
			return 0
		}
	}
	r.atom(t.text, "")
	return 0
}

// unicodeEscape writes \uXXXX as \x{XXXX}. Java joins a high and a low
// surrogate escape into one code point: [\uD800\uDC00-\uDBFF\uDFFF] means
// U+10000 to U+10FFFF, and Go must see it so (it has no surrogates in text).
func (r *rewriter) unicodeEscape(i int) int {
	hi := hexValue(r.toks[i].text[2:])
	if hi >= 0xD800 && hi <= 0xDBFF && i+1 < len(r.toks) {
		next := r.toks[i+1].text
		if strings.HasPrefix(next, `\u`) && len(next) == 6 {
			if lo := hexValue(next[2:]); lo >= 0xDC00 && lo <= 0xDFFF {
				cp := 0x10000 + (hi-0xD800)<<10 + (lo - 0xDC00)
				r.atom(fmt.Sprintf(`\x{%X}`, cp), ruleSurrogatePair)
				return 1
			}
		}
	}
	r.atom(fmt.Sprintf(`\x{%04X}`, hi), ruleUnicodeEscape)
	return 0
}

// posixClass writes a Java POSIX class such as \p{Graph} as ranges Go knows.
// A negated one inside a class cannot be written so; it is left to fail.
func posixClass(esc string, inClass bool) (string, bool) {
	name, closed := strings.CutSuffix(esc[3:], "}")
	ranges, ok := javaPosix[name]
	negated := esc[1] == 'P'
	switch {
	case !ok || !closed || inClass && negated:
		return "", false
	case inClass:
		return ranges, true
	case negated:
		return "[^" + ranges + "]", true
	}
	return "[" + ranges + "]", true
}

// quantifier writes *, + or ?. Right after another quantifier, + is Java's
// possessive mark and ? the lazy mark.
func (r *rewriter) quantifier(q string) {
	if r.quant >= 0 {
		switch q {
		case "+":
			// A possessive quantifier never matches where the greedy one
			// fails, so dropping the mark only loosens.
			r.rules[rulePossessive] = true
			return
		case "?":
			r.atom(q, "")
			return
		}
	}
	r.out = append(r.out, q)
	r.quant = len(r.out) - 1
}

// repeat writes {m,n}, loosening what Go refuses.
func (r *rewriter) repeat(text string) {
	if r.quant >= 0 {
		r.nestedRepeat(text)
		return
	}
	min, max, hasMax := parseRepeat(text)
	out := text
	switch {
	case hasMax && max < min:
		// Go refuses it too; there is no meaning to keep.
	case min > maxRepeat:
		// {1500}, {1500,}, {1500,2000}: at least 1,000 is the closest
		// looser bound.
		out = fmt.Sprintf("{%d,}", maxRepeat)
	case hasMax && max > maxRepeat:
		out = fmt.Sprintf("{%d,}", min)
	}
	r.out = append(r.out, out)
	r.quant = len(r.out) - 1
	if out != text {
		r.rules[ruleLargeRepeat] = true
	}
}

// nestedRepeat handles X*{m,n}, which means (X*){m,n}: for n >= 1 that is
// X* again; (X+){m,n} is within X+ for m >= 1 and X* for m = 0; (X?){m,n} is
// within X*. A repeat of a repeat is left to fail.
func (r *rewriter) nestedRepeat(text string) {
	prev := r.out[r.quant]
	min, max, hasMax := parseRepeat(text)
	if prev != "*" && prev != "+" && prev != "?" || hasMax && max == 0 {
		r.out = append(r.out, text)
		return
	}
	if prev == "?" || prev == "+" && min == 0 {
		r.out[r.quant] = "*"
	}
	r.rules[ruleNestedRepeat] = true
}

// parseRepeat reads {m}, {m,} or {m,n}; counts too large for an int are
// capped, as anything above maxRepeat is treated alike.
func parseRepeat(text string) (min, max int, hasMax bool) {
	lo, hi, hasComma := strings.Cut(text[1:len(text)-1], ",")
	if !hasComma {
		return count(lo), count(lo), true
	}
	return count(lo), count(hi), hi != ""
}

func count(digits string) int {
	n, err := strconv.Atoi(digits)
	if err != nil && digits != "" {
		return maxRepeat + 1
	}
	return n
}

func hexValue(s string) int {
	n, _ := strconv.ParseUint(s, 16, 32)
	return int(n)
}

func sortedRules(set map[rule]bool) []rule {
	var rules []rule
	for _, r := range ruleOrder {
		if set[r] {
			rules = append(rules, r)
		}
	}
	return rules
}

// anyLoosening reports whether one of the rules may widen the pattern.
func anyLoosening(rules []rule) bool {
	for _, r := range rules {
		if loosening[r] {
			return true
		}
	}
	return false
}

// stripLookarounds removes every lookahead and lookbehind. An assertion
// only ever refuses a match, so the result accepts a superset. It declines
// (false) when the pattern has a backreference, which could point into a
// removed group, or a quantified assertion, whose removal leaves a dangling
// quantifier.
func stripLookarounds(p string) (string, bool) {
	toks := tokenize(p)
	var out strings.Builder
	stripped := false
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if isBackreference(t) {
			return p, false
		}
		if !isLookaround(t) {
			out.WriteString(t.text)
			continue
		}
		end := groupEnd(toks, i)
		if end < 0 || end+1 < len(toks) && isQuantifier(toks[end+1]) {
			return p, false
		}
		i = end
		stripped = true
	}
	return out.String(), stripped
}

// groupEnd returns the index of the token closing the group opened at
// toks[open], or -1.
func groupEnd(toks []token, open int) int {
	depth := 0
	for i := open; i < len(toks); i++ {
		switch toks[i].kind {
		case tokGroupOpen:
			depth++
		case tokGroupClose:
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

func isLookaround(t token) bool {
	switch t.text {
	case "(?=", "(?!", "(?<=", "(?<!":
		return t.kind == tokGroupOpen
	}
	return false
}

func isQuantifier(t token) bool {
	return t.kind == tokQuant || t.kind == tokRepeat
}

func isBackreference(t token) bool {
	if t.kind != tokEscape || t.inClass || len(t.text) < 2 {
		return false
	}
	c := t.text[1]
	return c >= '1' && c <= '9' || c == 'k'
}

// compileRegexp2 compiles p the way the validator's second pass does:
// regexp2 with default options, which is .NET syntax, not ECMAScript.
func compileRegexp2(p string) error {
	_, err := regexp2.Compile(p, regexp2.None)
	return err
}

// forRegexp2 returns the form of a pattern Go cannot run that regexp2
// compiles: p itself, or p with \_ written as _ (.NET refuses escapes of
// word characters it does not know; `_` is a literal either way).
//
// .NET reads a class inside a class as Go does, not as Java, so a class
// union is flattened first (see flattenClassUnions).
func forRegexp2(p string) (string, []rule, error) {
	flat, union, err := flattenClassUnions(p)
	if err != nil {
		return "", nil, err
	}
	var rules []rule
	if union {
		rules = append(rules, ruleClassUnion)
	}
	err = compileRegexp2(flat)
	if err == nil {
		return flat, rules, nil
	}
	toks := tokenize(flat)
	changed := false
	for i, t := range toks {
		if t.kind == tokEscape && t.text == `\_` {
			toks[i].text = "_"
			changed = true
		}
	}
	if !changed {
		return "", nil, err
	}
	fixed := joinTokens(toks)
	if err := compileRegexp2(fixed); err != nil {
		return "", nil, err
	}
	return fixed, append(rules, ruleWordEscape), nil
}

func joinTokens(toks []token) string {
	var b strings.Builder
	for _, t := range toks {
		b.WriteString(t.text)
	}
	return b.String()
}

// sortRules puts rules in ruleOrder.
func sortRules(rules []rule) []rule {
	set := map[rule]bool{}
	for _, r := range rules {
		set[r] = true
	}
	return sortedRules(set)
}
