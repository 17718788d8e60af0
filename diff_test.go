package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestUnifiedDiff(t *testing.T) {
	tests := []struct{ old, new, want string }{
		{"a\nb\n", "a\nb\n", ""},
		{"a\nb\nc\n", "a\nx\nc\n", "--- o\n+++ n\n@@ -1,3 +1,3 @@\n a\n-b\n+x\n c\n"},
		{"", "a\n", "--- o\n+++ n\n@@ -0,0 +1,1 @@\n+a\n"},
		{"a", "a\n", "--- o\n+++ n\n@@ -1,1 +1,1 @@\n-a\n\\ No newline at end of file\n+a\n"},
	}
	for _, tt := range tests {
		if got := unifiedDiff("o", "n", tt.old, tt.new); got != tt.want {
			t.Errorf("diff(%q, %q) =\n%s\nwant\n%s", tt.old, tt.new, got, tt.want)
		}
	}
}

// The diff applies: patch turns the old text into the new one.
func TestUnifiedDiffApplies(t *testing.T) {
	patch := needTool(t, "patch", "GNU patch")
	old, _ := os.ReadFile("testdata/golden/default/pipeline.yml")
	new := strings.Replace(strings.Replace(string(old), "main", "release", 1), "Beta", "Gamma", 3) + "# end\n"
	dir := t.TempDir()
	file := filepath.Join(dir, "p.yml")
	os.WriteFile(file, old, 0o644)
	cmd := exec.Command(patch, "-s", file)
	cmd.Stdin = strings.NewReader(unifiedDiff("p.yml", "p.yml", string(old), new))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("patch: %v\n%s", err, out)
	}
	got, _ := os.ReadFile(file)
	if string(got) != new {
		t.Fatal("the patched file is not the new text")
	}
}
