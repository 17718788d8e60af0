package sections_test

import (
	"testing"

	"github.com/pipegen/pipegen/schema/internal/casetest"
	"github.com/pipegen/pipegen/schema/internal/rulecase"
)

// TestSectionsThatDeploy: parameters, conditions and SAM attributes that
// CloudFormation accepts and pipegen once refused (issue 12).
func TestSectionsThatDeploy(t *testing.T) {
	rulecase.Run(t, []casetest.Case{
		{"List<String>, Java patterns, condition names with & and _", `Parameters:
  Names:
    Type: List<String>
    Default: a,b
  Code:
    Type: String
    Default: abcdef12
    AllowedPattern: "[a-z0-9]{6,16}+"
  Upper:
    Type: String
    Default: ABC
    AllowedPattern: \p{Upper}++
  Short:
    Type: String
    Default: abc
    AllowedPattern: "[a-z0-9]{6,16}+"
  Odd:
    Type: String
    Default: x
    AllowedPattern: (?<a>x)\k<b>
Conditions:
  Three&AZ_Condition: !Equals [!Select [0, !Ref Names], a]
  Bad-Name: !Equals [!Ref Code, !Ref Upper]
Resources:
  T:
    Type: AWS::SNS::Topic
    Condition: Three&AZ_Condition
    Properties:
      DisplayName: !If [Bad-Name, !Ref Short, !Ref Odd]
`, []string{
			`t.yaml:15:14: error E2015 Parameters/Short/Default: Default "abc" does not match AllowedPattern [a-z0-9]{6,16}+`,
			`t.yaml:20:21: info I2003 Parameters/Odd/AllowedPattern: AllowedPattern (?<a>x)\k<b> is not checked: pipegen's engine (regexp2, with Java's possessive quantifiers and POSIX classes rewritten) cannot compile it: error parsing regexp: reference to undefined group name b in ` + "`^(?:(?<a>x)\\k<b>)$`",
			`t.yaml:23:3: error E1001 Conditions/Bad-Name: condition name "Bad-Name" must contain only letters, digits, & and _`,
		}},
		{"SAM: IgnoreGlobals and Connectors; an API and the function whose event names it are no loop", `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Timeout: 10
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionBody:
        paths:
          /:
            get:
              x-amazon-apigateway-integration:
                uri: !Sub arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations
  Fn:
    Type: AWS::Serverless::Function
    IgnoreGlobals: [Timeout]
    Connectors:
      ToTable:
        Properties: {Destination: {Id: Table}, Permissions: [Read]}
    Properties:
      Handler: app.handler
      Runtime: python3.13
      CodeUri: ./src
      Events:
        Get: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /, Method: get}}
  Table:
    Type: AWS::Serverless::SimpleTable
`, []string{
			"t.yaml:7:11: info I3038 Resources/Api/Type: AWS::Serverless::Api is expanded by the AWS::Serverless-2016-10-31 transform at deploy time: its properties are not checked against a schema (run `sam validate --lint` for that)",
			"t.yaml:17:11: info I3038 Resources/Fn/Type: AWS::Serverless::Function is expanded by the AWS::Serverless-2016-10-31 transform at deploy time: its properties are not checked against a schema (run `sam validate --lint` for that)",
			"t.yaml:29:11: info I3038 Resources/Table/Type: AWS::Serverless::SimpleTable is expanded by the AWS::Serverless-2016-10-31 transform at deploy time: its properties are not checked against a schema (run `sam validate --lint` for that)",
		}},
		{"IgnoreGlobals without the SAM transform", casetest.Tmpl("  T:\n    Type: AWS::SNS::Topic\n    IgnoreGlobals: '*'\n"), []string{
			"t.yaml:5:5: error E3001 Resources/T/IgnoreGlobals: unknown resource attribute; expected one of Type, Properties, DependsOn, Condition, Metadata, DeletionPolicy, UpdateReplacePolicy, CreationPolicy, UpdatePolicy, Version",
		}},
		{"Fn::Sub of Fn::Transform", casetest.Tmpl(`  T:
    Type: AWS::SNS::Topic
    Properties:
      DisplayName:
        Fn::Sub:
          Fn::Transform: {Name: AWS::Include, Parameters: {Location: s3://bucket/name.txt}}
      TopicName:
        Fn::Sub:
          - Fn::Transform: {Name: Upper, Parameters: {Text: x}}
          - {}
`), nil},
	})
}
