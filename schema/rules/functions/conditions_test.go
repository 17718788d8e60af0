package functions_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pipegen/pipegen/schema"
	"github.com/pipegen/pipegen/schema/internal/casetest"
	"github.com/pipegen/pipegen/schema/internal/rulecase"
	"github.com/pipegen/pipegen/schema/rules"
)

func TestConditionRules(t *testing.T) {
	rulecase.Run(t, []casetest.Case{
		{"well-formed conditions, all used", `Parameters:
  Env:
    Type: String
  Zone:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsEast: !Equals [!Select [0, !Split ["-", !Ref AWS::Region]], us]
  NotProd: !Not [!Condition IsProd]
  Both: !And [!Condition IsProd, !Condition IsEast, true]
  Either: !Or [!Condition IsProd, !Equals [!Sub "${Zone}", a]]
  Alias: !Condition Either
Resources:
  R:
    Type: Custom::Thing
    Condition: Both
    Properties:
      V: !If [NotProd, a, !Ref AWS::NoValue]
Outputs:
  O:
    Condition: Alias
    Value: x
`, nil},
		{"entries that are not condition functions", `Conditions:
  Text: yes
  Choice: !If [Text, !Equals [a, a], !Equals [a, b]]
  Joined: !Join ["", [a]]
Resources:
  R:
    Type: Custom::Thing
    Condition: Choice
    Properties:
      V: !If [Text, !If [Joined, a, b], c]
`, []string{
			"t.yaml:2:9: error E8001 Conditions/Text: condition Text must be a condition function (Fn::Equals, Fn::And, Fn::Or, Fn::Not or {Condition: Name}), got a string",
			"t.yaml:3:11: error E8001 Conditions/Choice: condition Choice must be a condition function (Fn::Equals, Fn::And, Fn::Or, Fn::Not or {Condition: Name}), got Fn::If",
			"t.yaml:4:11: error E8001 Conditions/Joined: condition Joined must be a condition function (Fn::Equals, Fn::And, Fn::Or, Fn::Not or {Condition: Name}), got Fn::Join",
		}},
		{"Fn::Equals, Fn::Not, Fn::And, Fn::Or arity and operands", `Conditions:
  One: !Equals [a]
  Att: !Equals [!GetAtt R.Arn, x]
  Name: !Not [One]
  Lone: !And [!Condition One]
  Many: !Or [true, true, true, true, true, true, true, true, true, true, true]
  Text: !Or [!Condition One, yes]
Resources:
  R:
    Type: Custom::Thing
    Condition: Name
    Properties:
      V: !If [Lone, !If [Many, a, b], !If [Text, !If [Att, a, b], c]]
`, []string{
			"t.yaml:2:8: error E8003 Conditions/One/Fn::Equals: Fn::Equals takes [Value1, Value2] (two values to compare), got 1 item",
			"t.yaml:3:17: error E8003 Conditions/Att/Fn::Equals/0: Fn::Equals compares values (strings, Ref to a parameter, Fn::FindInMap, Fn::Sub, Fn::Join, Fn::Select, ...), not Fn::GetAtt",
			"t.yaml:4:15: error E8005 Conditions/Name/Fn::Not/0: the operands of Fn::Not must be condition functions (Fn::Equals, Fn::And, Fn::Or, Fn::Not or {Condition: Name}), got a string; to use condition One, write {Condition: One} (!Condition One)",
			"t.yaml:5:9: error E8004 Conditions/Lone/Fn::And: Fn::And takes a list of 2 to 10 conditions, got 1 item",
			"t.yaml:6:9: error E8006 Conditions/Many/Fn::Or: Fn::Or takes a list of 2 to 10 conditions, got 11 items",
			"t.yaml:7:30: error E8006 Conditions/Text/Fn::Or/1: the operands of Fn::Or must be condition functions (Fn::Equals, Fn::And, Fn::Or, Fn::Not or {Condition: Name}), got a string",
		}},
		{"resources in Conditions", `Conditions:
  ByRef: !Equals [!Ref R, x]
  ByAtt: !Equals [!Join ["", [!GetAtt R.Arn]], x]
Resources:
  R:
    Type: Custom::Thing
    Properties:
      V: !If [ByRef, !If [ByAtt, a, b], c]
`, []string{
			"t.yaml:2:19: error E8001 Conditions/ByRef/Fn::Equals/0/Ref: Ref to resource R cannot stand in Conditions: conditions are evaluated before any resource exists; compare parameters, pseudo parameters or mapping values",
			"t.yaml:3:31: error E8001 Conditions/ByAtt/Fn::Equals/0/Fn::Join/1/0/Fn::GetAtt: Fn::GetAtt cannot stand in Conditions: conditions are evaluated before any resource exists; compare parameters, pseudo parameters or mapping values",
		}},
		{"undefined conditions", `Conditions:
  IsProd: !Equals [!Ref AWS::Region, us-east-1]
  Other: !Not [!Condition IsProdd]
  Bad: !Not [{Condition: [IsProd]}]
Resources:
  R:
    Type: Custom::Thing
    Condition: IsPrdo
    Properties:
      V: !If [Other, !If [Bad, a, b], c]
  S:
    Type: Custom::Thing
    Condition: [IsProd]
Outputs:
  O:
    Condition: Missing
    Value: x
`, []string{
			"t.yaml:2:3: warning W8001 Conditions/IsProd: condition IsProd is never used: no resource, output, Fn::If or other condition names it; use it or remove it",
			"t.yaml:3:16: error E8002 Conditions/Other/Fn::Not/0/Condition: Condition names condition IsProdd, which is not defined in Conditions (did you mean IsProd?)",
			"t.yaml:4:26: error E8007 Conditions/Bad/Fn::Not/0/Condition: {Condition: Name} takes the name of another condition (a string), got a list",
			"t.yaml:8:16: error E8002 Resources/R/Condition: Condition names condition IsPrdo, which is not defined in Conditions (did you mean IsProd?)",
			"t.yaml:13:16: error E8002 Resources/S/Condition: Condition takes the name of a condition in Conditions (a string), got a list",
			"t.yaml:16:16: error E8002 Outputs/O/Condition: Condition names condition Missing, which is not defined in Conditions",
		}},
		{"circular conditions", `Conditions:
  A: !And [!Condition B, !Equals [a, a]]
  B: !Or [!Condition C, !Equals [a, b]]
  C: !Not [!Condition A]
  D: !Condition D
Resources:
  R:
    Type: Custom::Thing
    Properties:
      V: !If [A, a, b]
`, []string{
			"t.yaml:2:12: error E8007 Conditions/A/Fn::And/0/Condition: circular condition A -> B -> C -> A: a condition cannot depend on itself through {Condition: Name}; A names B (line 2), B names C (line 3), C names A (line 4)",
			"t.yaml:5:6: error E8007 Conditions/D/Condition: circular condition D -> D: a condition cannot depend on itself through {Condition: Name}; D names D (line 5)",
		}},
		{"unused parameters and conditions", `Parameters:
  Unused:
    Type: String
  InSub:
    Type: String
  InCondition:
    Type: String
  InMetadata:
    Type: String
  InRules:
    Type: String
Rules:
  Check:
    Assertions:
      - Assert: !Not [!Equals [{"Fn::ValueOf": [InRules, VpcId]}, ""]]
Metadata:
  Note: !Ref InMetadata
Conditions:
  Used: !Equals [!Ref InCondition, x]
  Orphan: !Equals [a, b]
Resources:
  R:
    Type: Custom::Thing
    Properties:
      V: !If [Used, !Sub "${InSub}", b]
`, []string{
			"t.yaml:2:3: warning W2001 Parameters/Unused: parameter Unused is never used: no Ref or Fn::Sub names it; use it or remove it",
			"t.yaml:20:3: warning W8001 Conditions/Orphan: condition Orphan is never used: no resource, output, Fn::If or other condition names it; use it or remove it",
		}},
	})
}

// manyConditions is a template with n conditions chained through Fn::Or and
// {Condition: ...}, and a property that nests Fn::If depth levels deep plus n
// sibling Fn::If values: 2^n branch combinations that must never be enumerated.
func manyConditions(n, depth int) string {
	var b strings.Builder
	b.WriteString("Parameters:\n  Env:\n    Type: String\nConditions:\n  C0: !Equals [!Ref Env, v0]\n")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "  C%d: !Or [!Condition C%d, !Equals [!Ref Env, v%d]]\n", i, i-1, i)
	}
	b.WriteString("Resources:\n  R:\n    Type: Custom::Thing\n    Properties:\n      Nested: ")
	for i := 0; i < depth; i++ {
		fmt.Fprintf(&b, "{\"Fn::If\": [C%d, ", n-1-i)
	}
	b.WriteString("x")
	for i := 0; i < depth; i++ {
		fmt.Fprintf(&b, ", y%d]}", i)
	}
	b.WriteString("\n      Flat:\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "        - !If [C%d, a, !Ref AWS::NoValue]\n", i)
	}
	return b.String()
}

func TestManyConditionsStayLinear(t *testing.T) {
	v := schema.NewValidator()
	// Fn::If nests three levels of YAML per level: 60 stays under the parser's depth limit.
	if got := v.Check("t.yaml", []byte(manyConditions(500, 60))); len(got) != 0 {
		t.Fatalf("want no findings, got %d: %v", len(got), got)
	}
	// The same template with one undefined condition deep inside: one finding.
	src := strings.Replace(manyConditions(500, 60), `{"Fn::If": [C470,`, `{"Fn::If": [C4700,`, 1)
	got := v.Check("t.yaml", []byte(src))
	if len(got) != 1 || got[0].Rule != rules.ConditionRef.ID || !strings.Contains(got[0].Message, "C4700") {
		t.Fatalf("want one E8002 finding for C4700, got %v", got)
	}
}
