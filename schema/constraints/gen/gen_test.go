package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pipegen/pipegen/schema/constraints"
)

const committed = ".." // schema/constraints, from this package's folder

// TestCommittedDataIsThePinnedPackage: SOURCE.json names the package this
// generator pins, and the committed archive is the one it recorded.
func TestCommittedDataIsThePinnedPackage(t *testing.T) {
	var src struct {
		Package string `json:"debian_package"`
		Version string `json:"version"`
		Release string `json:"release"`
		SHA256  string `json:"sha256"`
		Archive string `json:"archive_sha256"`
	}
	data, err := os.ReadFile(filepath.Join(committed, "SOURCE.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &src); err != nil {
		t.Fatal(err)
	}
	if src.Package != debPackage || src.Version != debVersion || src.Release != debRelease || src.SHA256 != debSHA256 {
		t.Errorf("SOURCE.json names %s %s (%s, %s); the generator pins %s %s (%s, %s): run make constraints",
			src.Package, src.Version, src.Release, src.SHA256, debPackage, debVersion, debRelease, debSHA256)
	}
	zipData, err := os.ReadFile(filepath.Join(committed, constraints.ZipName))
	if err != nil {
		t.Fatal(err)
	}
	if sum := sha256.Sum256(zipData); hex.EncodeToString(sum[:]) != src.Archive {
		t.Errorf("%s is not the archive make constraints recorded in SOURCE.json: run make constraints", constraints.ZipName)
	}
}

// TestOfflinePartIsReproduced: the formats and the hand-written
// constraints need no package, so they are generated again here and must
// be exactly the committed ones, type by type; and two runs write the same
// bytes.
func TestOfflinePartIsReproduced(t *testing.T) {
	schemas, err := loadSchemas()
	if err != nil {
		t.Fatal(err)
	}
	manual, err := readManual(filepath.Join(committed, "manual.json"))
	if err != nil {
		t.Fatal(err)
	}
	first, err := build(schemas, nil, manual)
	if err != nil {
		t.Fatal(err)
	}
	again, err := build(schemas, nil, manual)
	if err != nil {
		t.Fatal(err)
	}
	for name := range first {
		if !bytes.Equal(first[name], again[name]) {
			t.Errorf("%s differs from one run to the next", name)
		}
	}
	want := offlineLines(t, first["REPORT.txt"])
	committedReport, err := os.ReadFile(filepath.Join(committed, "REPORT.txt"))
	if err != nil {
		t.Fatal(err)
	}
	got := offlineLines(t, committedReport)
	if got != want {
		t.Errorf("the committed formats and hand-written constraints are not what the generator makes of the vendored schemas and manual.json: run make constraints")
	}
}

// offlineLines are a report's lines of constraints that do not come from
// the API models.
func offlineLines(t *testing.T, report []byte) string {
	t.Helper()
	var b strings.Builder
	for _, line := range strings.Split(string(report), "\n") {
		if line == "" || strings.HasPrefix(line, "#") || strings.Contains(line, "/service-2.json ") {
			continue
		}
		b.WriteString(line + "\n")
	}
	if b.Len() == 0 {
		t.Fatal("no format or hand-written constraint")
	}
	return b.String()
}

// TestRegeneratedFromThePackage runs the whole generation from the pinned
// .deb when one is at hand (PIPEGEN_BOTOCORE_DEB, or apt's cache) and
// wants the committed files byte for byte. Without it the test is skipped:
// CI has no network, and the offline tests above cover the rest.
func TestRegeneratedFromThePackage(t *testing.T) {
	deb := os.Getenv("PIPEGEN_BOTOCORE_DEB")
	if deb == "" {
		deb = "/var/cache/apt/archives/" + debPackage + "_" + strings.ReplaceAll(debVersion, ":", "%3a") + "_all.deb"
	}
	if _, err := os.Stat(deb); err != nil {
		t.Skipf("no %s %s package at hand (set PIPEGEN_BOTOCORE_DEB): make constraints fetches it", debPackage, debVersion)
	}
	out := t.TempDir()
	if err := run([]string{"-deb", deb, "-out", out, "-manual", filepath.Join(committed, "manual.json")}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{constraints.ZipName, constraints.IndexName, "REPORT.txt", "SOURCE.json", "LICENSE", "NOTICE"} {
		got, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join(committed, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: the generator writes other bytes than the committed file: run make constraints", name)
		}
	}
}

// TestWholeMatch: a model's pattern matches whole values, in RE2 when Go
// runs it and in regexp2 (Java syntax rewritten) when not.
func TestWholeMatch(t *testing.T) {
	for in, want := range map[string]string{
		`[\w\.-]+`:       `^(?s:[\w\.-]+)$`,
		`^arn:.*$`:       `^(?s:^arn:.*$)$`,
		`(?!aws:)[a-z]+`: `^(?s:(?!aws:)[a-z]+)$`,
		`[\p{Alnum}]+`:   `^(?s:[a-zA-Z0-9]+)$`,
	} {
		got, ok := wholeMatch(in)
		if !ok || got != want {
			t.Errorf("wholeMatch(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}
