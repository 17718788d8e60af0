package main

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
)

func TestRewriteForGo(t *testing.T) {
	tests := []struct {
		name, in, want string
		rules          []rule
		fails          bool
	}{
		{name: "compiles already", in: `^[a-z]{1,10}\d$`, want: `^[a-z]{1,10}\d$`},
		{name: "unicode escape", in: `^[\u0020-\u007E]+$`, want: `^[\x{0020}-\x{007E}]+$`,
			rules: []rule{ruleUnicodeEscape}},
		{name: "surrogate pair", in: "[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\t]*",
			want:  "[\\x{0020}-\\x{D7FF}\\x{E000}-\\x{FFFD}\\x{10000}-\\x{10FFFF}\t]*",
			rules: []rule{ruleUnicodeEscape, ruleSurrogatePair}},
		{name: "lone surrogates stay single", in: `^[\uD800\uDBFF-\uDC00\uDFFF]$`,
			want: `^[\x{D800}\x{DBFF}-\x{DC00}\x{DFFF}]$`, rules: []rule{ruleUnicodeEscape}},
		{name: "end of input", in: `\A[0-9a-f]+\Z`, want: `\A[0-9a-f]+(?:\n?\z)`,
			rules: []rule{ruleEndOfInput}},
		{name: "escaped backslash is no escape", in: `^\\u0041\\Z\Z`, want: `^\\u0041\\Z(?:\n?\z)`,
			rules: []rule{ruleEndOfInput}},
		{name: "posix class in class", in: `[\p{Graph}\x20]*`, want: `[\x21-\x7E\x20]*`,
			rules: []rule{ruleJavaPosixClass}},
		{name: "posix class outside class", in: `^\p{Graph}+\P{Digit}$`, want: `^[\x21-\x7E]+[^0-9]$`,
			rules: []rule{ruleJavaPosixClass}},
		{name: "Go's own \\p kept", in: `^\p{L}\p{Graph}$`, want: `^\p{L}[\x21-\x7E]$`,
			rules: []rule{ruleJavaPosixClass}},
		{name: "repeat max over 1000", in: `^.{0,1024}$`, want: `^.{0,}$`, rules: []rule{ruleLargeRepeat}},
		{name: "repeat exact over 1000", in: `^a{1500}$`, want: `^a{1000,}$`, rules: []rule{ruleLargeRepeat}},
		{name: "repeat min over 1000", in: `^a{1001,2000}b{1200,}$`, want: `^a{1000,}b{1000,}$`,
			rules: []rule{ruleLargeRepeat}},
		{name: "repeat of 1000 kept", in: `^a{5,1000}b{0,1001}$`, want: `^a{5,1000}b{0,}$`,
			rules: []rule{ruleLargeRepeat}},
		{name: "brace in class is no repeat", in: `^[{]{0,2048}$`, want: `^[{]{0,}$`,
			rules: []rule{ruleLargeRepeat}},
		{name: "nested repeat of star", in: `^[a-zA-Z-0-9-:\/.]*{1,1000}$`, want: `^[a-zA-Z-0-9-:\/.]*$`,
			rules: []rule{ruleNestedRepeat}},
		{name: "nested repeat of plus", in: `^[a-zA-Z0-9-]+{1,255}$`, want: `^[a-zA-Z0-9-]+$`,
			rules: []rule{ruleNestedRepeat}},
		{name: "nested repeat of plus from zero", in: `^a+{0,5}$`, want: `^a*$`, rules: []rule{ruleNestedRepeat}},
		{name: "nested repeat of question", in: `^a?{1,3}$`, want: `^a*$`, rules: []rule{ruleNestedRepeat}},
		{name: "possessive", in: `^a++b*+c?+d{2,3}+$`, want: `^a+b*c?d{2,3}$`, rules: []rule{rulePossessive}},
		{name: "quoted text untouched", in: `\Q\u0041{1,2000}\E\Z`, want: `\Q\u0041{1,2000}\E(?:\n?\z)`,
			rules: []rule{ruleEndOfInput}},
		{name: "lazy kept", in: `^a*?b\Z`, want: `^a*?b(?:\n?\z)`, rules: []rule{ruleEndOfInput}},
		{name: "atomic group", in: `^(?>ab|a)c$`, want: `^(?:ab|a)c$`, rules: []rule{ruleAtomicGroup}},
		{name: "several rules", in: `^[\u0021-\u007E]{1,2048}\Z`, want: `^[\x{0021}-\x{007E}]{1,}(?:\n?\z)`,
			rules: []rule{ruleUnicodeEscape, ruleEndOfInput, ruleLargeRepeat}},
		{name: "class union", in: `^[A-Z][[A-Z]_]*$`, want: `^[A-Z][A-Z_]*$`, rules: []rule{ruleClassUnion}},
		{name: "class union with other rules", in: `^[\u0041[a-z][0-9]]{1,2000}$`, want: `^[\x{0041}a-z0-9]{1,}$`,
			rules: []rule{ruleUnicodeEscape, ruleClassUnion, ruleLargeRepeat}},
		{name: "escaped brackets are no union", in: `^[\[a]\]$`, want: `^[\[a]\]$`},
		{name: "negated class in class", in: `^[a[^b]]$`, fails: true},
		{name: "class in negated class", in: `^[^a[b]]$`, fails: true},
		{name: "class intersection", in: `^[a-z&&[^x]]$`, fails: true},
		{name: "lookahead", in: `^(?!aws:)[a-z]+$`, fails: true},
		{name: "lookbehind", in: `^[a-z-]*(?<!-)$`, fails: true},
		{name: "backreference", in: `^(a)\1$`, fails: true},
		{name: "lookahead with fixable parts", in: `^(?!\s*$)[\u0020-\u007E]{1,2048}$`, fails: true},
		{name: "repeat of repeat", in: `^a{2}{3}$`, fails: true},
		{name: "unclosed class name", in: `\p{Graph`, fails: true},
		{name: "empty class name", in: `\p{}`, fails: true},
		{name: "negated posix class in class", in: `[\P{Graph}]`, fails: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, rules, err := rewriteForGo(tt.in)
			if tt.fails {
				if err == nil {
					t.Fatalf("rewriteForGo(%q) = %q, want an error", tt.in, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("rewriteForGo(%q): %v", tt.in, err)
			}
			if got != tt.want || !reflect.DeepEqual(rules, tt.rules) {
				t.Errorf("rewriteForGo(%q) = %q %v, want %q %v", tt.in, got, rules, tt.want, tt.rules)
			}
		})
	}
}

func TestStripLookarounds(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{`^(?!aws:)[a-zA-Z+-=._:/]+$`, `^[a-zA-Z+-=._:/]+$`, true},
		{`^(?=.{1,128}$).+$`, `^.+$`, true},
		{`^(?!(a|b)c)x(?<!y)$`, `^x$`, true},
		{`^[(?!]x$`, `^[(?!]x$`, false},
		{`^\(?!x$`, `^\(?!x$`, false},
		{`^(a)(?!b)\1$`, `^(a)(?!b)\1$`, false},
		{`^(?!a)*b$`, `^(?!a)*b$`, false},
		{`^(?!a`, `^(?!a`, false},
	}
	for _, tt := range tests {
		got, ok := stripLookarounds(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("stripLookarounds(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestRewriteKey(t *testing.T) {
	got, rules, err := rewriteKey(`^(?!aws:).{1,2048}$`)
	want := []rule{ruleLargeRepeat, ruleStripLookaround}
	if err != nil || got != `^.{1,}$` || !reflect.DeepEqual(rules, want) {
		t.Errorf("rewriteKey = %q %v %v, want %q %v", got, rules, err, `^.{1,}$`, want)
	}
	if _, _, err := rewriteKey(`^(a)(?!b)\1$`); err == nil {
		t.Error("rewriteKey with a backreference: want an error")
	}
}

func TestForRegexp2(t *testing.T) {
	tests := []struct {
		in, want string
		rules    []rule
		fails    bool
	}{
		{in: `^(?!aws:)[a-z]+\Z`, want: `^(?!aws:)[a-z]+\Z`},
		{in: `^(?!aws:.*)[a-z\s\:\_\.]+$`, want: `^(?!aws:.*)[a-z\s\:_\.]+$`, rules: []rule{ruleWordEscape}},
		{in: `^(?!x)[A-Z[a-z]]$`, want: `^(?!x)[A-Za-z]$`, rules: []rule{ruleClassUnion}},
		{in: `^(?!x)[a&&b]$`, fails: true},
		{in: `^(?!a)[\p{Graph}]$`, fails: true},
		{in: `^(?<!a$`, fails: true},
	}
	for _, tt := range tests {
		got, rules, err := forRegexp2(tt.in)
		if tt.fails {
			if err == nil {
				t.Errorf("forRegexp2(%q) = %q, want an error", tt.in, got)
			}
			continue
		}
		if err != nil || got != tt.want || !reflect.DeepEqual(rules, tt.rules) {
			t.Errorf("forRegexp2(%q) = %q %v %v, want %q %v", tt.in, got, rules, err, tt.want, tt.rules)
		}
	}
}

func TestTokenizeRoundTrip(t *testing.T) {
	for _, p := range []string{
		``, `\`, `[`, `[]a]`, `[^]a]\]`, `a{`, `a{1,`, `{x}`, `\x{41}{2}`, `\Q*{1,2000}\E`,
		`[[:alpha:]\p{L}]`, `(?<name>a)(?P<b>c)(?i:d)`, "é\\ü{3}", `\uD83D\uDE00`,
	} {
		if got := joinTokens(tokenize(p)); got != p {
			t.Errorf("joinTokens(tokenize(%q)) = %q", p, got)
		}
	}
}

func TestWalkerRewritesInPlace(t *testing.T) {
	doc := map[string]any{
		"properties": map[string]any{
			// A property may be called "pattern"; its schema is no regex.
			"pattern": map[string]any{"type": "string", "pattern": `^(?!aws:)\w+$`},
			"Name":    map[string]any{"type": "string", "pattern": `^\w{1,2048}$`},
		},
		"enum": []any{map[string]any{"pattern": "(?!data"}},
	}
	tl := newTally()
	if err := (&walker{typ: "AWS::T::T", t: tl}).schema(doc, ""); err != nil {
		t.Fatal(err)
	}
	props := doc["properties"].(map[string]any)
	p := props["pattern"].(map[string]any)
	if _, ok := p["pattern"]; ok || p[backtrackingKey] != `^(?!aws:)\w+$` {
		t.Errorf("lookahead node = %v, want its pattern under %s", p, backtrackingKey)
	}
	if got := props["Name"].(map[string]any)["pattern"]; got != `^\w{1,}$` {
		t.Errorf("Name pattern = %v, want ^\\w{1,}$", got)
	}
	if tl.uses != 2 || len(tl.changes) != 2 {
		t.Errorf("tally: %d uses, %d changes; want 2, 2", tl.uses, len(tl.changes))
	}
	if err := verifyDocument(doc); err == nil || !strings.Contains(err.Error(), "/enum/0/pattern") {
		t.Errorf("verifyDocument = %v, want the data pattern under enum flagged", err)
	}
}

func TestPatternKeys(t *testing.T) {
	node := func(addl any) map[string]any {
		return map[string]any{
			"additionalProperties": addl,
			"patternProperties":    map[string]any{`^(?!aws:).+$`: map[string]any{"type": "string"}},
		}
	}
	safe := node(false)
	if err := (&walker{typ: "AWS::T::T", t: newTally()}).schema(safe, ""); err != nil {
		t.Fatal(err)
	}
	if _, ok := safe["patternProperties"].(map[string]any)[`^.+$`]; !ok {
		t.Errorf("patternProperties = %v, want the key ^.+$", safe["patternProperties"])
	}
	want := map[string]any{`^.+$`: `^(?!aws:).+$`}
	if got := safe[backtrackingKeysKey]; !reflect.DeepEqual(got, want) {
		t.Errorf("%s = %v, want %v", backtrackingKeysKey, got, want)
	}
	// With additionalProperties open, a looser key makes more names meet
	// the key's schema: stricter, so the generator must refuse.
	if err := (&walker{typ: "AWS::T::T", t: newTally()}).schema(node(true), ""); err == nil {
		t.Error("loosening a key beside additionalProperties true: want an error")
	}
}

// FuzzRewrite checks the rewrites never panic, that tokens give the pattern
// back, and that whatever rewriteForGo returns compiles.
func FuzzRewrite(f *testing.F) {
	for _, s := range []string{`\u0041\Z`, `[\p{Graph}]{0,2048}`, `a*{1,5}+`, `(?!a)(?>b)\1`, `\uD800\uDC00`, `[`, `\`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		if got := joinTokens(tokenize(p)); got != p {
			t.Fatalf("round trip of %q gave %q", p, got)
		}
		if out, _, err := rewriteForGo(p); err == nil {
			if _, err := regexp.Compile(out); err != nil {
				t.Fatalf("rewriteForGo(%q) = %q, which does not compile: %v", p, out, err)
			}
		}
		stripLookarounds(p)
		forRegexp2(p)
	})
}
