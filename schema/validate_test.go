package schema

import (
	"strings"
	"testing"
	"time"

	"github.com/pipegen/pipegen/schema/internal/casetest"
	"github.com/pipegen/pipegen/schema/rules"
)

func TestCheckRecognizesBuildspecs(t *testing.T) {
	v := NewValidator()
	good := "version: 0.2\nphases:\n  build:\n    commands: [make]\n"
	if f := v.Check("buildspec.yml", []byte(good)); len(f) != 0 {
		t.Fatalf("a valid buildspec has findings: %v", f)
	}
	bad := "version: 0.2\nphases:\n  biuld:\n    commands: [make]\n"
	f := v.Check("buildspec.yml", []byte(bad))
	if len(f) == 0 || f[0].Rule != rules.Buildspec.ID {
		t.Fatalf("want a buildspec finding, got %v", f)
	}
}

func TestAttributesBeyondReadOnlyProperties(t *testing.T) {
	src := casetest.Tmpl(`  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  Net:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://example.com/net.yaml
  Sub:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 2, 8]]
      AvailabilityZone: !GetAtt Net.Outputs.Zone
      Tags:
        - Key: k
          Value: !GetAtt Vpc.CidrBlck
`)
	var got []string
	for _, f := range NewValidator().Check("t.yaml", []byte(src)) {
		if f.Severity == Error {
			got = append(got, f.Rule+" "+f.Path)
		}
	}
	want := []string{"E1010 Resources/Sub/Properties/Tags/0/Value/Fn::GetAtt"} // only the typo
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got %v, want %v", got, want)
	}
}

// TestPatternsNeedingLookarounds: AWS::Amplify::App tag keys may not start
// with aws: — a pattern only regexp2 can run, checked lazily as a format.
func TestPatternsNeedingLookarounds(t *testing.T) {
	src := casetest.Tmpl("  A:\n    Type: AWS::Amplify::App\n    Properties:\n      Name: app\n      Tags:\n        - {Key: aws:reserved, Value: v}\n        - {Key: team, Value: v}\n")
	var got []string
	for _, f := range NewValidator().Check("t.yaml", []byte(src)) {
		got = append(got, f.String())
	}
	want := []string{`t.yaml:8:17: error E3031 Resources/A/Properties/Tags/0/Key: "aws:reserved" does not match the pattern ^(?!aws:)[a-zA-Z+-=._:/]+$`}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestManyLongRefsAreCheap: 2,000 Refs (one alias) to a 4,000-character
// name that is not declared. Each finding's did-you-mean compared the name
// with every declared one at a cost of their lengths' product: seconds for
// what cannot be a suggestion, as no name is within a third of its length.
func TestManyLongRefsAreCheap(t *testing.T) {
	src := casetest.Tmpl("  B:\n    Type: AWS::SNS::Topic\n    Metadata:\n      x: &a \"" + strings.Repeat("A", 4000) + "\"\n      l: [" +
		strings.TrimSuffix(strings.Repeat("{Ref: *a}, ", 2000), ", ") + "]\n")
	start := time.Now()
	got := NewValidator().Check("t.yaml", []byte(src))
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("took %v", took)
	}
	if len(got) != 2000 || strings.Contains(got[0].Message, "did you mean") {
		t.Errorf("want 2,000 E1020 findings without a suggestion, got %d: %.300s", len(got), got[0].Message)
	}
}

// TestCheckFound: a file found by walking a folder is checked when it is a
// template or a buildspec, and skipped with one I9001 otherwise (issue 12).
func TestCheckFound(t *testing.T) {
	v := NewValidator()
	for _, tc := range []struct {
		src     string
		checked bool
	}{
		{"AWSTemplateFormatVersion: \"2010-09-09\"\n", true},
		{"Resources:\n  T: {Type: AWS::SNS::Topic}\n", true},
		{"Transform: MyMacro\nDescription: the macro makes the resources\n", true},
		{`{"Resources": {"T": {"Type": "AWS::SNS::Topic"}}}`, true},
		{"version: 0.2\nphases:\n  build:\n    commands: [make]\n", true},
		{"Resources:\n  T:\n    Type: AWS::SNS::Topic\n   Properties: {}\n", true}, // a syntax error
		{"Description: x\n  Transform : y\nTransform : [\n", true},
		{`{"Resources": {"T": {"Type": "AWS::SNS::Topic" "Properties": {}}}}`, true},
		{"on: push\njobs: {}\n", false},
		{`{"name": "a", "version": "1.0.0"}`, false},
		{`[{"ParameterKey": "Env", "ParameterValue": "prod"}]`, false},
		{`{"Parameters": {"Env": "prod"}}`, false},
		{"", false},
		{"# only a comment\n", false},
		{"a: [\n  Resources: x\n", false}, // not a template key: indented
		{"{\"a\": \"Resources\"}", false},
	} {
		findings, checked := v.CheckFound("t.yaml", []byte(tc.src))
		if checked != tc.checked {
			t.Errorf("%q: checked %v, want %v (%v)", tc.src, checked, tc.checked, findings)
		}
		if !checked && (len(findings) != 1 || findings[0].Rule != "I9001" || findings[0].Severity != Info) {
			t.Errorf("%q: skipped with %v, want one I9001", tc.src, findings)
		}
	}
}
