package pattern

import (
	"strings"
	"testing"
	"time"
)

// TestPatternBudget: matches spend the budget; once it is gone, checks are
// undecided and recorded by path, the first pattern at each path kept.
func TestPatternBudget(t *testing.T) {
	b := NewBudget(100 * time.Millisecond)
	if m, d := b.Match(`^a+$`, "aaa", "P/1", "one"); !m || !d {
		t.Fatalf("a quick match: matched %v, decided %v", m, d)
	}
	if m, d := b.Match(`^(a+)+$`, strings.Repeat("a", 40)+"!", "P/2", "two"); m || d {
		t.Fatalf("a catastrophic match: matched %v, decided %v", m, d)
	}
	if m, d := b.Match(`^a+$`, "aaa", "P/2", "three"); m || d {
		t.Fatalf("after the budget: matched %v, decided %v", m, d)
	}
	if m, d := b.Match(`(`, "x", "P/3", "bad"); !m || !d {
		t.Errorf("a pattern that does not compile matches (the caller reports it): %v %v", m, d)
	}
	if cuts := b.Cuts(); len(cuts) != 1 || cuts[0] != (Cut{Path: "P/2", What: "two", Count: 2}) {
		t.Errorf("cuts %+v", cuts)
	}
}

func TestJava(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`^[a-z0-9]{6,16}+$`, `^[a-z0-9]{6,16}$`},
		{`a*+b++c?+d+`, `a*b+c?d+`},
		{`\++x[+]+`, `\++x[+]+`},
		{`[\p{Alpha}_]+\p{Digit}\P{Lower}`, `[a-zA-Z_]+[0-9][^a-z]`},
		{`(?+x)`, `(?+x)`},
		{`\p{L}+`, `\p{L}+`},
		{`plain`, `plain`},
	} {
		if got := Java(tc.in); got != tc.want {
			t.Errorf("Java(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
