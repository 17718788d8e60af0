package functions_test

import (
	"github.com/pipegen/pipegen/schema/internal/casetest"
	"github.com/pipegen/pipegen/schema/internal/rulecase"
	"testing"
)

func TestDependsOnRules(t *testing.T) {
	rulecase.Run(t, []casetest.Case{
		{"DependsOn a resource or a list of them", `Resources:
  A:
    Type: Custom::Thing
  B:
    Type: Custom::Thing
    DependsOn: A
  C:
    Type: Custom::Thing
    DependsOn: [A, B]
`, nil},
		{"DependsOn names nothing, itself, or is not a name", `Parameters:
  P:
    Type: String
    Default: x
Resources:
  Bucket:
    Type: Custom::Thing
    DependsOn: [Buckt, Bucket, P, {Ref: P}]
  Other:
    Type: Custom::Thing
    DependsOn: {Bucket: true}
`, []string{
			"t.yaml:8:17: error E3005 Resources/Bucket/DependsOn/0: DependsOn names Buckt, which is not a resource in this template (did you mean Bucket?)",
			"t.yaml:8:24: error E3005 Resources/Bucket/DependsOn/1: Bucket depends on itself: DependsOn must name other resources",
			"t.yaml:8:32: error E3005 Resources/Bucket/DependsOn/2: DependsOn names P, which is not a resource in this template",
			"t.yaml:8:35: error E3005 Resources/Bucket/DependsOn/3: DependsOn lists resources by logical id (strings), got Ref",
			"t.yaml:11:16: error E3005 Resources/Other/DependsOn: DependsOn takes a resource's logical id or a list of them, got a mapping",
		}},
	})
}

func TestCircularDependencies(t *testing.T) {
	rulecase.Run(t, []casetest.Case{
		{"a diamond is not a loop", `Resources:
  A:
    Type: Custom::Thing
    Properties: {V: [!Ref B, !GetAtt C.Arn]}
  B:
    Type: Custom::Thing
    Properties: {V: !Sub "${D}"}
  C:
    Type: Custom::Thing
    DependsOn: D
  D:
    Type: Custom::Thing
`, nil},
		{"two resources through Ref and Fn::GetAtt", `Resources:
  A:
    Type: Custom::Thing
    Properties:
      V: !Ref B
  B:
    Type: Custom::Thing
    Properties:
      V: !GetAtt A.Arn
`, []string{
			"t.yaml:5:10: error E3004 Resources/A/Properties/V/Ref: circular dependency A -> B -> A: each resource must be created before the next, which is impossible; A refers to B (Ref, line 5), B refers to A (Fn::GetAtt, line 9); remove or move one of these references",
		}},
		{"three resources through Fn::Sub and DependsOn, reported once", `Resources:
  Z:
    Type: Custom::Thing
    DependsOn: X
  X:
    Type: Custom::Thing
    Properties:
      V: !Sub "arn:${Y.Arn}"
  Y:
    Type: Custom::Thing
    Properties:
      V: !Join ["", [!Ref Z]]
`, []string{
			"t.yaml:8:10: error E3004 Resources/X/Properties/V/Fn::Sub: circular dependency X -> Y -> Z -> X: each resource must be created before the next, which is impossible; X refers to Y (Fn::Sub, line 8), Y refers to Z (Ref, line 12), Z refers to X (DependsOn, line 4); remove or move one of these references",
		}},
		{"a resource that refers to itself", `Resources:
  A:
    Type: Custom::Thing
    Properties:
      Name: !Sub "${AWS::StackName}-${A}"
`, []string{
			"t.yaml:5:13: error E3004 Resources/A/Properties/Name/Fn::Sub: circular dependency A -> A: each resource must be created before the next, which is impossible; A refers to A (Fn::Sub, line 5); remove or move one of these references",
		}},
		{"separate loops are separate findings; a larger loop names all its resources", `Resources:
  A:
    Type: Custom::Thing
    DependsOn: [B, C]
  B:
    Type: Custom::Thing
    DependsOn: A
  C:
    Type: Custom::Thing
    DependsOn: D
  D:
    Type: Custom::Thing
    DependsOn: A
  E:
    Type: Custom::Thing
    Properties: {V: !If [Cond, !Ref F, x]}
  F:
    Type: Custom::Thing
    Properties: {V: !Ref E}
Conditions:
  Cond: !Equals [!Ref AWS::Region, us-east-1]
`, []string{
			"t.yaml:4:17: error E3004 Resources/A/DependsOn/0: circular dependency A -> B -> A: each resource must be created before the next, which is impossible; A refers to B (DependsOn, line 4), B refers to A (DependsOn, line 7); remove or move one of these references (4 resources depend on each other in this loop: A, B, C, D)",
			"t.yaml:16:32: error E3004 Resources/E/Properties/V/Fn::If/1/Ref: circular dependency E -> F -> E: each resource must be created before the next, which is impossible; E refers to F (Ref, line 16), F refers to E (Ref, line 19); remove or move one of these references",
		}},
	})
}
