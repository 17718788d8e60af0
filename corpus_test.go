package main

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// The template corpora:
//
//   - testdata/templates/good: real-world-shaped templates that must validate
//     with no error (warnings are listed in the test log);
//   - testdata/templates/bad: templates with one planted defect each; NAME.yaml
//     has its expected findings, the exact lines `pipegen validate` prints,
//     in NAME.yaml.findings beside it.
//
// After a deliberate change of findings, rewrite the expected files with
// `go test . -run TestCorpus -update` (or `make golden`) and review the diff.
const (
	goodCorpus    = "testdata/templates/good"
	badCorpus     = "testdata/templates/bad"
	findingsExt   = ".findings"
	minGoodCorpus = 30
	minBadCorpus  = 60
)

// corpusFiles lists the templates of a corpus folder, sorted, as slash paths
// relative to the module root (the names findings print).
func corpusFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() && templateExts[strings.ToLower(filepath.Ext(e.Name()))] {
			out = append(out, dir+"/"+e.Name())
		}
	}
	sort.Strings(out)
	return out
}

func TestCorpus(t *testing.T) {
	t.Run("good", func(t *testing.T) {
		files := corpusFiles(t, goodCorpus)
		if len(files) < minGoodCorpus {
			t.Errorf("%s has %d templates, want at least %d", goodCorpus, len(files), minGoodCorpus)
		}
		for _, file := range files {
			t.Run(filepath.Base(file), func(t *testing.T) {
				code, stdout, stderr := pipegen(t, "validate", file)
				if code != 0 || strings.Contains(stdout, ": error ") {
					t.Fatalf("a good template must validate without errors; exit %d\n%s%s", code, stdout, stderr)
				}
				if stdout != "" {
					t.Logf("findings (not errors):\n%s", stdout)
				}
			})
		}
	})
	t.Run("bad", func(t *testing.T) {
		files := corpusFiles(t, badCorpus)
		if len(files) < minBadCorpus {
			t.Errorf("%s has %d templates, want at least %d", badCorpus, len(files), minBadCorpus)
		}
		for _, file := range files {
			t.Run(filepath.Base(file), func(t *testing.T) {
				code, stdout, stderr := pipegen(t, "validate", file)
				if code != 1 || !strings.Contains(stdout, ": error ") {
					t.Fatalf("a bad template must have at least one error (exit 1); exit %d\n%s%s", code, stdout, stderr)
				}
				want := file + findingsExt
				if *update {
					if err := os.WriteFile(want, []byte(stdout), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				expected, err := os.ReadFile(want)
				if err != nil {
					t.Fatalf("%v (run `go test . -run TestCorpus -update` to create it, then review it)", err)
				}
				if stdout != string(expected) {
					t.Errorf("findings differ from %s\ngot:\n%swant:\n%s", want, stdout, expected)
				}
			})
		}
		// Every expected file belongs to a template.
		entries, err := os.ReadDir(badCorpus)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			name := e.Name()
			if strings.HasSuffix(name, findingsExt) {
				if _, err := os.Stat(filepath.Join(badCorpus, strings.TrimSuffix(name, findingsExt))); err != nil {
					t.Errorf("%s/%s has no template beside it", badCorpus, name)
				}
			}
		}
	})
}
