// Package casetest holds what the validator's tests share across
// packages: templates they are built from, and the runner that compares a
// case's findings, printed as the CLI prints them, with the expected lines.
package casetest

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Day is the day every rule case is checked on, so rules that depend on
// the calendar (Lambda runtimes) give the same findings whenever the tests
// run. On it python3.10 is deprecated but still creatable.
func Day() time.Time { return time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC) }

// Tmpl wraps resource lines into a minimal template.
func Tmpl(resources string) string {
	return "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n" + resources
}

// Strings prints findings (anything with a String method) one string each,
// as the CLI prints them.
func Strings[F fmt.Stringer](fs []F) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.String()
	}
	return out
}

// Corpus lists every corpus and golden template, from the module root
// (a relative path such as "../..").
func Corpus(t testing.TB, root string) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(root, "testdata/templates/*/*"))
	golden, _ := filepath.Glob(filepath.Join(root, "testdata/golden/*/pipeline.*"))
	var out []string
	for _, f := range append(files, golden...) {
		if filepath.Ext(f) != ".findings" {
			out = append(out, f)
		}
	}
	if len(out) < 50 {
		t.Fatalf("found only %d templates", len(out))
	}
	return out
}

// Custom wraps a value in a template of one custom resource, whose
// properties no schema checks, so only the template rules speak: the value
// is the resource's property V, at line 5, column 10.
func Custom(value string) string {
	return "Resources:\n  R:\n    Type: Custom::Thing\n    Properties:\n      V: " + value + "\n"
}

// Case is one template and every finding it must produce, in order. It
// is an unnamed struct type, so tests in other packages can write its
// literals without field names.
type Case = struct {
	Name string
	Src  string
	Want []string
}

// Run checks each case: check returns the findings of a source, as lines.
func Run(t *testing.T, cases []Case, check func(src string) []string) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			got := check(tc.Src)
			if strings.Join(got, "\n") != strings.Join(tc.Want, "\n") {
				t.Fatalf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.Want, "\n"))
			}
		})
	}
}

// LangExt wraps resources (and more sections after them) in a template with
// the AWS::LanguageExtensions transform; the first resource line is line 3.
func LangExt(rest string) string {
	return "Transform: AWS::LanguageExtensions\nResources:\n" + rest
}

// LoopProduct is a template of two nested loops over outer and inner
// items: the outer items are long, and each resource repeats one of them
// repeat times.
func LoopProduct(outer, inner, itemLen, repeat int) string {
	var a, b []string
	for i := range outer {
		a = append(a, fmt.Sprintf("v%03d%s", i, strings.Repeat("z", itemLen)))
	}
	for i := range inner {
		b = append(b, fmt.Sprintf("b%03d", i))
	}
	return LangExt(fmt.Sprintf(`  'Fn::ForEach::A':
    - A
    - [%s]
    - 'Fn::ForEach::B':
        - B
        - [%s]
        - 'R&{B}&{A}':
            Type: AWS::SNS::Topic
            Properties:
              DisplayName: '%s'
`, strings.Join(a, ", "), strings.Join(b, ", "), strings.Repeat("${A}", repeat)))
}

// ShortForms uses short-form tags, a date and scalars that YAML
// and CloudFormation read differently.
const ShortForms = `AWSTemplateFormatVersion: 2010-09-09
Resources:
  A:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "${AWS::StackName}-x"
      Tags:
        - Key: !Ref AWS::Region
          Value: !GetAtt B.Arn
        - Key: !Join [",", [a, b]]
          Value: !GetAtt [B, Arn]
      Zero: 0123
      Num: 1.5
      Flag: true
      Nothing: null
`
