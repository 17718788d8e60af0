package schema

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// shortFormsTemplate uses short-form tags, a date and scalars that YAML
// and CloudFormation read differently.
const shortFormsTemplate = `AWSTemplateFormatVersion: 2010-09-09
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

func TestParseNormalizesShortForms(t *testing.T) {
	src := shortFormsTemplate
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
	if p := doc.PosOf("Resources/A/Properties/Tags/1/Value/Fn::GetAtt"); p != (Pos{11, 18}) {
		t.Errorf("GetAtt position %v", p)
	}
	if p := doc.KeyPosOf("Resources/A/Properties/Zero"); p != (Pos{12, 7}) {
		t.Errorf("key position %v", p)
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
		{"unknown tag", "Resources:\n  A: !Reff x\n", "2:6: error E0000 unknown tag !Reff"},
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
			doc, findings := Parse("t.yaml", []byte(tt.src))
			if doc != nil || len(findings) != 1 {
				t.Fatalf("want one finding and no document, got %v", findings)
			}
			if got := findings[0].String(); !strings.Contains(got, tt.want) {
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
	err := filepath.WalkDir("../testdata", func(path string, d fs.DirEntry, err error) error {
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

// TestParseLongJSONKey: JSON has no limit on a key's length; YAML's
// 1024-character limit on implicit keys used to make a valid JSON template
// with a key of 1,023 characters or more a syntax error. Such a file now
// reads as JSON, with the positions yaml.v3 gives any JSON, and the
// escapes YAML lacks (surrogate pairs, \/) read too.
func TestParseLongJSONKey(t *testing.T) {
	long := strings.Repeat("k", 1030)
	src := "{\"Metadata\": {\"" + long + "\": 1},\n \"Resources\": {\"B\": {\"Type\": \"AWS::S3::Bucket\",\n  \"Properties\": {\"" + long + "\": \"\\ud83d\\ude00\\/\"}}}}"
	doc, findings := Parse("t.json", []byte(src))
	if findings != nil {
		t.Fatalf("a false syntax error: %v", findings)
	}
	if got := doc.Root["Resources"].(map[string]any)["B"].(map[string]any)["Properties"].(map[string]any)[long]; got != "😀/" {
		t.Errorf("value %q", got)
	}
	if p := doc.KeyPosOf("Resources/B/Properties/" + long); p != (Pos{3, 18}) {
		t.Errorf("key position %v, want 3:18", p)
	}
	want := "t.json:3:18: error E3002 Resources/B/Properties/…" + long[:512] + ": unknown property " + long // shortPath
	if got := findingStrings(NewValidator().Check("t.json", []byte(src))); !slices.ContainsFunc(got, func(f string) bool { return strings.HasPrefix(f, want) }) {
		t.Errorf("no finding starting %.80q... among %d", want, len(got))
	}
	// YAML keeps YAML's limit: the key is refused where it stands.
	if _, findings := Parse("t.yaml", []byte("Metadata:\n  "+long+": 1\n")); len(findings) != 1 || findings[0].Pos.Line != 2 {
		t.Errorf("a YAML key over 1024 characters: %v", findings)
	}
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
		_, findings := Parse("t", []byte(src))
		if len(findings) != 1 || !strings.Contains(findings[0].String(), want) {
			t.Errorf("%s\ngot %v\nwant %q", src, findings, want)
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
