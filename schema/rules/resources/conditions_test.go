package resources_test

import (
	"testing"

	"github.com/pipegen/pipegen/schema"
	"github.com/pipegen/pipegen/schema/internal/casetest"
	"github.com/pipegen/pipegen/schema/internal/rulecase"
)

const roleConditions = `Parameters:
  Env: {Type: String, AllowedValues: [prod, dev]}
  Name: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Equals [!Ref Env, dev]
  HasName: !Not [!Equals [!Ref Name, ""]]
  FromMap: !Equals [!FindInMap [M, !Ref AWS::Region, On], "true"]
Mappings:
  M:
    us-east-1: {On: "true"}
Resources:
`

// TestRequiredBehindFnIf: a required property an Fn::If takes away (a
// branch of AWS::NoValue) is missing in the deployments that take that
// branch (E3003), and only in those: a branch the resource's Condition
// rules out is no finding, nor one whose condition cannot be read, nor a
// property the schema does not require. A whole Properties behind Fn::If
// is checked in the branches that can be taken.
func TestRequiredBehindFnIf(t *testing.T) {
	policy := `{Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: "sts:AssumeRole"}]}`
	unused := func(f schema.Finding) bool { return f.Rule != "W8001" }
	rulecase.Filtered(t, []casetest.Case{
		{"a branch that can be taken", roleConditions + `  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: !If [IsProd, ` + policy + `, !Ref AWS::NoValue]
  Topic:
    Type: AWS::SNS::Topic
    Condition: IsDev
    Properties:
      Subscription:
        - Endpoint: x
          Protocol: !If [HasName, !Ref AWS::NoValue, email]
`, []string{
			"t.yaml:15:5: error E3003 Resources/Role/Properties: missing required property AssumeRolePolicyDocument when the Fn::If at line 16 gives AWS::NoValue (condition IsProd false)",
			"t.yaml:22:11: error E3003 Resources/Topic/Properties/Subscription/0: missing required property Protocol when the Fn::If at line 23 gives AWS::NoValue (condition IsDev true, condition HasName true)",
		}},
		{"branches that cannot, or not required", roleConditions + `  Role:
    Type: AWS::IAM::Role
    Condition: IsProd
    Properties:
      AssumeRolePolicyDocument: !If [IsProd, ` + policy + `, !Ref AWS::NoValue]
      RoleName: !If [HasName, !Ref Name, !Ref AWS::NoValue]
  Mapped:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: !If [FromMap, ` + policy + `, !Ref AWS::NoValue]
  Whole:
    Type: AWS::IAM::Role
    Condition: IsDev
    Properties: !If [IsDev, {AssumeRolePolicyDocument: ` + policy + `}, !Ref AWS::NoValue]
`, nil},
		{"a whole Properties in a branch that can be taken", roleConditions + `  Whole:
    Type: AWS::IAM::Role
    Properties: !If [IsDev, {AssumeRolePolicyDocument: ` + policy + `}, !Ref AWS::NoValue]
`, []string{
			"t.yaml:15:182: error E3003 Resources/Whole/Properties/Fn::If/2: missing required property AssumeRolePolicyDocument",
		}},
	}, unused)
}
