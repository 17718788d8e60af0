package resources_test

import (
	"testing"
	"time"

	"github.com/pipegen/pipegen/schema"
	"github.com/pipegen/pipegen/schema/internal/casetest"
	"github.com/pipegen/pipegen/schema/internal/rulecase"
	"github.com/pipegen/pipegen/schema/rules"
)

// lambdaRuntimeRules keeps the findings of the Lambda runtime rules only:
// the functions below are otherwise minimal.
func lambdaRuntimeRules(f schema.Finding) bool {
	switch f.Rule {
	case rules.RuntimeDeprecated.ID, rules.RuntimeCreateBlocked.ID, rules.RuntimeUpdateBlocked.ID:
		return true
	}
	return false
}

// lambdaFunction is an AWS::Lambda::Function on a runtime (a YAML value).
func lambdaFunction(id, runtime string) string {
	return "  " + id + ":\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: " + runtime +
		"\n      Handler: app.handler\n      Role: arn:aws:iam::123456789012:role/r\n      Code: {ZipFile: x}\n"
}

// Findings on ruleCaseDay, 2026-11-26: python3.10 is deprecated (W2531),
// python3.7 can no longer be created (E2531), python3.6 can no longer be
// created or updated (E2533).
func TestLambdaRuntimeRules(t *testing.T) {
	rulecase.Filtered(t, []casetest.Case{
		{"AWS::Lambda::Function in each phase", casetest.Tmpl(lambdaFunction("Current", "python3.13") +
			lambdaFunction("Deprecated", "python3.10") + lambdaFunction("NoCreate", "python3.7") +
			lambdaFunction("NoUpdate", "python3.6") + lambdaFunction("Node", "nodejs20.x")), []string{
			"t.yaml:13:16: warning W2531 Resources/Deprecated/Properties/Runtime: runtime python3.10 is deprecated (deprecated 2026-10-31, creation blocked from 2027-02-01, updates blocked from 2027-03-03): AWS no longer patches it; move to python3.14 before creation is blocked",
			"t.yaml:20:16: error E2531 Resources/NoCreate/Properties/Runtime: Lambda no longer creates functions with runtime python3.7 (deprecated 2023-12-04, creation blocked from 2024-01-09, updates blocked from 2027-03-03): a new stack cannot deploy; move to python3.14",
			"t.yaml:27:16: error E2533 Resources/NoUpdate/Properties/Runtime: Lambda no longer creates or updates functions with runtime python3.6 (deprecated 2022-07-18, creation blocked from 2022-07-18, updates blocked from 2022-08-29): no stack with it can deploy; move to python3.14",
			"t.yaml:34:16: warning W2531 Resources/Node/Properties/Runtime: runtime nodejs20.x is deprecated (deprecated 2026-04-30, creation blocked from 2027-02-01, updates blocked from 2027-03-03): AWS no longer patches it; move to nodejs24.x before creation is blocked",
		}},
		{"AWS::Serverless::Function and SAM Globals", `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python2.7
Resources:
  Own:
    Type: AWS::Serverless::Function
    Properties: {Handler: app.handler, CodeUri: s3://b/k, Runtime: python3.10}
  Inherits:
    Type: AWS::Serverless::Function
    Properties: {Handler: app.handler, CodeUri: s3://b/k}
`, []string{
			"t.yaml:4:14: error E2533 Globals/Function/Runtime: Lambda no longer creates or updates functions with runtime python2.7 (deprecated 2021-07-15, creation blocked from 2021-07-15, updates blocked from 2022-05-30): no stack with it can deploy; move to python3.14",
			"t.yaml:8:68: warning W2531 Resources/Own/Properties/Runtime: runtime python3.10 is deprecated (deprecated 2026-10-31, creation blocked from 2027-02-01, updates blocked from 2027-03-03): AWS no longer patches it; move to python3.14 before creation is blocked",
		}},
		{"a Ref to a parameter is checked through its Default, a Fn::If through its branches", `Parameters:
  Runtime:
    Type: String
    Default: python3.7
  Chosen:
    Type: String
    AllowedValues: [python3.12, python3.13]
Conditions:
  Old: !Equals [!Ref Chosen, python3.12]
Resources:
` + lambdaFunction("FromDefault", "!Ref Runtime") + lambdaFunction("NoDefault", "!Ref Chosen") +
			lambdaFunction("Conditional", "!If [Old, python3.6, python3.13]"), []string{
			"t.yaml:14:16: error E2531 Resources/FromDefault/Properties/Runtime: Lambda no longer creates functions with runtime python3.7 (the Default of parameter Runtime; deprecated 2023-12-04, creation blocked from 2024-01-09, updates blocked from 2027-03-03): a new stack cannot deploy; move to python3.14",
			"t.yaml:28:26: error E2533 Resources/Conditional/Properties/Runtime/Fn::If/1: Lambda no longer creates or updates functions with runtime python3.6 (deprecated 2022-07-18, creation blocked from 2022-07-18, updates blocked from 2022-08-29): no stack with it can deploy; move to python3.14",
		}},
		{"an ignore list in the resource's Metadata silences it", casetest.Tmpl(`  Fn:
    Type: AWS::Lambda::Function
    Metadata:
      pipegen:
        ignore: [W2531]
    Properties:
      Runtime: python3.10
      Handler: app.handler
      Role: arn:aws:iam::123456789012:role/r
      Code: {ZipFile: x}
`), nil},
	}, lambdaRuntimeRules)
}

// TestLambdaRuntimeRulesFollowTheClock checks one function on the days
// around python3.10's dates: the validator's clock decides, not the
// machine's.
func TestLambdaRuntimeRulesFollowTheClock(t *testing.T) {
	src := casetest.Tmpl(lambdaFunction("Fn", "python3.10"))
	for _, tt := range []struct {
		day  time.Time
		want string
	}{
		{time.Date(2026, 10, 30, 23, 0, 0, 0, time.UTC), ""},
		{time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC), "W2531"},
		{time.Date(2027, 1, 31, 12, 0, 0, 0, time.UTC), "W2531"},
		{time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC), "E2531"},
		{time.Date(2027, 3, 3, 0, 0, 0, 0, time.UTC), "E2533"},
	} {
		v := schema.NewValidator()
		v.Now = func() time.Time { return tt.day }
		var got string
		for _, f := range v.Check("t.yaml", []byte(src)) {
			if lambdaRuntimeRules(f) {
				got += f.Rule
			}
		}
		if got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.day.Format(time.DateOnly), got, tt.want)
		}
	}
}

// TestLambdaRuntimeUnknown: a literal runtime the lifecycle table does not
// know is no runtime Lambda has offered (E3030), with the nearest name; a
// parameter's Default is left alone (it may be overridden), and known
// runtimes give no E3030.
func TestLambdaRuntimeUnknown(t *testing.T) {
	rulecase.Filtered(t, []casetest.Case{
		{"python3.99", casetest.Tmpl(`  F:
    Type: AWS::Lambda::Function
    Properties: {Runtime: python3.99, Handler: a.b, Role: !GetAtt R.Arn, Code: {ZipFile: x}}
  G:
    Type: AWS::Lambda::Function
    Properties: {Runtime: !Ref Rt, Handler: a.b, Role: !GetAtt R.Arn, Code: {ZipFile: x}}
  H:
    Type: AWS::Lambda::Function
    Properties: {Runtime: nodejs24.x, Handler: a.b, Role: !GetAtt R.Arn, Code: {ZipFile: x}}
  R:
    Type: AWS::IAM::Role
    Properties: {AssumeRolePolicyDocument: {}}
Parameters:
  Rt: {Type: String, Default: python9}
`), []string{
			"t.yaml:5:27: error E3030 Resources/F/Properties/Runtime: runtime \"python3.99\" is not one Lambda has offered (did you mean python3.9?)",
		}},
	}, func(f schema.Finding) bool { return f.Rule == rules.Enum.ID })
}
