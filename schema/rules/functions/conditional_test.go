package functions_test

import (
	"testing"

	"github.com/pipegen/pipegen/schema"
	"github.com/pipegen/pipegen/schema/internal/casetest"
	"github.com/pipegen/pipegen/schema/internal/rulecase"
)

const envConditions = `Parameters:
  Env: {Type: String, AllowedValues: [prod, dev]}
  Only: {Type: String, AllowedValues: [prod]}
  Flag: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Equals [!Ref Env, dev]
  NotDev: !Not [!Condition IsDev]
  OnlyProd: !Equals [!Ref Only, prod]
  HasFlag: !Equals [!Ref Flag, "yes"]
  ProdAndFlag: !And [!Condition IsProd, !Condition HasFlag]
  ProdOrFlag: !Or [!Condition IsProd, !Condition HasFlag]
  FromMap: !Equals [!FindInMap [M, !Ref AWS::Region, On], "true"]
Mappings:
  M:
    us-east-1: {On: "true"}
Resources:
  ProdTopic:
    Type: AWS::SNS::Topic
    Condition: IsProd
  OnlyTopic:
    Type: AWS::SNS::Topic
    Condition: OnlyProd
  MapTopic:
    Type: AWS::SNS::Topic
    Condition: FromMap
`

// TestConditionalReferences: a DependsOn (E3005) or a Ref, Fn::GetAtt or
// Fn::Sub (W1001) of a resource with a Condition, from a resource or
// output that can exist when that condition is false; nothing where it
// cannot (the same or a narrower condition, an Fn::If on it, a condition
// always true) or where the conditions cannot be read exactly.
func TestConditionalReferences(t *testing.T) {
	used := func(f schema.Finding) bool { return f.Rule != "W8001" } // not every condition is used in each case
	rulecase.Filtered(t, []casetest.Case{
		{"references that can outlive their target", envConditions + `  Always:
    Type: AWS::SNS::Topic
    DependsOn: [ProdTopic]
    Properties:
      DisplayName: !GetAtt ProdTopic.TopicName
  Wider:
    Type: AWS::SNS::Topic
    Condition: ProdOrFlag
    DependsOn: ProdTopic
    Properties:
      DisplayName: !Sub "${ProdTopic}-x"
  Dev:
    Type: AWS::SNS::Topic
    Condition: IsDev
    Properties:
      DisplayName: !If [HasFlag, !Ref ProdTopic, none]
Outputs:
  Topic:
    Value: !Ref ProdTopic
`, []string{
			"t.yaml:29:17: error E3005 Resources/Always/DependsOn/0: DependsOn names ProdTopic, which exists only when condition IsProd is true: Always, which has no Condition, can exist when IsProd is false, and CloudFormation then refuses the template (give Always the condition IsProd, or remove the dependency)",
			"t.yaml:31:7: warning W1001 Resources/Always/Properties/DisplayName/Fn::GetAtt: Fn::GetAtt of ProdTopic, which exists only when condition IsProd is true: this value is evaluated when IsProd can be false (guard it with !If [IsProd, ..., ...], or give it the condition IsProd)",
			"t.yaml:35:5: error E3005 Resources/Wider/DependsOn: DependsOn names ProdTopic, which exists only when condition IsProd is true: Wider, with condition ProdOrFlag true, can exist when IsProd is false, and CloudFormation then refuses the template (give Wider the condition IsProd, or remove the dependency)",
			"t.yaml:37:7: warning W1001 Resources/Wider/Properties/DisplayName/Fn::Sub: Fn::Sub of ProdTopic, which exists only when condition IsProd is true: this value is evaluated when IsProd can be false and ProdOrFlag true (guard it with !If [IsProd, ..., ...], or give it the condition IsProd)",
			"t.yaml:42:34: warning W1001 Resources/Dev/Properties/DisplayName/Fn::If/1/Ref: Ref to ProdTopic, which exists only when condition IsProd is true: this value is evaluated when IsProd can be false and IsDev true, HasFlag true (guard it with !If [IsProd, ..., ...], or give it the condition IsProd)",
			"t.yaml:45:5: warning W1001 Outputs/Topic/Value/Ref: Ref to ProdTopic, which exists only when condition IsProd is true: the output, which has no Condition, is evaluated when IsProd can be false (guard it with !If [IsProd, ..., ...], or give it the condition IsProd)",
		}},
		{"references that cannot", envConditions + `  Same:
    Type: AWS::SNS::Topic
    Condition: IsProd
    DependsOn: ProdTopic
    Properties:
      DisplayName: !GetAtt ProdTopic.TopicName
  Narrower:
    Type: AWS::SNS::Topic
    Condition: ProdAndFlag
    DependsOn: [ProdTopic]
    Properties:
      DisplayName: !Sub "${ProdTopic.TopicName}"
  NotDev:
    Type: AWS::SNS::Topic
    Condition: NotDev
    DependsOn: ProdTopic
  Guarded:
    Type: AWS::SNS::Topic
    DependsOn: OnlyTopic
    Properties:
      DisplayName: !If [IsProd, !Ref ProdTopic, !If [IsDev, none, !Ref ProdTopic]]
      TopicName: !If [IsDev, !Ref AWS::NoValue, !GetAtt ProdTopic.TopicName]
  Unreadable:
    Type: AWS::SNS::Topic
    DependsOn: MapTopic
    Properties:
      DisplayName: !Ref MapTopic
Outputs:
  Topic:
    Condition: IsProd
    Value: !Ref ProdTopic
  Only:
    Value: !Ref OnlyTopic
`, nil},
	}, used)
}
