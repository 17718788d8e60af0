package main

import (
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strings"
	"sync"
	"testing"
)

// Some tests need tools from outside the repository: cfn-lint, moto_server
// and the aws CLI (pip), and the reference outputs of chalice in
// ../shared/reference. On a developer's machine a missing one skips the
// test, and TestMain lists every such skip at the end of the run: on
// standard error (which go test shows for a package it ran alone, or
// with -v) and in the file PIPEGEN_SKIPS names, which make test prints
// after go test. In CI (CI=true) a missing one fails the test instead: CI
// must never pass for having checked less.

// inCI reports whether the tests run in CI, where a missing tool fails.
func inCI() bool { return os.Getenv("CI") == "true" }

var (
	skipsMu sync.Mutex
	skips   = map[string]bool{}
)

// needTool returns the path of a program on PATH; when there is none, it
// fails the test in CI and skips it elsewhere, saying how to get it.
func needTool(t *testing.T, name, install string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		missing(t, fmt.Sprintf("%s is not on PATH (%s)", name, install))
	}
	return path
}

// needFile fails the test in CI, and skips it elsewhere, when path does not
// exist; what says what the file is for.
func needFile(t *testing.T, path, what string) {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		missing(t, fmt.Sprintf("%s: %s", what, err))
	}
}

// missing ends a test that lacks something from outside the repository.
func missing(t *testing.T, why string) {
	t.Helper()
	if inCI() {
		t.Fatalf("CI=true: %s; CI must have it", why)
	}
	skipsMu.Lock()
	skips[t.Name()+": "+why] = true
	skipsMu.Unlock()
	t.Skip(why)
}

func TestMain(m *testing.M) {
	code := m.Run()
	skipsMu.Lock()
	defer skipsMu.Unlock()
	if len(skips) > 0 {
		lines := make([]string, 0, len(skips))
		for s := range skips {
			lines = append(lines, "  "+s)
		}
		sort.Strings(lines)
		text := fmt.Sprintf("pipegen: %d test(s) skipped for want of an outside tool or file (CI=true fails them):\n%s\n", len(lines), strings.Join(lines, "\n"))
		fmt.Fprint(os.Stderr, text)
		if file := os.Getenv("PIPEGEN_SKIPS"); file != "" {
			os.WriteFile(file, []byte(text), 0o644) //nolint:errcheck // a report, not a result
		}
	}
	os.Exit(code)
}
