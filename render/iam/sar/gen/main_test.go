package main

import (
	"bytes"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestWriteTwiceIsIdentical writes the fixture's output as make iamdata
// does, twice, and wants the same folder byte for byte, without the legacy
// single file or the file of a service that is no longer generated.
func TestWriteTwiceIsIdentical(t *testing.T) {
	dir := t.TempDir()
	stale := filepath.Join(dir, "data", "gone.json.gz")
	if err := os.MkdirAll(filepath.Dir(stale), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{stale, filepath.Join(dir, legacyFile)} {
		if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	files := encoded(t, fixture(false))
	files["SOURCE.json"] = []byte("{}\n")
	write(t, dir, files)
	first := snapshot(t, dir)
	if !maps.EqualFunc(first, files, bytes.Equal) {
		t.Errorf("wrote %v, want exactly %v", slices.Sorted(maps.Keys(first)), slices.Sorted(maps.Keys(files)))
	}
	write(t, dir, encodedAgain(t, files))
	if again := snapshot(t, dir); !maps.EqualFunc(first, again, bytes.Equal) {
		t.Error("the second run wrote other bytes")
	}
}

// encodedAgain regenerates the data files, so that the second write does
// not merely rewrite the first run's byte slices.
func encodedAgain(t *testing.T, first map[string][]byte) map[string][]byte {
	files := encoded(t, fixture(true))
	files["SOURCE.json"] = first["SOURCE.json"]
	return files
}

func write(t *testing.T, dir string, files map[string][]byte) {
	t.Helper()
	if err := writeFiles(dir, files); err != nil {
		t.Fatal(err)
	}
	if err := removeStale(dir, files); err != nil {
		t.Fatal(err)
	}
}

// snapshot reads every file under dir, keyed by its slash-separated path.
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := fs.WalkDir(os.DirFS(dir), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		out[path], err = os.ReadFile(filepath.Join(dir, filepath.FromSlash(path)))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
