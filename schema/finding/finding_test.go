package finding

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestShortPath: short paths are kept; long ones keep their start and end,
// cut at slashes (or, inside one long key, between characters), valid UTF-8.
func TestShortPath(t *testing.T) {
	long := strings.Repeat("é", 600) // 1,200 bytes, no slash
	for in, want := range map[string]string{
		"Resources/A/Properties":                      "Resources/A/Properties",
		"Resources/A/" + long:                         "Resources/A/…" + strings.Repeat("é", 256),
		"Resources/A/" + long + "/" + long + "/0/Ref": "Resources/A/…/0/Ref",
	} {
		if got := ShortPath(in); got != want {
			t.Errorf("ShortPath(%.40q...) = %.80q..., want %.80q...", in, got, want)
		}
	}
	in := "Resources/A/" + strings.Repeat("x/", 600) + "Ref"
	got := ShortPath(in)
	if !strings.HasPrefix(got, "Resources/A/x/x/") || !strings.HasSuffix(got, "/x/x/Ref") || !strings.Contains(got, "/…/") ||
		len(got) > maxPathText+len("…") || !utf8.ValidString(got) {
		t.Errorf("shortPath of a deep path: %q", got)
	}
}
