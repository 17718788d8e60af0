package functions_test

import (
	"testing"

	"github.com/pipegen/pipegen/schema/internal/casetest"
	"github.com/pipegen/pipegen/schema/internal/rulecase"
)

// TestGetStackOutput: Fn::GetStackOutput's shape (E1033) as cfn-lint's
// schema of it says, at the positions cfn-lint gives.
func TestGetStackOutput(t *testing.T) {
	rulecase.Run(t, []casetest.Case{
		{"shapes", `Resources:
  T:
    Type: AWS::SNS::Topic
    Properties:
      Tags:
        - {Key: a, Value: !GetStackOutput {StackName: net, OutputName: VpcId}}
        - {Key: b, Value: !GetStackOutput {StackName: net, OutputName: !Sub "${AWS::Region}", Region: us-east-1, RoleArn: !Ref AWS::NoValue}}
        - {Key: c, Value: !GetStackOutput {StackName: net}}
        - {Key: d, Value: !GetStackOutput {StackName: net, OutputName: x, Regoin: y}}
        - {Key: e, Value: !GetStackOutput [net, VpcId]}
        - {Key: f, Value: !GetStackOutput {StackName: [a], OutputName: !GetAZs ""}}
`, []string{
			"t.yaml:8:20: error E1033 Resources/T/Properties/Tags/2/Value: Fn::GetStackOutput needs OutputName",
			"t.yaml:9:75: error E1033 Resources/T/Properties/Tags/3/Value/Fn::GetStackOutput/Regoin: Fn::GetStackOutput takes StackName, OutputName, Region and RoleArn, not Regoin (did you mean Region?)",
			"t.yaml:10:20: error E1033 Resources/T/Properties/Tags/4/Value: Fn::GetStackOutput takes {StackName: ..., OutputName: ...} (and optionally Region and RoleArn), got a list",
			"t.yaml:11:44: error E1033 Resources/T/Properties/Tags/5/Value/Fn::GetStackOutput/StackName: StackName takes a string, or a function that returns one, got a list",
			"t.yaml:11:60: error E1033 Resources/T/Properties/Tags/5/Value/Fn::GetStackOutput/OutputName: OutputName takes a string, or a function that returns one, got Fn::GetAZs",
		}},
	})
}
