package sections_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pipegen/pipegen/schema"
	"github.com/pipegen/pipegen/schema/internal/casetest"
	"github.com/pipegen/pipegen/schema/internal/rulecase"
)

func langExtTemplate(rest string) string { return casetest.LangExt(rest) }

func TestForEachExpansion(t *testing.T) {
	rulecase.Run(t, []casetest.Case{
		{"literal list, positions inside the loop", langExtTemplate(`  'Fn::ForEach::Topics':
    - Team
    - [pay, search]
    - 'Topic${Team}':
        Type: AWS::SNS::Topic
        Properties:
          TopicNam: !Sub '${Team}-alerts'
`), []string{
			"t.yaml:9:11: error E3002 Resources/Topicpay/Properties/TopicNam: unknown property TopicNam (did you mean TopicName?)",
			"t.yaml:9:11: error E3002 Resources/Topicsearch/Properties/TopicNam: unknown property TopicNam (did you mean TopicName?)",
		}},
		{"&{} strips non-alphanumerics, Ref to the identifier is the item", langExtTemplate(`  'Fn::ForEach::Topics':
    - Team
    - [checkout-web]
    - 'Logs&{Team}':
        Type: AWS::Logs::LogGroup
        Properties:
          LogGroupName: !Ref Team
          RetentionInDays: !Ref Team
Outputs:
  Arn:
    Value: !GetAtt Logscheckoutweb.Ar
`), []string{
			`t.yaml:10:28: error E3030 Resources/Logscheckoutweb/Properties/RetentionInDays: "checkout-web" is not one of the allowed values: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653`,
			"t.yaml:13:12: error E1010 Outputs/Arn/Value/Fn::GetAtt: Logscheckoutweb (AWS::Logs::LogGroup) has no attribute Ar; it has Arn",
		}},
		{"CommaDelimitedList default, outputs loop, no W2001", `Transform: AWS::LanguageExtensions
Parameters:
  Teams:
    Type: CommaDelimitedList
    Default: "a, b"
Resources:
  'Fn::ForEach::Topics':
    - Team
    - !Ref Teams
    - 'Topic${Team}':
        Type: AWS::SNS::Topic
Outputs:
  'Fn::ForEach::Arns':
    - Team
    - !Ref Teams
    - 'Arn${Team}':
        Value: !GetAtt [!Sub 'Topic${Team}', TopicArns]
`, []string{
			"t.yaml:17:16: error E1010 Outputs/Arna/Value/Fn::GetAtt: Topica (AWS::SNS::Topic) has no attribute TopicArns (did you mean TopicArn?); it has ArchivePolicy, ContentBasedDeduplication, DataProtectionPolicy, DeliveryStatusLogging, DisplayName, FifoThroughputScope, FifoTopic, KmsMasterKeyId, SignatureVersion, Subscription, Tags, TopicArn, TopicName, TracingConfig",
			"t.yaml:17:16: error E1010 Outputs/Arnb/Value/Fn::GetAtt: Topicb (AWS::SNS::Topic) has no attribute TopicArns (did you mean TopicArn?); it has ArchivePolicy, ContentBasedDeduplication, DataProtectionPolicy, DeliveryStatusLogging, DisplayName, FifoThroughputScope, FifoTopic, KmsMasterKeyId, SignatureVersion, Subscription, Tags, TopicArn, TopicName, TracingConfig",
		}},
		{"parameter without default: info, loop skipped", `Transform: AWS::LanguageExtensions
Parameters:
  Teams:
    Type: CommaDelimitedList
Resources:
  Keep:
    Type: AWS::SNS::Topic
  'Fn::ForEach::Topics':
    - Team
    - !Ref Teams
    - 'Topic${Team}':
        Type: AWS::SNS::Topic
`, []string{
			"t.yaml:10:7: info I1032 Resources/Fn::ForEach::Topics/1/Ref: the collection of Fn::ForEach::Topics is parameter Teams, which has no Default: the loop is not expanded and what it makes is not checked",
		}},
		{"only a skipped loop in Resources: no E1001", `Transform: AWS::LanguageExtensions
Parameters:
  Teams:
    Type: CommaDelimitedList
Resources:
  'Fn::ForEach::Topics':
    - Team
    - !Split [",", "a,b"]
    - 'Topic${Team}':
        Type: AWS::SNS::Topic
`, []string{
			"t.yaml:3:3: warning W2001 Parameters/Teams: parameter Teams is never used: no Ref or Fn::Sub names it; use it or remove it",
			"t.yaml:8:7: info I1032 Resources/Fn::ForEach::Topics/1: the collection of Fn::ForEach::Topics comes from Fn::Split, known only at deploy time: the loop is not expanded and what it makes is not checked",
		}},
		{"nested loops, conditions loop, Condition from Fn::Sub", langExtTemplate(`  'Fn::ForEach::Envs':
    - Env
    - [dev, prod]
    - 'Fn::ForEach::Apps':
        - App
        - [web, api]
        - '${App}${Env}':
            Type: AWS::SQS::Queue
            Condition: !Sub 'Is${Env}'
            Properties:
              QueueName: !Sub '${App}-${Env}'
Conditions:
  'Fn::ForEach::EnvConditions':
    - Env
    - [dev, prod, test]
    - 'Is${Env}': !Equals [!Ref 'AWS::Region', !Ref Env]
`), []string{
			"t.yaml:18:7: warning W8001 Conditions/Istest: condition Istest is never used: no resource, output, Fn::If or other condition names it; use it or remove it",
		}},
		{"property loop inside a resource", langExtTemplate(`  Topic:
    Type: AWS::SNS::Topic
    Properties:
      'Fn::ForEach::Props':
        - Name
        - [TopicName, DisplayNam]
        - '${Name}': x
`), []string{
			"t.yaml:9:11: error E3002 Resources/Topic/Properties/DisplayNam: unknown property DisplayNam (did you mean DisplayName?)",
		}},
	})
}

func TestForEachErrors(t *testing.T) {
	rulecase.Run(t, []casetest.Case{
		{"no transform", `Resources:
  'Fn::ForEach::Topics':
    - Team
    - [a]
    - 'Topic${Team}':
        Type: AWS::SNS::Topic
`, []string{
			"t.yaml:2:3: error E1032 Resources/Fn::ForEach::Topics: Fn::ForEach needs `Transform: AWS::LanguageExtensions`; add the transform or write the value out",
		}},
		{"wrong arity", langExtTemplate(`  A:
    Type: AWS::SNS::Topic
  'Fn::ForEach::Topics': [Team, [a]]
`), []string{
			"t.yaml:5:26: error E1032 Resources/Fn::ForEach::Topics: Fn::ForEach::Topics takes [Identifier, Collection, {OutputKey: OutputValue}], got 2 items",
		}},
		{"identifier not a string", langExtTemplate(`  A:
    Type: AWS::SNS::Topic
  'Fn::ForEach::Topics': [[Team], [a], {'Topic${Team}': {Type: AWS::SNS::Topic}}]
`), []string{
			"t.yaml:5:27: error E1032 Resources/Fn::ForEach::Topics/0: the identifier of Fn::ForEach::Topics must be a name of letters and digits (a string), got a list",
		}},
		{"collection not a list", langExtTemplate(`  A:
    Type: AWS::SNS::Topic
  'Fn::ForEach::Topics': [Team, "a,b", {'Topic${Team}': {Type: AWS::SNS::Topic}}]
`), []string{
			`t.yaml:5:33: error E1032 Resources/Fn::ForEach::Topics/1: the collection of Fn::ForEach::Topics must be a list of strings or a Ref to a CommaDelimitedList parameter, got a string`,
		}},
		{"collection item not a string", langExtTemplate(`  A:
    Type: AWS::SNS::Topic
  'Fn::ForEach::Topics': [Team, [a, [b]], {'Topic${Team}': {Type: AWS::SNS::Topic}}]
`), []string{
			"t.yaml:5:37: error E1032 Resources/Fn::ForEach::Topics/1/1: the items of the collection of Fn::ForEach::Topics must be strings, got a list",
		}},
		{"Ref to a missing parameter", langExtTemplate(`  A:
    Type: AWS::SNS::Topic
  'Fn::ForEach::Topics': [Team, !Ref Teams, {'Topic${Team}': {Type: AWS::SNS::Topic}}]
`), []string{
			"t.yaml:5:33: error E1032 Resources/Fn::ForEach::Topics/1/Ref: the collection of Fn::ForEach::Topics is a Ref to Teams, which is not a parameter",
		}},
		{"output map not a mapping", langExtTemplate(`  A:
    Type: AWS::SNS::Topic
  'Fn::ForEach::Topics': [Team, [a], [x]]
`), []string{
			`t.yaml:5:38: error E1032 Resources/Fn::ForEach::Topics/2: the third item of Fn::ForEach::Topics must be a mapping of output keys to values, such as {"Topic${Team}": {...}}, got a list`,
		}},
		{"duplicate expanded logical ids", langExtTemplate(`  Topica:
    Type: AWS::SNS::Topic
  'Fn::ForEach::Topics':
    - Team
    - [a, b, b]
    - 'Topic${Team}':
        Type: AWS::SNS::Topic
`), []string{
			`t.yaml:8:7: error E1032 Resources/Fn::ForEach::Topics/2/Topic${Team}: Fn::ForEach::Topics makes Topica (item "a"), which is already defined at line 3`,
			`t.yaml:8:7: error E1032 Resources/Fn::ForEach::Topics/2/Topic${Team}: Fn::ForEach::Topics makes Topicb (item "b"), which the loop at line 8 already makes`,
		}},
		{"output key without the identifier", langExtTemplate(`  'Fn::ForEach::Topics':
    - Team
    - [a, b]
    - 'Topic':
        Type: AWS::SNS::Topic
`), []string{
			"t.yaml:6:7: error E1032 Resources/Fn::ForEach::Topics/2/Topic: the output key Topic of Fn::ForEach::Topics must contain ${Team} or &{Team}, or every item makes the same key",
		}},
		{"nested loop reusing the identifier", langExtTemplate(`  'Fn::ForEach::Outer':
    - Team
    - [a]
    - 'Fn::ForEach::Inner':
        - Team
        - [b]
        - 'Topic${Team}':
            Type: AWS::SNS::Topic
  A:
    Type: AWS::SNS::Topic
`), []string{
			"t.yaml:7:11: error E1032 Resources/Fn::ForEach::Outer/2/Fn::ForEach::Inner/0: the identifier Team of Fn::ForEach::Inner is already the identifier of an enclosing loop: use another name",
		}},
	})
}

func TestLanguageExtensionFunctions(t *testing.T) {
	rulecase.Run(t, []casetest.Case{
		{"values and bad arguments", `Transform: AWS::LanguageExtensions
Parameters:
  Names:
    Type: CommaDelimitedList
Resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !ToJsonString {a: !Length [1, 2], b: !Length {Ref: Names}}
      DisplayName: !ToJsonString abc
Outputs:
  Count:
    Value: !Length abc
  Joined:
    Value: !Length {'Fn::Join': [",", [a]]}
`, []string{
			"t.yaml:10:20: error E1031 Resources/Topic/Properties/DisplayName/Fn::ToJsonString: Fn::ToJsonString takes a mapping or a list to write as JSON, got a string",
			"t.yaml:13:12: error E1030 Outputs/Count/Value/Fn::Length: Fn::Length takes a list (or a function that returns one, such as Ref to a CommaDelimitedList parameter or Fn::Split), got a string",
			"t.yaml:15:12: error E1030 Outputs/Joined/Value/Fn::Length: Fn::Length counts the items of a list, but Fn::Join returns a string",
		}},
		{"loop names unique, not resource ids", langExtTemplate(`  Topics:
    Type: AWS::SNS::Topic
  'Fn::ForEach::Topics': [X, [a], {'T${X}': {Type: AWS::SNS::Topic}}]
Outputs:
  'Fn::ForEach::Topics': [X, [a], {'O${X}': {Value: x}}]
`), []string{
			"t.yaml:5:3: error E1032 Resources/Fn::ForEach::Topics: the loop name Topics is also a resource's logical id: CloudFormation needs them to differ",
			"t.yaml:7:3: error E1032 Outputs/Fn::ForEach::Topics: the loop name Topics is already used by the loop at line 5: loop names must be unique in the template",
		}},
	})
}

func TestDeletionPolicies(t *testing.T) {
	const policyValues = "Delete, Retain, RetainExceptOnCreate"
	topic := func(transform, policies string) string {
		return transform + "Parameters:\n  P:\n    Type: String\n    Default: Keep\nResources:\n  B:\n    Type: AWS::SNS::Topic\n    Metadata: {Uses: !Ref P}\n" + policies
	}
	rulecase.Run(t, []casetest.Case{
		{"valid literals, Snapshot for a volume", `Resources:
  Topic:
    Type: AWS::SNS::Topic
    DeletionPolicy: RetainExceptOnCreate
    UpdateReplacePolicy: Retain
  Volume:
    Type: AWS::EC2::Volume
    DeletionPolicy: Snapshot
    UpdateReplacePolicy: Snapshot
    Properties:
      AvailabilityZone: us-east-1a
      Size: 10
`, nil},
		{"unknown names, Snapshot for a topic", topic("", "    DeletionPolicy: retain\n    UpdateReplacePolicy: [Delete]\n  C:\n    Type: AWS::SNS::Topic\n    DeletionPolicy: Snapshot\n"), []string{
			`t.yaml:9:21: error E3035 Resources/B/DeletionPolicy: DeletionPolicy must be one of ` + policyValues + `, got "retain" (did you mean Retain?)`,
			`t.yaml:10:26: error E3036 Resources/B/UpdateReplacePolicy: UpdateReplacePolicy must be one of ` + policyValues + `, got a list`,
			`t.yaml:13:21: error E3035 Resources/C/DeletionPolicy: DeletionPolicy must be one of ` + policyValues + `, got "Snapshot": AWS::SNS::Topic cannot be snapshotted (Snapshot is for AWS::DocDB::DBCluster, AWS::EC2::Volume, AWS::ElastiCache::CacheCluster, AWS::ElastiCache::ReplicationGroup, AWS::Neptune::DBCluster, AWS::RDS::DBCluster, AWS::RDS::DBInstance, AWS::Redshift::Cluster)`,
		}},
		// CloudFormation takes them without the transform today (its page
		// "Intrinsic function references in DeletionPolicy ..."); the
		// parameter's Default is checked all the same.
		{"intrinsic without the transform", topic("", "    DeletionPolicy: !Ref P\n"), []string{
			`t.yaml:9:21: error E3035 Resources/B/DeletionPolicy/Ref: DeletionPolicy is parameter P, whose Default "Keep" is not one of ` + policyValues,
		}},
		{"intrinsic with the transform", topic("Transform: AWS::LanguageExtensions\n", "    DeletionPolicy: !Ref P\n    UpdateReplacePolicy: !If [C, Retain, Keep]\nConditions:\n  C: !Equals [!Ref P, x]\n"), []string{
			`t.yaml:10:21: error E3035 Resources/B/DeletionPolicy/Ref: DeletionPolicy is parameter P, whose Default "Keep" is not one of ` + policyValues,
			`t.yaml:11:42: error E3036 Resources/B/UpdateReplacePolicy/Fn::If/2: UpdateReplacePolicy must be one of ` + policyValues + `, got "Keep"`,
		}},
		{"a function that gives no name", topic("Transform: AWS::LanguageExtensions\n", "    DeletionPolicy: !GetAtt C.TopicArn\n  C:\n    Type: AWS::SNS::Topic\n"), []string{
			"t.yaml:10:21: error E3035 Resources/B/DeletionPolicy/Fn::GetAtt: DeletionPolicy takes one of " + policyValues + ", or a Ref, Fn::If, Fn::FindInMap, Fn::Select or Fn::Sub that gives one; Fn::GetAtt cannot give a policy name",
		}},
	})
}

// TestForEachLeavesDocument checks that expansion works on a copy: the
// caller's Document keeps its loop.
func TestForEachLeavesDocument(t *testing.T) {
	src := langExtTemplate("  'Fn::ForEach::T':\n    - X\n    - [a]\n    - 'T${X}':\n        Type: AWS::SNS::Topic\n")
	doc, fs := schema.Parse("t.yaml", []byte(src))
	if len(fs) != 0 {
		t.Fatal(fs)
	}
	if got := schema.NewValidator().Validate(doc); len(got) != 0 {
		t.Fatalf("findings: %v", got)
	}
	res := doc.Root["Resources"].(map[string]any)
	if _, ok := res["Fn::ForEach::T"]; !ok || len(res) != 1 {
		t.Fatalf("the caller's document changed: %v", res)
	}
	out, _ := doc.JSON()
	if !strings.Contains(string(out), "Fn::ForEach::T") {
		t.Fatalf("JSON lost the loop:\n%s", out)
	}
}

// TestForEachBudgets: loops multiply nodes and text; the expansion stops at
// either budget with one finding at the loop body, quickly and in little
// memory (the text product below was 2.5 GB and 9 s).
func TestForEachBudgets(t *testing.T) {
	for name, c := range map[string]struct {
		src, want string
	}{
		"text": {casetest.LoopProduct(100, 100, 2500, 100),
			"error E1032 Resources/Fn::ForEach::A/2/Fn::ForEach::B/2/R&{B}&{A}/Properties/DisplayName: the Fn::ForEach loops expand to more than 2 MB of text (CloudFormation takes an expanded template of up to 1 MB): the expansion stops here"},
		"one huge string": {casetest.LoopProduct(2, 1, 2500, 1000),
			"error E1032 Resources/Fn::ForEach::A/2/Fn::ForEach::B/2/R&{B}&{A}/Properties/DisplayName: the Fn::ForEach loops expand to more than 2 MB of text"},
		"nodes": {strings.Replace(casetest.LoopProduct(100, 100, 1, 1), "Type: AWS::SNS::Topic", "Type: ["+strings.Repeat("0, ", 50)+"0]", 1),
			"error E1032 Resources/Fn::ForEach::A/2/Fn::ForEach::B/2/R&{B}&{A}/Type/14: the Fn::ForEach loops expand to more than 250000 nodes: the expansion stops here"},
	} {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			got := casetest.Strings(schema.NewValidator().Check("t.yaml", []byte(c.src)))
			if took := time.Since(start); took > 3*time.Second {
				t.Errorf("took %v", took)
			}
			if !slices.ContainsFunc(got, func(f string) bool { return strings.Contains(f, c.want) }) {
				t.Errorf("no finding %q among %d:\n%.2000s", c.want, len(got), strings.Join(got, "\n"))
			}
		})
	}
}
