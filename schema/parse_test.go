package schema

import (
	"reflect"
	"strings"
	"testing"
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
