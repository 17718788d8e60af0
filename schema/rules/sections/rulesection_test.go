package sections_test

import (
	"testing"

	"github.com/pipegen/pipegen/schema/internal/casetest"
	"github.com/pipegen/pipegen/schema/internal/rulecase"
)

const ruleParams = `Parameters:
  Env:
    Type: String
    Default: test
  Size:
    Type: String
    Default: small
  Subnets:
    Type: List<AWS::EC2::Subnet::Id>
    Default: subnet-1
`

func TestRulesSection(t *testing.T) {
	rulecase.Run(t, []casetest.Case{
		{"every rule function, in short tags", ruleParams + `Rules:
  ProdSize:
    RuleCondition: !Equals [!Ref Env, prod]
    Assertions:
      - Assert: !Contains [[large, xlarge], !Ref Size]
        AssertDescription: prod instances are large
      - Assert: !And
          - !EachMemberEquals [!ValueOfAll ["AWS::EC2::Subnet::Id", VpcId], vpc-1]
          - !Not [!EachMemberIn [!RefAll "AWS::EC2::Subnet::Id", [!Ref Subnets]]]
      - Assert: !Or [!Equals [!ValueOf [Subnets, VpcId], vpc-1], true]
Resources:
  T:
    Type: AWS::SNS::Topic
`, nil},
		{"mistakes", ruleParams + `Rules:
  bad-name:
    Assertions: []
  NoAssertions:
    RuleCondition: !Ref Env
  Shapes:
    Asertions: []
    Assertions:
      - Assert: !Contains [a]
      - Assert: !If [C, a, b]
        AssertDescription: [x]
      - AssertDescription: none
      - Assert: !And [!Equals [a, b], x]
Resources:
  T:
    Type: AWS::SNS::Topic
`, []string{
			"t.yaml:5:3: warning W2001 Parameters/Size: parameter Size is never used: no Ref or Fn::Sub names it; use it or remove it",
			"t.yaml:8:3: warning W2001 Parameters/Subnets: parameter Subnets is never used: no Ref or Fn::Sub names it; use it or remove it",
			"t.yaml:12:3: error E1700 Rules/bad-name: rule name \"bad-name\" must contain only letters and digits",
			"t.yaml:14:3: error E1700 Rules/NoAssertions: rule NoAssertions has no Assertions: a rule needs a list of {Assert, AssertDescription}",
			"t.yaml:15:20: error E1700 Rules/NoAssertions/RuleCondition: RuleCondition must be a rule function that gives true or false (Fn::Equals, Fn::Contains, Fn::EachMemberEquals, Fn::EachMemberIn, Fn::And, Fn::Or, Fn::Not), got Ref",
			"t.yaml:17:5: error E1700 Rules/Shapes/Asertions: unknown rule attribute (did you mean Assertions?); a rule has RuleCondition and Assertions",
			"t.yaml:19:17: error E1700 Rules/Shapes/Assertions/0/Assert/Fn::Contains: Fn::Contains takes [[Values], Value], got 1 item",
			"t.yaml:20:17: error E1700 Rules/Shapes/Assertions/1/Assert/Fn::If: Fn::If cannot stand in the Rules section; rules take Fn::And, Fn::Contains, Fn::EachMemberEquals, Fn::EachMemberIn, Fn::Equals, Fn::Not, Fn::Or, Fn::RefAll, Fn::ValueOf, Fn::ValueOfAll, Ref",
			"t.yaml:20:17: error E1700 Rules/Shapes/Assertions/1/Assert: Assert must be a rule function that gives true or false (Fn::Equals, Fn::Contains, Fn::EachMemberEquals, Fn::EachMemberIn, Fn::And, Fn::Or, Fn::Not), got Fn::If",
			"t.yaml:21:28: error E1700 Rules/Shapes/Assertions/1/AssertDescription: AssertDescription must be a string, got a list",
			"t.yaml:22:9: error E1700 Rules/Shapes/Assertions/2: the assertion has no Assert",
			"t.yaml:23:39: error E1700 Rules/Shapes/Assertions/3/Assert/Fn::And/1: the operands of Fn::And must be rule functions that give true or false, got a string",
		}},
	})
}
