package render

import (
	"testing"

	"gopkg.in/yaml.v3"
)

// decodeScalar reads back what YAML makes of a rendered value.
func decodeScalar(t *testing.T, doc string) string {
	t.Helper()
	var v map[string]string
	if err := yaml.Unmarshal([]byte(doc), &v); err != nil {
		t.Fatalf("rendered YAML does not parse: %v\n%s", err, doc)
	}
	return v["k"]
}

var awkwardStrings = []string{
	"plain", "", "with \"quotes\" and 'single'", `back\slash`, "new\nline", "tab\there",
	"#comment", "- dash", ": colon", "key: value", "{flow}", "[list]", "!Ref X", "*alias", "&anchor",
	"null", "true", "0123", "2010-09-09", "1e3", "é ü 日本", "\x00\x01\x7f", "\u2028\u2029\ufeff", "trailing ",
	"\U0001F600", "\xff\xfe invalid utf8",
}

func TestQuoteYAMLRoundTrips(t *testing.T) {
	for _, s := range awkwardStrings {
		got := decodeScalar(t, "k: "+quoteYAML(s)+"\n")
		want := s
		if s == "\xff\xfe invalid utf8" {
			want = "\ufffd\ufffd invalid utf8" // invalid bytes become U+FFFD, never raw
		}
		if got != want {
			t.Errorf("quoteYAML(%q) reads back as %q", s, got)
		}
	}
}

func TestLiteralYAMLRoundTrips(t *testing.T) {
	texts := append([]string{"version: 0.2\nphases: {}\n", "a\n  b\nc", "x\n\ny\n", "a\n\n"}, awkwardStrings...)
	for _, s := range texts {
		got := decodeScalar(t, "k: "+literalYAML(2, s)+"\n")
		want := s
		if s == "\xff\xfe invalid utf8" {
			want = "\ufffd\ufffd invalid utf8"
		}
		if got != want {
			t.Errorf("literalYAML(%q) reads back as %q", s, got)
		}
	}
}
