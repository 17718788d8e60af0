package template

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/pipegen/pipegen/schema/internal/casetest"
)

func TestParseNormalizesShortForms(t *testing.T) {
	src := casetest.ShortForms
	doc, findings := Parse("t.yaml", []byte(src))
	if findings != nil {
		t.Fatal(findings)
	}
	if v := doc.Root["AWSTemplateFormatVersion"]; v != "2010-09-09" {
		t.Errorf("date became %#v", v)
	}
	props := doc.Root["Resources"].(map[string]any)["A"].(map[string]any)["Properties"].(map[string]any)
	want := map[string]any{
		"BucketName": map[string]any{"Fn::Sub": "${AWS::StackName}-x"},
		"Tags": []any{
			map[string]any{"Key": map[string]any{"Ref": "AWS::Region"}, "Value": map[string]any{"Fn::GetAtt": []any{"B", "Arn"}}},
			map[string]any{"Key": map[string]any{"Fn::Join": []any{",", []any{"a", "b"}}}, "Value": map[string]any{"Fn::GetAtt": []any{"B", "Arn"}}},
		},
		"Zero": "0123", "Num": 1.5, "Flag": true, "Nothing": nil,
	}
	if !reflect.DeepEqual(props, want) {
		t.Errorf("got %#v\nwant %#v", props, want)
	}
	if p := doc.PosOf("Resources/A/Properties/Tags/1/Value/Fn::GetAtt"); p != (Pos{Line: 11, Col: 18}) {
		t.Errorf("GetAtt position %v", p)
	}
	if p := doc.KeyPosOf("Resources/A/Properties/Zero"); p != (Pos{Line: 12, Col: 7}) {
		t.Errorf("key position %v", p)
	}
}

// Every local tag !Name is Fn::Name, as the AWS CLI and CloudFormation
// read it: the Rules section's functions, and names no function has (the
// rules report those, E1001); a JSON string may escape / as \/.
func TestParseAnyTag(t *testing.T) {
	src := "Rules:\n  R:\n    Assertions:\n      - Assert: !Contains [[a], !ValueOf [P, Tag]]\n" +
		"      - Assert: !EachMemberIn [!RefAll T, [b]]\nResources:\n  A: !Reff x\n  B: ! plain\n"
	doc, perr := Parse("t.yaml", []byte(src))
	if perr != nil {
		t.Fatal(perr)
	}
	want := map[string]any{
		"Rules": map[string]any{"R": map[string]any{"Assertions": []any{
			map[string]any{"Assert": map[string]any{"Fn::Contains": []any{[]any{"a"}, map[string]any{"Fn::ValueOf": []any{"P", "Tag"}}}}},
			map[string]any{"Assert": map[string]any{"Fn::EachMemberIn": []any{map[string]any{"Fn::RefAll": "T"}, []any{"b"}}}},
		}}},
		"Resources": map[string]any{"A": map[string]any{"Fn::Reff": "x"}, "B": "plain"},
	}
	if !reflect.DeepEqual(doc.Root, want) {
		t.Errorf("got %#v\nwant %#v", doc.Root, want)
	}
	if p := doc.KeyPosOf("Rules/R/Assertions/0/Assert/Fn::Contains/1/Fn::ValueOf"); p != (Pos{Line: 4, Col: 33}) {
		t.Errorf("!ValueOf key position %v", p)
	}
	doc, perr = Parse("t.json", []byte(`{"Resources": {"A": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "a\/b"}}}}`))
	if perr != nil {
		t.Fatal(perr)
	}
	if got := doc.Root["Resources"].(map[string]any)["A"].(map[string]any)["Properties"].(map[string]any)["BucketName"]; got != "a/b" {
		t.Errorf("\\/ in JSON: got %#v", got)
	}
}

func TestParseJSON(t *testing.T) {
	doc, findings := Parse("t.json", []byte(`{"Resources": {"A": {"Type": "AWS::S3::Bucket", "Properties": {"X": {"Fn::GetAtt": "B.Arn"}}}}}`))
	if findings != nil {
		t.Fatal(findings)
	}
	if _, ok := doc.Root["Resources"].(map[string]any); !ok {
		t.Fatalf("root %#v", doc.Root)
	}
}

func TestParseErrors(t *testing.T) {
	deep := strings.Repeat("[", 300) + strings.Repeat("]", 300)
	bomb := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	for i := 'b'; i <= 'j'; i++ {
		prev := string(i - 1)
		bomb += string(i) + ": &" + string(i) + " [*" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + "]\n"
	}
	tests := []struct {
		name, src, want string
	}{
		{"empty", "", "1:1: error E0000 the file is empty"},
		{"only comments", "# nothing\n", "E0000 the file is empty"},
		{"tab indentation", "Resources:\n\tA: 1\n", "2:1: error E0000 YAML syntax: found character that cannot start any token (tabs cannot indent YAML: use spaces)"},
		// yaml.v3 names line 2, where the mapping began; the key that breaks it is on line 4.
		{"bad indentation", "Resources:\n  A:\n    Type: x\n   B: y\n", "4:4: error E0000 YAML syntax: did not find expected key"},
		{"bad indentation deep", "Resources:\n  A:\n    Type: x\n    Properties:\n      P: 1\n      Q: 2\n     R: 3\n  B:\n    Type: y\n", "7:6: error E0000 YAML syntax: did not find expected key"},
		{"unclosed flow list", "Resources:\n  A:\n    Type: x\n    Properties:\n      L: [a, b\n  B:\n    Type: y\n", "5:7: error E0000 YAML syntax: did not find expected ',' or ']'"},
		{"unclosed quote", "Description: \"a template\nResources:\n  A:\n    Type: x\n    Properties:\n      P: \"v\"\n      Q: 1\n", "7:7: error E0000 YAML syntax: mapping values are not allowed in this context (inside a quoted string opened on line 1: is its closing quote missing?)"},
		{"closed multi-line quote", "Resources:\n  A:\n    Type: x\n    Properties:\n      P: \"multi\n        line\"\n      Q: 1\n     R: 2\n", "8:6: error E0000 YAML syntax: did not find expected key"},
		{"JSON missing comma", `{"Resources": {"A": {"Type": "x"} "B": 1}}`, "1:35: error E0000 JSON syntax: invalid character '\"' after object key:value pair"},
		{"JSON on several lines", "{\n  \"Resources\": {\n    \"A\": {\"Type\" \"x\"}\n  }\n}\n", "3:18: error E0000 JSON syntax: invalid character '\"' after object key"},
		{"duplicate key", "Resources:\n  A: 1\n  A: 2\n", "3:3: error E0000 duplicate key \"A\" (first at line 2)"},
		{"invalid utf-8", "Resources:\n  A: \xff\n", "2:6: error E0000 invalid UTF-8 byte 0xff"},
		{"second document", "Resources: {}\n---\nResources: {}\n", "E0000 a second YAML document"},
		{"broken second document", "Resources: {}\n---\n[\n", "(in a second YAML document: a template is one document)"},
		{"list at root", "- a\n- b\n", "E0000 the template must be a mapping"},
		{"merge key", "Resources:\n  A:\n    <<: {Type: x}\n", "E0000 YAML merge keys"},
		{"deep nesting", "Resources: " + deep + "\n", "nests deeper than 200 levels"},
		{"alias bomb", bomb, "more than 250000 nodes"},
		// 100 KB named 100 times: few nodes, 10 MB of text to every check.
		{"text bomb", "a: &a \"" + strings.Repeat("x", 100<<10) + "\"\nb: [" + strings.TrimSuffix(strings.Repeat("*a, ", 100), ", ") + "]\n",
			"1:4: error E0000 the document expands to more than 8 MB of text (YAML aliases?): refusing it"},
		{"unclosed JSON", `{"Resources": {`, "1:15: error E0000 JSON syntax: unexpected end of JSON input"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, perr := Parse("t.yaml", []byte(tt.src))
			if doc != nil || perr == nil {
				t.Fatalf("want an error and no document, got %v", perr)
			}
			// As the validator prints it (rule E0000).
			if got := fmt.Sprintf("t.yaml:%d:%d: error E0000 %s", perr.Pos.Line, perr.Pos.Col, perr.Message); !strings.Contains(got, tt.want) {
				t.Fatalf("got %q\nwant it to contain %q", got, tt.want)
			}
		})
	}
}

// TestJSONNodesMatchYAML: for JSON yaml.v3 reads, jsonNodes builds the same
// node tree (kinds, tags, styles, values, lines and columns), so a JSON
// template read by either gets the same values and positions.
func TestJSONNodesMatchYAML(t *testing.T) {
	docs := map[string]string{
		"scalars":   `{"s": "x", "i": 1, "n": -0, "f": 1.5, "e": 1E+5, "big": 99999999999999999999, "u": 12345678901234567890, "t": true, "F": false, "z": null}`,
		"nested":    "[\r\n  {\"a\": [1, [2, {}], []],\r\n\t\"b\" : {\"c\":\"d\"}} ,\n  \"\\u00e9\\n\\\"\"\n]",
		"multibyte": "{\"é€😀\": \"ü\", \"k\": [\"日本\", 1]}\n",
		"crlf":      "{\r\n\"a\":\r\n1\r\n}\r\n",
	}
	err := filepath.WalkDir("../../testdata", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".json") {
			data, err := os.ReadFile(path)
			if json.Valid(data) { // the bad corpus has broken JSON on purpose
				docs[path] = string(data)
			}
			return err
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, src := range docs {
		var want yaml.Node
		if err := yaml.Unmarshal([]byte(src), &want); err != nil {
			if strings.Contains(src, `\/`) {
				continue // JSON's escape \/, which yaml.v3 lacks: only jsonNodes reads it (TestParseAnyTag)
			}
			t.Fatalf("%s: yaml.v3: %v", name, err)
		}
		got, err := jsonNodes([]byte(src))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if diff := nodeDiff(&want, got, "$"); diff != "" {
			t.Errorf("%s: %s", name, diff)
		}
	}
}

// nodeDiff names the first difference between two node trees, or "".
func nodeDiff(want, got *yaml.Node, at string) string {
	if want.Kind != got.Kind || want.Tag != got.Tag || want.Style != got.Style || want.Value != got.Value ||
		want.Line != got.Line || want.Column != got.Column || len(want.Content) != len(got.Content) {
		return fmt.Sprintf("%s: want kind %d tag %s style %d %q at %d:%d with %d children, got kind %d tag %s style %d %q at %d:%d with %d children",
			at, want.Kind, want.Tag, want.Style, want.Value, want.Line, want.Column, len(want.Content),
			got.Kind, got.Tag, got.Style, got.Value, got.Line, got.Column, len(got.Content))
	}
	for i := range want.Content {
		if d := nodeDiff(want.Content[i], got.Content[i], fmt.Sprintf("%s/%d", at, i)); d != "" {
			return d
		}
	}
	return ""
}

// TestParseNumberOutOfRange: a number no float64 holds is a finding where it
// stands, in JSON and YAML; yaml.v3 alone made it a string. Text that looks
// like one stays text when quoted or tagged !!str; a tiny number is 0; an
// integer beyond int64 is a float, as a larger one already was.
func TestParseNumberOutOfRange(t *testing.T) {
	const msg = "E0000 the number %s is out of range: no 64-bit float holds it"
	for src, want := range map[string]string{
		`{"Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {"X": 1e400}}}}`:           "1:69: error " + fmt.Sprintf(msg, "1e400"),
		`{"Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {"X": [1, -1.5E+999]}}}}`:  "1:73: error " + fmt.Sprintf(msg, "-1.5E+999"),
		"Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      X: 1e400\n":          "5:10: error " + fmt.Sprintf(msg, "1e400"),
		"Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      X: !!float -1e400\n": "5:10: error " + fmt.Sprintf(msg, "-1e400"),
	} {
		_, perr := Parse("t", []byte(src))
		if perr == nil || !strings.Contains(fmt.Sprintf("%d:%d: error E0000 %s", perr.Pos.Line, perr.Pos.Col, perr.Message), want) {
			t.Errorf("%s\ngot %v\nwant %q", src, perr, want)
		}
	}
	doc, findings := Parse("t", []byte("A: \"1e400\"\nB: !!str 1e400\nC: 1e-400\nD: 12345678901234567890\nE: '1e400'\n"))
	if findings != nil {
		t.Fatal(findings)
	}
	want := map[string]any{"A": "1e400", "B": "1e400", "C": 0.0, "D": 12345678901234567890.0, "E": "1e400"}
	if !reflect.DeepEqual(doc.Root, want) {
		t.Errorf("got %#v\nwant %#v", doc.Root, want)
	}
}
