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

// TestDiffOpsRebuildTheNewText: the edit turns the old lines into the new
// ones, with the LCS and past maxDiffCells (review M2: a middle of
// 2,100 × 2,100 lines takes the bounded path), and keeps the common head
// and tail whatever the middle is.
func TestDiffOpsRebuildTheNewText(t *testing.T) {
	numbered := func(prefix string, n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = prefix + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + "\n"
		}
		return out
	}
	head, tail := []string{"h1\n", "h2\n"}, []string{"t1\n"}
	cases := []struct{ a, b []string }{
		{nil, nil},
		{numbered("a", 5), numbered("b", 3)},
		{append(append(head, numbered("a", 40)...), tail...), append(append(head, numbered("a", 30)...), tail...)},
		{append(append(head, numbered("a", 2100)...), tail...), append(append(head, numbered("b", 2100)...), tail...)},
	}
	for n, c := range cases {
		ops := diffOps(c.a, c.b)
		used, made := 0, 0 // old lines kept or removed, new lines kept or added, in order
		for _, o := range ops {
			if o.kind == ' ' && c.a[o.i] != c.b[o.j] {
				t.Fatalf("case %d: kept old line %d differs from new line %d", n, o.i, o.j)
			}
			if o.kind != '+' {
				if o.i != used {
					t.Fatalf("case %d: the edit skips from old line %d to %d", n, used, o.i)
				}
				used++
			}
			if o.kind != '-' {
				if o.j != made {
					t.Fatalf("case %d: the edit skips from new line %d to %d", n, made, o.j)
				}
				made++
			}
		}
		if used != len(c.a) || made != len(c.b) {
			t.Fatalf("case %d: the edit covers %d of %d old and %d of %d new lines", n, used, len(c.a), made, len(c.b))
		}
		if len(c.a) > 0 && len(c.b) > 0 && c.a[0] == c.b[0] && ops[0].kind != ' ' {
			t.Errorf("case %d: the common head is not kept", n)
		}
	}
}
