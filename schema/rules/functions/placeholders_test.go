package functions_test

import (
	"testing"

	"github.com/pipegen/pipegen/schema"
	"github.com/pipegen/pipegen/schema/internal/casetest"
	"github.com/pipegen/pipegen/schema/internal/rulecase"
)

// TestSubNeeded: a ${Name} of a parameter, resource, pseudo parameter or
// attribute in a string no Fn::Sub substitutes into is E1029, in every
// section, as cfn-lint reports it (same lines and columns); ${!Literal},
// unknown names, Fn::Sub's own strings and variables, code for another
// interpreter (a ZipFile's JavaScript), and a state machine's
// DefinitionSubstitutions are not.
func TestSubNeeded(t *testing.T) {
	only := func(f schema.Finding) bool { return f.Rule == "E1029" }
	msg := func(pos, path, v string) string {
		return "t.yaml:" + pos + ": error E1029 " + path + ": " + v + " is in a string that no Fn::Sub substitutes into: CloudFormation keeps the text " + v + " as it is (write the string with !Sub)"
	}
	rulecase.Filtered(t, []casetest.Case{
		{"placeholders", `Description: "Stack ${AWS::StackName}"
Parameters:
  Env:
    Type: String
    Default: dev
    Description: "Env, e.g. ${Env}"
Mappings:
  M:
    K: {V: "${AWS::Region}"}
Resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: "${AWS::StackName}-topic"
      DisplayName: !Join ["", ["${Env}", "-", "${Topic.TopicName}", "${Unknown}", "${!Env}"]]
      Tags:
        - Key: a
          Value: !Sub ["${X}", {X: "${Env}"}]
        - Key: b
          Value: "${Topic.Nope} ${Other.Arn}"
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Role: !Sub "arn:${AWS::Partition}:iam::123456789012:role/r"
      Runtime: nodejs20.x
      Handler: index.handler
      Code:
        ZipFile: "exports.handler = async (e) => ` + "`${Env}`" + `;"
  Machine:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: !Sub "arn:${AWS::Partition}:iam::123456789012:role/r"
      DefinitionString: '{"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": "${Given} ${Missing}", "End": true}}}'
      DefinitionSubstitutions:
        Given: x
Outputs:
  O:
    Value: !Ref Topic
    Export:
      Name: "${AWS::StackName}-topic"
`, []string{
			msg("1:1", "Description", "${AWS::StackName}"),
			msg("6:5", "Parameters/Env/Description", "${Env}"),
			msg("9:9", "Mappings/M/K/V", "${AWS::Region}"),
			msg("14:7", "Resources/Topic/Properties/TopicName", "${AWS::StackName}"),
			msg("15:32", "Resources/Topic/Properties/DisplayName/Fn::Join/1/0", "${Env}"),
			msg("15:47", "Resources/Topic/Properties/DisplayName/Fn::Join/1/2", "${Topic.TopicName}"),
			msg("33:7", "Resources/Machine/Properties/DefinitionString", "${Missing}"),
			msg("40:7", "Outputs/O/Export/Name", "${AWS::StackName}"),
		}},
	}, only)
}
