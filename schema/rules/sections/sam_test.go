package sections_test

import (
	"github.com/pipegen/pipegen/schema/internal/casetest"
	"github.com/pipegen/pipegen/schema/internal/rulecase"
	"testing"
)

const samFunction = `  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      CodeUri: s3://bucket/key
      AutoPublishAlias: live
      Events:
        Get: {Type: Api, Properties: {Path: /, Method: get}}
`

func TestServerlessRules(t *testing.T) {
	rulecase.Run(t, []casetest.Case{
		{"SAM resources without the transform", "Resources:\n" + samFunction, []string{
			"t.yaml:3:11: error E3038 Resources/Fn/Type: AWS::Serverless::Function needs the SAM transform: add `Transform: AWS::Serverless-2016-10-31` at the top of the template",
		}},
		{"SAM resources with the transform, and what SAM generates", `Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage:
    Type: String
Globals:
  Function:
    Environment: {Variables: {STAGE: !Ref Stage}}
Resources:
` + samFunction + `  Topic:
    Type: Custom::Thing
    DependsOn: [FnRole, Fn]
    Properties:
      Role: !GetAtt FnRole.Arn
      Alias: !Ref Fn.Alias
      Arn: !GetAtt Fn.Arn
      Url: !Sub "https://${ServerlessRestApi}.execute-api.${AWS::Region}.amazonaws.com/${ServerlessRestApiProdStage}"
`, []string{
			"t.yaml:10:11: info I3038 Resources/Fn/Type: AWS::Serverless::Function is expanded by the AWS::Serverless-2016-10-31 transform at deploy time: its properties are not checked against a schema (run `sam validate --lint` for that)",
		}},
		{"names SAM does not generate are still checked", `Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]
Resources:
` + samFunction + `  Topic:
    Type: Custom::Thing
    DependsOn: Nope
    Properties:
      Role: !GetAtt Other.Arn
      Name: !Ref Missing
`, []string{
			"t.yaml:4:11: info I3038 Resources/Fn/Type: AWS::Serverless::Function is expanded by the AWS::Serverless-2016-10-31 transform at deploy time: its properties are not checked against a schema (run `sam validate --lint` for that)",
			"t.yaml:14:16: error E3005 Resources/Topic/DependsOn: DependsOn names Nope, which is not a resource in this template",
			"t.yaml:16:13: error E1010 Resources/Topic/Properties/Role/Fn::GetAtt: Fn::GetAtt names Other, which is not a resource",
			"t.yaml:17:13: error E1020 Resources/Topic/Properties/Name/Ref: Ref to Missing, which is not a parameter, resource or pseudo parameter",
		}},
		{"Globals needs the SAM transform", "Globals:\n  Function: {Timeout: 3}\n" + casetest.Custom("x"), []string{
			"t.yaml:1:1: error E1001 Globals: unknown top-level section; expected one of AWSTemplateFormatVersion, Description, Metadata, Parameters, Rules, Mappings, Conditions, Transform, Resources, Outputs, Hooks",
		}},
		{"Transform shapes", "Transform: [1, {Parameters: {}}, {Name: AWS::Include, Parameters: {Location: s3://b/k}}, MyMacro]\n" + casetest.Custom("x"), []string{
			"t.yaml:1:13: error E1005 Transform/0: Transform takes a transform name (such as AWS::Serverless-2016-10-31), {Name: ..., Parameters: ...} or a list of them, got a number",
			"t.yaml:1:16: error E1005 Transform/1: Transform takes a transform name (such as AWS::Serverless-2016-10-31), {Name: ..., Parameters: ...} or a list of them, got a mapping without a Name",
		}},
	})
}
