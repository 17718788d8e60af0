package schema

import (
	"bytes"
	"github.com/pipegen/pipegen/schema/internal/casetest"
	"github.com/pipegen/pipegen/schema/rules"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzGoldenDir holds the generated templates every fuzz target starts from.
const fuzzGoldenDir = "../testdata/golden"

// fuzzSeeds returns the seed inputs shared by FuzzParse and FuzzValidate: every
// golden file, templates from the unit tests, and hostile inputs.
//
// The full alias bomb costs about a second (the parser expands a million nodes
// before it refuses the file), so only FuzzParse gets it: Check returns Parse's
// finding unchanged for it, and FuzzValidate gets the small bomb, which parses.
func fuzzSeeds(tb testing.TB, fullAliasBomb bool) [][]byte {
	tb.Helper()
	var seeds [][]byte
	err := filepath.WalkDir(fuzzGoldenDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		seeds = append(seeds, data)
		return nil
	})
	if err != nil {
		tb.Logf("golden seeds not read: %v", err)
	}
	for _, s := range fuzzUnitSeeds() {
		seeds = append(seeds, []byte(s))
	}
	if fullAliasBomb {
		seeds = append(seeds, []byte(fuzzAliasBomb('j')))
	}
	return append(seeds, fuzzHostileSeeds()...)
}

// fuzzUnitSeeds are the templates of parse_test.go and validate_test.go,
// plus a few that reach rules those tests do not.
func fuzzUnitSeeds() []string {
	seeds := []string{casetest.ShortForms}
	for _, c := range casetest.Validate {
		seeds = append(seeds, c.Src)
	}
	return append(seeds,
		"Parameters:\n  Name:\n    Type: String\n    Default: my_app\n    AllowedPattern: \"^[a-z-]+$\"\n    AllowedValues: [a, b]\n    MinLength: 7\n    MaxLength: 2\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Ref Name\n",
		"Parameters:\n  N:\n    Type: Strin\n    Defualt: x\nResources:\n  B:\n    Type: AWS::S3::Bucket\n",
		tmpl("  B:\n    Type: AWS::S3::Bucket\n")+"Outputs:\n  O:\n    Description: x\n    Exprt: y\n",
		// A CodeBuild project whose Properties is not a mapping: this used to panic
		// in the inline buildspec check.
		tmpl("  P:\n    Type: AWS::CodeBuild::Project\n    Properties:\n"),
		tmpl("  P:\n    Type: AWS::CodeBuild::Project\n    Properties: !Ref X\n"),
		tmpl("  P:\n    Type: AWS::CodeBuild::Project\n    Properties:\n      Source: {Type: NO_SOURCE, BuildSpec: \"version: 0.2\\nphases: 1\\n\"}\n"),
		// Intrinsics in odd shapes.
		tmpl("  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !GetAtt [B]\n      Tags: [{Key: !Sub [a, b, c], Value: !Ref [x]}, {Key: !Sub [\"${y}\", z], Value: !GetAtt {a: b}}]\n"),
		tmpl("  B:\n    Type: AWS::S3::Bucket\n    Condition: C\n")+"Conditions:\n  C: !Equals [!Ref AWS::Region, us-east-1]\nOutputs:\n  O:\n    Value: !GetAtt B.Arn\n    Export: {Name: !Sub \"${AWS::StackName}-o\"}\n",
		"Description: [1]\nResources: [a]\nParameters: x\nOutputs: 1\nMappings: []\nConditions: null\n",
		"Resources:\n  R:\n    Type: [AWS::S3::Bucket]\n  S: x\n",
		"Resources:\n  Key: !ToJsonString {a: !Base64 b, c: !Cidr [a, 1, 2], d: !GetAZs '', e: !Select [0, !Split [',', a]]}\n",
	)
}

// fuzzHostileSeeds are inputs built to hurt a parser.
func fuzzHostileSeeds() [][]byte {
	deep := strings.Repeat("[", 300) + strings.Repeat("]", 300)
	deepMap := strings.Repeat("{a: ", 300) + "x" + strings.Repeat("}", 300)
	return [][]byte{
		// Four levels of ten: 11,111 nodes, under maxNodes, so Validate walks them.
		[]byte(fuzzAliasBomb('d')),
		[]byte("Metadata:\n  " + strings.ReplaceAll(fuzzAliasBomb('d'), "\n", "\n  ") +
			"\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: *c\n      Tags: [{Key: !Sub '${X}', Value: *b}]\n"),
		[]byte("Resources: " + deep + "\n"),
		[]byte("Resources: " + deepMap + "\n"),
		[]byte(deep),
		[]byte("Resources:\n\tA: 1\n"),
		[]byte("Resources:\n  A:\n\t\tType: AWS::S3::Bucket\n"),
		[]byte("Resources:\n  A: 1\n  A: 2\n"),
		[]byte("Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Type: AWS::SNS::Topic\n"),
		[]byte("Resources:\n  A: \xff\n"),
		[]byte("\xef\xbb\xbfResources:\n  A: \xc3\x28\n"),
		[]byte("\xfe\xff\x00R\x00e"),
		bytes.Repeat([]byte{0}, 512),
		{},
		[]byte("# nothing\n"),
		[]byte("---\n...\n"),
		[]byte("Resources: {}\n---\nResources: {}\n"),
		[]byte("Resources:\n  B:\n    Type: AWS::S3::Bucket\n---\n[\n"),
		[]byte("- a\n- b\n"),
		[]byte("Resources:\n  A:\n    <<: {Type: x}\n"),
		[]byte("Resources:\n  A: !Reff x\n"),
		[]byte("Resources:\n  ? [a, b]\n  : c\n"),
		[]byte("Resources:\n  &k A: {Type: AWS::S3::Bucket}\n  B: {Type: AWS::S3::Bucket, Properties: {BucketName: *k}}\n  *k : x\n"),
		[]byte("a: &a [*a]\n"),
		[]byte(`{"Resources": {`),
		[]byte(`{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": {"Ref": "AWS::StackName"}, "Tags": [{"Key": "k", "Value": 1e400}]}}}}`),
		[]byte(`[1, 2.5, true, null, "x", {"a": {}}]`),
		[]byte("Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !!binary aGVsbG8=\n      Tags: !!set {a, b}\n      X: !!float .nan\n      Y: 99999999999999999999\n"),
		[]byte("Resources: |\n  text\n"),
		[]byte("Resources:\n  B:\n    Type: AWS::CodeBuild::Project\n    Properties:\n      Source:\n        BuildSpec: |\n"),
		[]byte("\"\\u0000\": \x01\x02\n"),
		// The limits of issue 10: long keys (a JSON key over YAML's 1024
		// characters, nested long keys over a list), a Fn::ForEach product
		// past the text budget, backtracking patterns past the time budget,
		// numbers no float64 holds, control characters in names.
		// Small: the fuzzer mutates a seed thousands of times, and a
		// syntax error costs a few dozen parses of the whole input.
		[]byte(longKeys(4, 50, false)),
		[]byte(longKeys(3, 50, true)),
		[]byte(`{"Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {"` + strings.Repeat("k", 1030) + `": "\ud83d\ude00\/"}}}}`),
		[]byte(casetest.LoopProduct(2, 10, 500, 1000)), // 20 resources of 500 KB of text: past the budget
		[]byte(casetest.LoopProduct(20, 30, 1, 1)),
		[]byte(fuzzBacktracking()),
		[]byte("Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: [1e400, -1.5E+999, !!float 1e400, !!str 1e400, 12345678901234567890]\n"),
		[]byte("{\"Resources\": {\"B\": {\"Type\": \"AWS::S3::Bucket\\nx.yaml:1:1: error E9999 forged\", \"Properties\": {\"\\u001b[31mX\": {\"Ref\": \"\\r\\u009b\"}}}}}"),
	}
}

// fuzzBacktracking is a template whose parameters' AllowedPattern and a
// resource's registry pattern (a lookahead, run on regexp2) backtrack past
// the file's time budget.
func fuzzBacktracking() string {
	params, resources := backtrackingParams(2)
	return "Parameters:\n" + params + "Resources:\n" + resources + slowAliases(1)
}

// fuzzAliasBomb is the "billion laughs" document: anchors a to last, each a
// list of ten aliases of the one before; 'j' expands to 10^10 nodes.
func fuzzAliasBomb(last rune) string {
	var b strings.Builder
	b.WriteString("a: &a [x, x, x, x, x, x, x, x, x, x]\n")
	for c := 'b'; c <= last; c++ {
		prev := "*" + string(c-1)
		b.WriteString(string(c) + ": &" + string(c) + " [" + strings.TrimSuffix(strings.Repeat(prev+", ", 10), ", ") + "]\n")
	}
	return b.String()
}

// fuzzLineCount is the number of lines in data as YAML counts them: \n, \r\n,
// a lone \r, and (yaml.v3 follows YAML 1.1 here) U+0085, U+2028 and U+2029
// each end a line; a final line break does not start a new line.
func fuzzLineCount(data []byte) int {
	lines, open := 0, false
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == '\r' && i+1 < len(data) && data[i+1] == '\n':
			size = 2
			fallthrough
		case r == '\n', r == '\r', r == '\u0085', r == '\u2028', r == '\u2029':
			lines, open = lines+1, false
		default:
			open = true
		}
		i += size
	}
	if open {
		lines++
	}
	return lines
}

func TestFuzzLineCount(t *testing.T) {
	for in, want := range map[string]int{
		"": 0, "a": 1, "a\n": 1, "a\nb": 2, "\n\n": 2, "\"\r\r0": 3,
		"a\r\nb\r\n": 2, "a\u2028b\u0085c": 3, "\xff\n\xff": 2,
	} {
		if got := fuzzLineCount([]byte(in)); got != want {
			t.Errorf("fuzzLineCount(%q) = %d, want %d", in, got, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds(f, true) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, findings := Parse("f.yaml", data)
		if doc != nil {
			if len(findings) != 0 {
				t.Fatalf("a document and findings: %v", findings)
			}
			if doc.Root == nil {
				t.Fatal("a document with a nil Root")
			}
			return
		}
		if len(findings) != 1 {
			t.Fatalf("no document: want exactly one finding, got %d: %v", len(findings), findings)
		}
		fd := findings[0]
		if fd.Rule != rules.Parse.ID || fd.Severity != Error {
			t.Errorf("want an E0000 error, got %v", fd)
		}
		if fd.Pos.Line < 1 || fd.Pos.Col < 1 {
			t.Errorf("position %v is not 1-based: %v", fd.Pos, fd)
		}
		if max := fuzzLineCount(data) + 1; fd.Pos.Line > max {
			t.Errorf("line %d is past the end of a %d-line input: %v", fd.Pos.Line, max-1, fd)
		}
		if fd.Message == "" || fd.File != "f.yaml" {
			t.Errorf("finding without a message or with the wrong file: %#v", fd)
		}
	})
}

func FuzzValidate(f *testing.F) {
	for _, s := range fuzzSeeds(f, false) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		findings := NewValidator().Check("f.yaml", data)
		sorted := slices.Clone(findings)
		Sort(sorted)
		if !slices.Equal(sorted, findings) {
			t.Errorf("findings are not sorted:\n%s\nsorted:\n%s", strings.Join(findingStrings(findings), "\n"), strings.Join(findingStrings(sorted), "\n"))
		}
		for _, fd := range findings {
			if fd.Pos.Line < 1 || fd.Pos.Col < 1 || fd.Rule == "" || fd.Message == "" {
				t.Errorf("malformed finding %#v", fd)
			}
		}
		second := NewValidator().Check("f.yaml", data)
		if timed(findings) || timed(second) {
			return // a pattern near the time budget may finish in one run only
		}
		if first, again := findingStrings(findings), findingStrings(second); !slices.Equal(first, again) {
			t.Errorf("a second Check differs:\n%s\nfirst:\n%s", strings.Join(again, "\n"), strings.Join(first, "\n"))
		}
	})
}

// timed reports a W0100 finding: the file's patterns ran out of time, and
// which checks finished depends on the machine.
func timed(fs []Finding) bool {
	return slices.ContainsFunc(fs, func(f Finding) bool { return f.Rule == rules.PatternTime.ID })
}
