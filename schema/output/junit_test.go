package output

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

// junitDoc is what a CI system reads from JUnit XML.
type junitDoc struct {
	XMLName  xml.Name `xml:"testsuites"`
	Name     string   `xml:"name,attr"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Suites   []struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Cases    []struct {
			Name      string `xml:"name,attr"`
			Classname string `xml:"classname,attr"`
			Failure   *struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
			SystemOut string `xml:"system-out"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func parseJUnit(t *testing.T, out string) junitDoc {
	t.Helper()
	if !strings.HasPrefix(out, `<?xml version="1.0" encoding="UTF-8"?>`) {
		t.Errorf("no XML declaration:\n%s", out)
	}
	// Well-formed from start to end: a strict token pass, then the typed decode.
	dec := xml.NewDecoder(strings.NewReader(out))
	dec.Strict = true
	for {
		_, err := dec.Token()
		if err != nil {
			if err != io.EOF {
				t.Fatalf("not well-formed XML: %v\n%s", err, out)
			}
			break
		}
	}
	var doc junitDoc
	if err := xml.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return doc
}

func TestJUnit(t *testing.T) {
	out := write(t, "junit", Options{}, sample(), sampleFiles)
	doc := parseJUnit(t, out)
	if doc.Name != "pipegen validate" || doc.Tests != 3 || doc.Failures != 1 || len(doc.Suites) != 1 {
		t.Fatalf("testsuites: %+v", doc)
	}
	s := doc.Suites[0]
	if s.Tests != 3 || s.Failures != 1 || len(s.Cases) != 3 {
		t.Fatalf("testsuite: tests %d failures %d cases %d", s.Tests, s.Failures, len(s.Cases))
	}
	// One test case per file, in the order checked.
	for i, f := range sampleFiles {
		if s.Cases[i].Name != f {
			t.Errorf("case %d = %q, want %q", i, s.Cases[i].Name, f)
		}
	}
	bad, odd, good := s.Cases[0], s.Cases[1], s.Cases[2]
	if bad.Failure == nil || bad.Failure.Type != "E3002" || bad.Failure.Message != "1 finding(s): E3002" ||
		bad.Failure.Text != "templates/bad.yaml:5:7: error E3002 Resources/Bucket/Properties/Versioning: unknown property Versioning" {
		t.Errorf("bad.yaml failure: %+v", bad.Failure)
	}
	if bad.SystemOut != "templates/bad.yaml:2:3: warning W2001 Parameters/P: parameter P is never used" {
		t.Errorf("bad.yaml system-out: %q", bad.SystemOut)
	}
	// Escaped content comes back intact; the control character is written
	// as an escape in the finding's line (schema.Finding.String).
	if odd.Failure != nil || odd.SystemOut != `templates/a <&> "b".yml:3:3: info I3038 Resources/Fn: AWS::Serverless::Function <not> checked & "quoted"\x01` {
		t.Errorf("info-only file: failure %+v, system-out %q", odd.Failure, odd.SystemOut)
	}
	if good.Failure != nil || good.SystemOut != "" {
		t.Errorf("good file: %+v", good)
	}
}

func TestJUnitStrict(t *testing.T) {
	doc := parseJUnit(t, write(t, "junit", Options{Strict: true}, sample(), sampleFiles))
	bad := doc.Suites[0].Cases[0]
	if doc.Failures != 1 || bad.Failure == nil || bad.Failure.Type != "E3002,W2001" || bad.SystemOut != "" ||
		strings.Count(bad.Failure.Text, "\n") != 1 {
		t.Fatalf("strict: failures %d, case %+v", doc.Failures, bad)
	}
}

func TestJUnitFindingOfUnlistedFile(t *testing.T) {
	doc := parseJUnit(t, write(t, "junit", Options{}, sample(), nil))
	if n := len(doc.Suites[0].Cases); n != 2 || doc.Failures != 1 {
		t.Fatalf("%d cases, %d failures: every file with findings needs a case", n, doc.Failures)
	}
}
