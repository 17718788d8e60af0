package functions_test

import (
	"github.com/pipegen/pipegen/schema/internal/casetest"
	"github.com/pipegen/pipegen/schema/internal/rulecase"
	"testing"
)

func custom(value string) string { return casetest.Custom(value) }

func TestIntrinsicFunctionRules(t *testing.T) {
	rulecase.Run(t, []casetest.Case{
		{"well-formed functions", `Parameters:
  Cidr:
    Type: String
  Zones:
    Type: CommaDelimitedList
Mappings:
  Regions:
    us-east-1: {Ami: ami-1, Sizes: [1, 2]}
    "2": {Ami: ami-2}
Resources:
  R:
    Type: Custom::Thing
    Properties:
      Join: !Join [",", [a, !Ref AWS::Region, 1]]
      JoinSplit: !Join ["", !Split [",", "a,b"]]
      JoinRef: !Join [",", !Ref Zones]
      Select: !Select [0, !GetAZs ""]
      SelectText: !Select ["1", [a, b]]
      SelectRef: !Select [!Ref Cidr, [a]]
      Split: !Split [",", !Sub "${AWS::Region},b"]
      Find: !FindInMap [Regions, !Ref AWS::Region, Ami]
      FindNumber: !FindInMap [Regions, 2, Ami]
      Base64: !Base64 {"Fn::Sub": "echo ${AWS::StackName}"}
      Cidr: !Cidr ["10.0.0.0/16", 4, 8]
      CidrV6: !Cidr ["2001:db8::/56", "2", 64]
      CidrRef: !Cidr [!Ref Cidr, !Ref Cidr, !Ref Cidr]
      Azs: !GetAZs {Ref: AWS::Region}
      Import: !ImportValue {"Fn::Sub": "${AWS::StackName}-vpc"}
      Include: {"Fn::Transform": {Name: AWS::Include, Parameters: {Location: s3://b/k}}}
`, nil},
		{"Fn::Join", custom(`[!Join [",", a, b], !Join [!Ref AWS::Region, [a]], !Join [",", "a,b"], !Join [",", !Sub x], !Join [",", [[a]]]]`), []string{
			"t.yaml:5:11: error E1022 Resources/R/Properties/V/0/Fn::Join: Fn::Join takes [Delimiter, [Values]], got 3 items",
			"t.yaml:5:37: error E1022 Resources/R/Properties/V/1/Fn::Join/0: the delimiter of Fn::Join must be a literal string (functions are not allowed there), got Ref",
			"t.yaml:5:73: error E1022 Resources/R/Properties/V/2/Fn::Join/1: the second item of Fn::Join (the values to join) must be a list (or a function that returns one, such as Fn::Split or Fn::GetAZs), got a string",
			"t.yaml:5:93: error E1022 Resources/R/Properties/V/3/Fn::Join/1: the second item of Fn::Join (the values to join) must be a list, but Fn::Sub returns a string; use a list, or a function that returns one (Fn::Split, Fn::GetAZs, Ref to a list parameter)",
			"t.yaml:5:115: error E1022 Resources/R/Properties/V/4/Fn::Join/1/0: the values of Fn::Join must be strings or functions that return one, got a list",
		}},
		{"Fn::Select", custom(`[!Select [a, [x]], !Select [-1, [x]], !Select [2, [x, y]], !Select [0, x], !Select [0]]`), []string{
			"t.yaml:5:20: error E1017 Resources/R/Properties/V/0/Fn::Select/0: the index of Fn::Select must be an integer from 0 (or a Ref or Fn::FindInMap that gives one), got \"a\"",
			"t.yaml:5:38: error E1017 Resources/R/Properties/V/1/Fn::Select/0: the index of Fn::Select must be an integer from 0 (or a Ref or Fn::FindInMap that gives one), got -1 (a number)",
			"t.yaml:5:57: error E1017 Resources/R/Properties/V/2/Fn::Select/0: Fn::Select index 2 is out of range: the list has 2 item(s), indexed from 0",
			"t.yaml:5:81: error E1017 Resources/R/Properties/V/3/Fn::Select/1: the second item of Fn::Select (the values to select from) must be a list (or a function that returns one, such as Fn::Split or Fn::GetAZs), got a string",
			"t.yaml:5:85: error E1017 Resources/R/Properties/V/4/Fn::Select: Fn::Select takes [Index, [Values]], got 1 item",
		}},
		{"Fn::Split", custom(`[!Split [[","], a], !Split [",", [a]], !Split [",", !GetAZs ""], !Split ","]`), []string{
			"t.yaml:5:19: error E1018 Resources/R/Properties/V/0/Fn::Split/0: the delimiter of Fn::Split must be a literal string (functions are not allowed there), got a list",
			"t.yaml:5:43: error E1018 Resources/R/Properties/V/1/Fn::Split/1: Fn::Split takes the string to split (a string, or a function that returns one), got a list",
			"t.yaml:5:62: error E1018 Resources/R/Properties/V/2/Fn::Split/1: Fn::Split takes the string to split (a string), but Fn::GetAZs returns a list; pick one item with Fn::Select or join them with Fn::Join",
			"t.yaml:5:75: error E1018 Resources/R/Properties/V/3/Fn::Split: Fn::Split takes [Delimiter, SourceString], got a string",
		}},
		{"Fn::If", "Conditions:\n  IsProd: !Equals [!Ref AWS::Region, us-east-1]\n" + custom(`[!If [IsProd, a], !If [[IsProd], a, b], !If [IsPrd, a, b], !If [IsProd, a, b]]`), []string{
			"t.yaml:7:11: error E1028 Resources/R/Properties/V/0/Fn::If: Fn::If takes [ConditionName, ValueIfTrue, ValueIfFalse], got 2 items",
			"t.yaml:7:33: error E1028 Resources/R/Properties/V/1/Fn::If/0: the first item of Fn::If must be the name of a condition (a string), got a list",
			"t.yaml:7:55: error E8002 Resources/R/Properties/V/2/Fn::If/0: Fn::If names condition IsPrd, which is not defined in Conditions (did you mean IsProd?)",
		}},
		{"Fn::FindInMap", "Mappings:\n  Regions:\n    us-east-1: {Ami: a}\n" + custom(`[!FindInMap [Regions, us-east-1], !FindInMap [Region, us-east-1, Ami], !FindInMap [Regions, us-west-2, Ami], !FindInMap [Regions, us-east-1, Amy], !FindInMap [Regions, [a], Ami], !FindInMap [Regions, us-east-1, Ami, {DefaultValue: b}]]`), []string{
			"t.yaml:8:11: error E1011 Resources/R/Properties/V/0/Fn::FindInMap: Fn::FindInMap takes [MapName, TopLevelKey, SecondLevelKey], got 2 items",
			"t.yaml:8:56: error E1011 Resources/R/Properties/V/1/Fn::FindInMap/0: Fn::FindInMap names mapping Region, which is not in Mappings (did you mean Regions?)",
			"t.yaml:8:102: error E1011 Resources/R/Properties/V/2/Fn::FindInMap/1: mapping Regions has no top-level key us-west-2 (did you mean us-east-1?); it has us-east-1",
			"t.yaml:8:151: error E1011 Resources/R/Properties/V/3/Fn::FindInMap/2: mapping Regions has no key Amy under us-east-1 (did you mean Ami?); it has Ami",
			"t.yaml:8:178: error E1011 Resources/R/Properties/V/4/Fn::FindInMap/1: item 1 of Fn::FindInMap must be a name (a string) or a function that gives one (Ref, Fn::FindInMap), got a list",
			"t.yaml:8:226: error E1011 Resources/R/Properties/V/5/Fn::FindInMap/3: a fourth item (a default value) in Fn::FindInMap needs `Transform: AWS::LanguageExtensions`; add the transform or remove the item",
		}},
		{"Fn::FindInMap default value with AWS::LanguageExtensions", "Transform: AWS::LanguageExtensions\nMappings:\n  Regions:\n    us-east-1: {Ami: a}\n" + custom(`[!FindInMap [Regions, eu-west-1, Ami, {DefaultValue: b}], !FindInMap [Nope, a, b, {DefaultValue: c}], !FindInMap [Regions, a, b, c]]`), []string{
			"t.yaml:9:80: error E1011 Resources/R/Properties/V/1/Fn::FindInMap/0: Fn::FindInMap names mapping Nope, which is not in Mappings",
			"t.yaml:9:139: error E1011 Resources/R/Properties/V/2/Fn::FindInMap/3: the fourth item of Fn::FindInMap must be {DefaultValue: value}, got a string",
		}},
		{"Fn::Base64, Fn::ImportValue, Fn::GetAZs", custom(`[!Base64 [a], !Base64 {"Fn::GetAZs": ""}, !ImportValue {a: b}, !GetAZs [a], !GetAZs {"Fn::Sub": x}]`), []string{
			"t.yaml:5:11: error E1021 Resources/R/Properties/V/0/Fn::Base64: Fn::Base64 takes the text to encode (a string, or a function that returns one), got a list",
			"t.yaml:5:24: error E1021 Resources/R/Properties/V/1/Fn::Base64: Fn::Base64 takes the text to encode (a string), but Fn::GetAZs returns a list; pick one item with Fn::Select or join them with Fn::Join",
			"t.yaml:5:52: error E1016 Resources/R/Properties/V/2/Fn::ImportValue: Fn::ImportValue takes the name of an exported output (a string, or a function that returns one), got a mapping",
			"t.yaml:5:73: error E1015 Resources/R/Properties/V/3/Fn::GetAZs: Fn::GetAZs takes a region name (\"\" for the stack's region) or a Ref to one, such as !Ref AWS::Region; got a list",
			"t.yaml:5:86: error E1015 Resources/R/Properties/V/4/Fn::GetAZs: Fn::GetAZs takes a region name (\"\" for the stack's region) or a Ref to one, such as !Ref AWS::Region; got Fn::Sub",
		}},
		{"Fn::Cidr", custom(`[!Cidr [10.0.0.0, 2, 8], !Cidr ["10.0.0.0/24", 0, 9], !Cidr ["10.0.0.0/16", 300, x], !Cidr ["10.0.0.0/16", 2]]`), []string{
			"t.yaml:5:18: error E1024 Resources/R/Properties/V/0/Fn::Cidr/0: the IpBlock of Fn::Cidr must be a CIDR block such as \"10.0.0.0/16\" (or a function that gives one), got \"10.0.0.0\"",
			"t.yaml:5:57: error E1024 Resources/R/Properties/V/1/Fn::Cidr/1: the Count of Fn::Cidr must be an integer from 1 to 256 (the number of CIDR blocks to make), got 0 (a number)",
			"t.yaml:5:60: error E1024 Resources/R/Properties/V/1/Fn::Cidr/2: the CidrBits of Fn::Cidr must be an integer from 1 to 8 (the host bits of each block: 8 makes /24 blocks in IPv4), got 9 (a number)",
			"t.yaml:5:86: error E1024 Resources/R/Properties/V/2/Fn::Cidr/1: the Count of Fn::Cidr must be an integer from 1 to 256 (the number of CIDR blocks to make), got 300 (a number)",
			"t.yaml:5:91: error E1024 Resources/R/Properties/V/2/Fn::Cidr/2: the CidrBits of Fn::Cidr must be an integer from 1 to 16 (the host bits of each block: 8 makes /24 blocks in IPv4), got \"x\"",
			"t.yaml:5:95: error E1024 Resources/R/Properties/V/3/Fn::Cidr: Fn::Cidr takes [IpBlock, Count, CidrBits], got 2 items",
		}},
		{"language extension functions need the transform", custom(`[!Length [a], !ToJsonString {a: b}]`), []string{
			"t.yaml:5:11: error E1030 Resources/R/Properties/V/0/Fn::Length: Fn::Length needs `Transform: AWS::LanguageExtensions`; add the transform or write the value out",
			"t.yaml:5:24: error E1031 Resources/R/Properties/V/1/Fn::ToJsonString: Fn::ToJsonString needs `Transform: AWS::LanguageExtensions`; add the transform or write the value out",
		}},
		{"language extension functions with the transform", "Transform: [AWS::LanguageExtensions]\n" + custom(`[!Length [a], !ToJsonString {a: b}]`), nil},
		{"unknown functions", custom(`[{"Fn::Jion": [",", [a]]}, {"Fn::Foo": x}, {"Fn::getazs": ""}]`), []string{
			"t.yaml:5:12: error E1001 Resources/R/Properties/V/0/Fn::Jion: unknown intrinsic function Fn::Jion (did you mean Fn::Join?); CloudFormation knows Ref, Condition and Fn::Base64, Fn::Cidr, Fn::FindInMap, Fn::GetAtt, Fn::GetAZs, Fn::If, Fn::ImportValue, Fn::Join, Fn::Select, Fn::Split, Fn::Sub, Fn::Transform, Fn::Equals, Fn::And, Fn::Or, Fn::Not, Fn::Length, Fn::ToJsonString, Fn::GetStackOutput",
			"t.yaml:5:38: error E1001 Resources/R/Properties/V/1/Fn::Foo: unknown intrinsic function Fn::Foo; CloudFormation knows Ref, Condition and Fn::Base64, Fn::Cidr, Fn::FindInMap, Fn::GetAtt, Fn::GetAZs, Fn::If, Fn::ImportValue, Fn::Join, Fn::Select, Fn::Split, Fn::Sub, Fn::Transform, Fn::Equals, Fn::And, Fn::Or, Fn::Not, Fn::Length, Fn::ToJsonString, Fn::GetStackOutput",
			"t.yaml:5:54: error E1001 Resources/R/Properties/V/2/Fn::getazs: unknown intrinsic function Fn::getazs (did you mean Fn::GetAZs?); CloudFormation knows Ref, Condition and Fn::Base64, Fn::Cidr, Fn::FindInMap, Fn::GetAtt, Fn::GetAZs, Fn::If, Fn::ImportValue, Fn::Join, Fn::Select, Fn::Split, Fn::Sub, Fn::Transform, Fn::Equals, Fn::And, Fn::Or, Fn::Not, Fn::Length, Fn::ToJsonString, Fn::GetStackOutput",
		}},
		{"unknown functions in outputs, not in metadata", "Metadata:\n  Tool: {\"Fn::Anything\": x}\n" + custom("x") + "Outputs:\n  O:\n    Value: {\"Fn::Bar\": x}\n", []string{
			"t.yaml:10:13: error E1001 Outputs/O/Value/Fn::Bar: unknown intrinsic function Fn::Bar; CloudFormation knows Ref, Condition and Fn::Base64, Fn::Cidr, Fn::FindInMap, Fn::GetAtt, Fn::GetAZs, Fn::If, Fn::ImportValue, Fn::Join, Fn::Select, Fn::Split, Fn::Sub, Fn::Transform, Fn::Equals, Fn::And, Fn::Or, Fn::Not, Fn::Length, Fn::ToJsonString, Fn::GetStackOutput",
		}},
		{"condition functions outside Conditions", custom(`[!Equals [a, b], !Not [!Condition C]]`), []string{
			"t.yaml:5:11: error E8003 Resources/R/Properties/V/0/Fn::Equals: Fn::Equals is a condition function: it can stand only in the Conditions section; in Resources and Outputs choose between values with Fn::If and a named condition",
			"t.yaml:5:27: error E8005 Resources/R/Properties/V/1/Fn::Not: Fn::Not is a condition function: it can stand only in the Conditions section; in Resources and Outputs choose between values with Fn::If and a named condition",
		}},
		{"Fn::GetAtt and Fn::Sub first items", custom(`[!GetAtt [[R], Arn], !Sub [[a], {}]]`), []string{
			"t.yaml:5:20: error E1010 Resources/R/Properties/V/0/Fn::GetAtt/0: the first item of Fn::GetAtt must be a resource's logical id (a string), got a list",
			"t.yaml:5:37: error E1019 Resources/R/Properties/V/1/Fn::Sub/0: the first item of Fn::Sub must be the string to substitute into, got a list",
		}},
		{"Description", "Description: [a]\n" + custom("x"), []string{
			"t.yaml:1:14: error E1004 Description: must be a string, got a list",
		}},
	})
}

func TestMappingRules(t *testing.T) {
	rulecase.Run(t, []casetest.Case{
		{"well-formed mappings", "Mappings:\n  M:\n    a: {b: c, d: 1, e: [x, 2], f: true}\n" + custom("!FindInMap [M, a, b]"), nil},
		{"bad shapes", `Mappings:
  Flat: x
  Empty: {}
  Shallow:
    a: b
  Deep:
    a:
      b: {c: d}
  Dynamic:
    a:
      b: !Ref AWS::Region
      c: [x, [y]]
      d: null
` + custom("x"), []string{
			"t.yaml:2:9: error E7001 Mappings/Flat: mapping Flat must map top-level keys to mappings of second-level keys (MapName -> TopLevelKey -> SecondLevelKey -> value), got a string",
			"t.yaml:3:10: error E7001 Mappings/Empty: mapping Empty must map top-level keys to mappings of second-level keys (MapName -> TopLevelKey -> SecondLevelKey -> value), got an empty mapping",
			"t.yaml:5:8: error E7001 Mappings/Shallow/a: top-level key a must map second-level keys to values (MapName -> TopLevelKey -> SecondLevelKey -> value), got a string",
			"t.yaml:8:10: error E7001 Mappings/Deep/a/b: a mapping value must be a string, number, boolean or list, got a mapping: Mappings have exactly two levels of keys",
			"t.yaml:11:10: error E7001 Mappings/Dynamic/a/b: Mappings cannot contain intrinsic functions (Ref): CloudFormation reads them before any parameter or resource exists; write the value out",
			"t.yaml:12:14: error E7001 Mappings/Dynamic/a/c/1: the items of a mapping value's list must be strings or numbers, got a list",
			"t.yaml:13:10: error E7001 Mappings/Dynamic/a/d: a mapping value must be a string, number, boolean or list, got null",
		}},
	})
}

// TestMisspelledFunctionsAgree: every check asks template.Call whether a
// value is a function call, so a misspelled name is one finding whatever
// its characters. Before, the schema check had its own test (letters and
// digits after Fn::): {"Fn::Jo-in": ...} got E1001 and E3012, Fn::Jion
// only E1001.
func TestMisspelledFunctionsAgree(t *testing.T) {
	known := "CloudFormation knows Ref, Condition and Fn::Base64, Fn::Cidr, Fn::FindInMap, Fn::GetAtt, Fn::GetAZs, Fn::If, Fn::ImportValue, Fn::Join, Fn::Select, Fn::Split, Fn::Sub, Fn::Transform, Fn::Equals, Fn::And, Fn::Or, Fn::Not, Fn::Length, Fn::ToJsonString, Fn::GetStackOutput"
	rulecase.Run(t, []casetest.Case{
		{"Fn::Jo-in and Fn::Jion", casetest.Tmpl(`  B:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: {"Fn::Jo-in": ["-", [a, b]]}
  C:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: {"Fn::Jion": ["-", [a, b]]}
    Metadata: {pipegen: {ignore: [W9004, W9005]}}
`), []string{
			"t.yaml:3:3: warning W9004 Resources/B: bucket B does not set BlockPublicAcls, BlockPublicPolicy, IgnorePublicAcls, RestrictPublicBuckets to true in PublicAccessBlockConfiguration",
			"t.yaml:3:3: warning W9005 Resources/B: bucket B has no AWS::S3::BucketPolicy denying requests without TLS (Deny with Condition Bool aws:SecureTransport false)",
			"t.yaml:6:20: error E1001 Resources/B/Properties/BucketName/Fn::Jo-in: unknown intrinsic function Fn::Jo-in (did you mean Fn::Join?); " + known,
			"t.yaml:10:20: error E1001 Resources/C/Properties/BucketName/Fn::Jion: unknown intrinsic function Fn::Jion (did you mean Fn::Join?); " + known,
		}},
	})
}
