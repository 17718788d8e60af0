// Package output writes validation findings in the formats `pipegen validate`
// offers: text (the default), json, sarif (SARIF 2.1.0, for GitHub code
// scanning) and junit (JUnit XML, for CI systems). Each format is one file
// behind the Writer interface, as in kubeconform's pkg/output.
package output

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/pipegen/pipegen/schema"
)

// Writer writes the findings of one run. files lists every file checked, in
// order, including those without findings. Findings may come in any order;
// every writer sorts them (schema.Sort), so its output is deterministic.
type Writer interface {
	Write(w io.Writer, findings []schema.Finding, files []string) error
}

// Options are what some formats need beyond the findings.
type Options struct {
	// Version is pipegen's version, reported as the SARIF tool version.
	Version string
	// Strict makes warnings fail too: in JUnit, a file with a warning is
	// then a failed test case.
	Strict bool
	// DocsURL is the README whose rules table documents each rule: a SARIF
	// rule's helpUri is DocsURL#<id>, the row's anchor. Empty: DefaultDocsURL.
	DocsURL string
}

// DefaultDocsURL is pipegen's README on GitHub, whose rules table has an
// anchor per rule (<a id="e3002">).
const DefaultDocsURL = informationURI + "/blob/main/README.md"

// Formats lists the format names New accepts, the default first.
var Formats = []string{"text", "json", "sarif", "junit"}

// New returns the writer of a format named in Formats.
func New(format string, opts Options) (Writer, error) {
	switch format {
	case "text":
		return Text{}, nil
	case "json":
		return JSON{}, nil
	case "sarif":
		docs := opts.DocsURL
		if docs == "" {
			docs = DefaultDocsURL
		}
		return SARIF{Version: opts.Version, DocsURL: docs}, nil
	case "junit":
		return JUnit{Strict: opts.Strict}, nil
	}
	return nil, fmt.Errorf("unknown format %q: expected one of %s", format, strings.Join(Formats, ", "))
}

// Summary counts the files checked and the findings of each severity.
type Summary struct {
	Files    int `json:"files"`
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Infos    int `json:"infos"`
}

// Count summarizes one run.
func Count(findings []schema.Finding, files []string) Summary {
	s := Summary{Files: len(files)}
	for _, f := range findings {
		switch f.Severity {
		case schema.Error:
			s.Errors++
		case schema.Warning:
			s.Warnings++
		default:
			s.Infos++
		}
	}
	return s
}

// Failed reports whether a run fails: any error, or with strict any warning.
// Info findings never fail.
func (s Summary) Failed(strict bool) bool {
	return s.Errors > 0 || (strict && s.Warnings > 0)
}

// sorted returns the findings in schema.Sort's order without touching the caller's slice.
func sorted(findings []schema.Finding) []schema.Finding {
	out := append([]schema.Finding(nil), findings...)
	schema.Sort(out)
	return out
}

// allFiles returns files followed by any file that has findings but is not
// listed, so no finding is lost from a per-file format.
func allFiles(findings []schema.Finding, files []string) []string {
	out := append([]string(nil), files...)
	seen := map[string]bool{}
	for _, f := range files {
		seen[f] = true
	}
	var extra []string
	for _, f := range findings {
		if !seen[f.File] {
			seen[f.File] = true
			extra = append(extra, f.File)
		}
	}
	sort.Strings(extra)
	return append(out, extra...)
}

// message is a finding's text without its location: "Path: message".
func message(f schema.Finding) string {
	if f.Path == "" {
		return f.Message
	}
	return f.Path + ": " + f.Message
}
