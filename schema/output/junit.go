package output

import (
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/pipegen/pipegen/schema"
)

// JUnit writes JUnit XML: one <testsuites> holding one <testsuite> named
// "pipegen validate", with one <testcase> per file checked. A file with an
// error finding (or, with Strict, a warning) has a <failure> whose text lists
// those findings; its other findings go to <system-out>.
type JUnit struct {
	Strict bool
}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

const junitSuiteName = "pipegen validate"

func (j JUnit) Write(w io.Writer, findings []schema.Finding, files []string) error {
	byFile := map[string][]schema.Finding{}
	for _, f := range sorted(findings) {
		byFile[f.File] = append(byFile[f.File], f)
	}
	suite := junitSuite{Name: junitSuiteName}
	for _, file := range allFiles(findings, files) {
		c := junitCase{Name: file, Classname: "pipegen.validate"}
		var failing, other []string
		rules := map[string]bool{}
		for _, f := range byFile[file] {
			if j.fails(f) {
				failing = append(failing, f.String())
				rules[f.Rule] = true
			} else {
				other = append(other, f.String())
			}
		}
		if len(failing) > 0 {
			ids := make([]string, 0, len(rules))
			for id := range rules {
				ids = append(ids, id)
			}
			sort.Strings(ids)
			c.Failure = &junitFailure{
				Message: fmt.Sprintf("%d finding(s): %s", len(failing), strings.Join(ids, ", ")),
				Type:    strings.Join(ids, ","),
				Text:    strings.Join(failing, "\n"),
			}
			suite.Failures++
		}
		if len(other) > 0 {
			c.SystemOut = strings.Join(other, "\n")
		}
		suite.Cases = append(suite.Cases, c)
		suite.Tests++
	}
	doc := junitSuites{Name: junitSuiteName, Tests: suite.Tests, Failures: suite.Failures, Suites: []junitSuite{suite}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// fails reports whether a finding fails its file's test case.
func (j JUnit) fails(f schema.Finding) bool {
	return f.Severity == schema.Error || (j.Strict && f.Severity == schema.Warning)
}
