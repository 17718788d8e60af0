package stacksim

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/pipegen/pipegen/render/iam"
)

func loadJSON(t *testing.T, path string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// The reference app's translated prod template: names CloudFormation
// generates, log groups named after them through Fn::Sub, roles resolved.
func TestReferenceAppStack(t *testing.T) {
	tmpl := loadJSON(t, "../../testdata/chalice/orders/translated/prod.json")
	// chalice 1.33 names the API handler's log group after ${ApiHandler}
	// (aws/chalice#2079): CloudFormation refuses that template.
	if _, err := New("ordersProdStack", tmpl, DefaultEnvironment, nil); err == nil || !strings.Contains(err.Error(), "Ref ApiHandler") {
		t.Fatalf("the reference prod template should fail on chalice's ${ApiHandler} bug, got %v", err)
	}
	lgProps := tmpl["Resources"].(map[string]any)["ApiHandlerLogGroup"].(map[string]any)["Properties"].(map[string]any)
	lgProps["LogGroupName"] = map[string]any{"Fn::Sub": "/aws/lambda/${APIHandler}"}
	s, err := New("ordersProdStack", tmpl, DefaultEnvironment, nil)
	if err != nil {
		t.Fatal(err)
	}
	fn := s.Resources["HourlyReport"]
	if !strings.HasPrefix(fn.Ref, "ordersProdStack-HourlyReport-") || len(fn.Ref) != len("ordersProdStack-HourlyReport-")+12 {
		t.Errorf("function name %q", fn.Ref)
	}
	if want := "arn:aws:lambda:us-east-1:123456789012:function:" + fn.Ref; fn.Attributes["Arn"] != want {
		t.Errorf("function ARN %q, want %q", fn.Attributes["Arn"], want)
	}
	lg := s.Resources["HourlyReportLogGroup"]
	if lg.Ref != "/aws/lambda/"+fn.Ref {
		t.Errorf("log group %q, want /aws/lambda/%s", lg.Ref, fn.Ref)
	}
	roles, err := s.Roles()
	if err != nil {
		t.Fatal(err)
	}
	role := roles["DefaultRole"]
	if role == nil || !strings.HasPrefix(role.Arn, "arn:aws:iam::123456789012:role/ordersProdStack-DefaultRole-") {
		t.Fatalf("DefaultRole: %+v", role)
	}
	got := role.Evaluate(iam.Request{Action: "logs:PutLogEvents", Resource: "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/x:log-stream:y"})
	if got.Decision != iam.Allowed {
		t.Errorf("chalice's default role should allow writing logs: %v", got.Decision)
	}
	// Fn::Sub with ${AWS::Partition} and friends resolves.
	sub, err := s.ResolveString(map[string]any{"Fn::Sub": "arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:t-${!Literal}"})
	if err != nil || sub != "arn:aws:sns:us-east-1:123456789012:t-${Literal}" {
		t.Errorf("Fn::Sub: %q, %v", sub, err)
	}
}

func TestResolveErrors(t *testing.T) {
	s, err := New("s", map[string]any{
		"Parameters": map[string]any{"P": map[string]any{"Type": "String", "Default": "d"}},
		"Conditions": map[string]any{"IsD": map[string]any{"Fn::Equals": []any{map[string]any{"Ref": "P"}, "d"}}},
		"Resources":  map[string]any{"B": map[string]any{"Type": "AWS::S3::Bucket"}},
	}, DefaultEnvironment, map[string]string{})
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]any{
		"Fn::ImportValue is not simulated":   map[string]any{"Fn::ImportValue": "x"},
		"no such parameter or resource":      map[string]any{"Ref": "Nope"},
		"attribute not simulated":            map[string]any{"Fn::GetAtt": "B.Nope"},
		"unclosed":                           map[string]any{"Fn::Sub": "a${b"},
		"Fn::Join takes [delimiter, list]":   map[string]any{"Fn::Join": "x"},
		"Fn::Select index 3 out of range":    map[string]any{"Fn::Select": []any{"3", []any{"a"}}},
		"Fn::If: no condition":               map[string]any{"Fn::If": []any{"Nope", "a", "b"}},
		"Fn::Sub takes a string or [string,": map[string]any{"Fn::Sub": 3},
	}
	for want, v := range cases {
		if _, err := s.Resolve(v); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%v: error %v, want %q", v, err, want)
		}
	}
	for v, want := range map[string]any{
		`{"Fn::If": ["IsD", "yes", "no"]}`:                   "yes",
		`{"Fn::Join": ["-", ["a", {"Ref": "P"}]]}`:           "a-d",
		`{"Fn::Select": [1, {"Fn::Split": [",", "a,b,c"]}]}`: "b",
		`{"Fn::Sub": ["${X}-${P}", {"X": {"Ref": "B"}}]}`:    "s-b-",
		`{"Fn::GetAtt": ["B", "Arn"]}`:                       "arn:aws:s3:::s-b-",
	} {
		var in any
		if err := json.Unmarshal([]byte(v), &in); err != nil {
			t.Fatal(err)
		}
		got, err := s.ResolveString(in)
		if err != nil || !strings.HasPrefix(got, want.(string)) {
			t.Errorf("%s = %q, %v; want prefix %q", v, got, err, want)
		}
	}
	if _, err := New("s", map[string]any{"Resources": map[string]any{"B": map[string]any{"Type": "AWS::S3::Bucket"}}}, DefaultEnvironment, map[string]string{"Nope": "x"}); err == nil {
		t.Error("overriding a parameter the template lacks must be an error")
	}
	constrained := map[string]any{
		"Parameters": map[string]any{"P": map[string]any{"Type": "String", "Default": "abc",
			"AllowedPattern": "^[a-z](?!.*--)[a-z-]*$", "MinLength": int64(2), "MaxLength": "5"}},
		"Resources": map[string]any{"B": map[string]any{"Type": "AWS::S3::Bucket"}},
	}
	for value, want := range map[string]string{"a--b": "AllowedPattern", "a": "MinLength", "abcdef": "MaxLength", "ab-c": ""} {
		_, err := New("s", constrained, DefaultEnvironment, map[string]string{"P": value})
		if (want == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), want) {
			t.Errorf("P=%q: error %v, want %q", value, err, want)
		}
	}
}
