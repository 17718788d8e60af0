package schema

import (
	"strings"
	"testing"
	"time"

	"github.com/pipegen/pipegen/schema/rules"
)

// validateCases are templates with every finding they must give; the fuzz
// targets use them as seeds too.
var validateCases = []ruleCase{
	{"valid bucket", tmpl("  B:\n    Type: AWS::S3::Bucket\n"), nil},
	{"intrinsics stand for values", tmpl(`  B:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "${AWS::StackName}-b"
      VersioningConfiguration: !If [C, {Status: Enabled}, !Ref AWS::NoValue]
      Tags:
        - !Ref AWS::NoValue
`) + "Conditions:\n  C: !Equals [!Ref AWS::Region, us-east-1]\n", nil},
	{"numbers and strings coerce", tmpl(`  P:
    Type: AWS::CodePipeline::Pipeline
    Properties:
      RoleArn: arn:aws:iam::123456789012:role/pipeline
      ArtifactStore: {Type: S3, Location: b}
      Stages:
        - Name: S
          Actions:
            - Name: A
              ActionTypeId: {Category: Source, Owner: AWS, Provider: CodeCommit, Version: 1}
              RunOrder: "1"
        - Name: Approve
          Actions:
            - Name: Ok
              ActionTypeId: {Category: Approval, Owner: AWS, Provider: Manual, Version: 1}
`), nil},
	{"unknown section", "Resource:\n  B:\n    Type: AWS::S3::Bucket\n", []string{
		"t.yaml:1:1: error E1001 Resource: unknown top-level section (did you mean Resources?); expected one of AWSTemplateFormatVersion, Description, Metadata, Parameters, Rules, Mappings, Conditions, Transform, Resources, Outputs, Hooks",
		"t.yaml:1:1: error E1001 the template has no Resources section: CloudFormation needs at least one resource",
	}},
	{"bad format version", "AWSTemplateFormatVersion: 2012-01-01\nResources:\n  B:\n    Type: AWS::S3::Bucket\n", []string{
		`t.yaml:1:27: error E1001 AWSTemplateFormatVersion: must be the string "2010-09-09", got "2012-01-01"`,
	}},
	{"empty resources", "Resources: {}\n", []string{"t.yaml:1:12: error E1001 Resources: must be a mapping with at least one resource"}},
	{"bad logical id", tmpl("  my-bucket:\n    Type: AWS::S3::Bucket\n"), []string{
		`t.yaml:3:3: error E1001 Resources/my-bucket: logical id "my-bucket" must contain only letters and digits`,
	}},
	{"missing type", tmpl("  B:\n    Properties: {}\n"), []string{"t.yaml:4:5: error E3001 Resources/B: the resource has no Type (a string such as AWS::S3::Bucket)"}},
	{"unknown type with suggestion", tmpl("  B:\n    Type: AWS::S3::Buckt\n"), []string{
		"t.yaml:4:11: error E3006 Resources/B/Type: unknown resource type AWS::S3::Buckt (did you mean AWS::S3::Bucket?)",
	}},
	{"type names are case-sensitive", tmpl("  B:\n    Type: AWS::S3::bucket\n"), []string{
		"t.yaml:4:11: error E3006 Resources/B/Type: unknown resource type AWS::S3::bucket (did you mean AWS::S3::Bucket?)",
	}},
	{"custom resources are not schema-checked", tmpl("  C:\n    Type: Custom::Thing\n    Properties:\n      ServiceToken: arn\n      Anything: 1\n"), nil},
	{"unknown resource attribute", tmpl("  B:\n    Type: AWS::S3::Bucket\n    DependOn: X\n"), []string{
		"t.yaml:5:5: error E3001 Resources/B/DependOn: unknown resource attribute (did you mean DependsOn?); expected one of Type, Properties, DependsOn, Condition, Metadata, DeletionPolicy, UpdateReplacePolicy, CreationPolicy, UpdatePolicy, Version",
	}},
	{"unknown property with suggestion", tmpl("  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketNam: x\n"), []string{
		"t.yaml:6:7: error E3002 Resources/B/Properties/BucketNam: unknown property BucketNam (did you mean BucketName?)",
	}},
	{"nested unknown property", tmpl("  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      VersioningConfiguration:\n        Statu: Enabled\n"), []string{
		"t.yaml:6:7: error E3003 Resources/B/Properties/VersioningConfiguration: missing required property Status",
		"t.yaml:7:9: error E3002 Resources/B/Properties/VersioningConfiguration/Statu: unknown property Statu",
	}},
	{"enum", tmpl("  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      VersioningConfiguration:\n        Status: On\n"), []string{
		`t.yaml:7:17: error E3030 Resources/B/Properties/VersioningConfiguration/Status: "On" is not one of the allowed values: "Enabled", "Suspended"`,
	}},
	{"wrong type", tmpl("  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags: {Key: a, Value: b}\n"), []string{
		"t.yaml:6:13: error E3012 Resources/B/Properties/Tags: expected array, got object",
	}},
	{"required property", tmpl("  R:\n    Type: AWS::IAM::Role\n"), []string{
		"t.yaml:3:3: error E3003 Resources/R/Properties: missing required property AssumeRolePolicyDocument",
	}},
	{"read-only property", tmpl("  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      Arn: x\n"), []string{
		"t.yaml:6:7: error E3045 Resources/B/Properties/Arn: Arn is read-only: AWS sets it, a template cannot (read it with !GetAtt instead)",
	}},
	{"ref to nothing", tmpl("  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Ref Nme\n"), []string{
		"t.yaml:6:19: error E1012 Resources/B/Properties/BucketName/Ref: Ref to Nme, which is not a parameter, resource or pseudo parameter",
	}},
	{"getatt unknown attribute", tmpl("  B:\n    Type: AWS::S3::Bucket\n  C:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !GetAtt B.Arm\n"), []string{
		"t.yaml:8:19: error E1010 Resources/C/Properties/BucketName/Fn::GetAtt: B (AWS::S3::Bucket) has no attribute Arm (did you mean Arn?); it has Arn, DomainName, DualStackDomainName, MetadataTableConfiguration.S3TablesDestination.TableArn, MetadataTableConfiguration.S3TablesDestination.TableNamespace, RegionalDomainName, WebsiteURL",
	}},
	{"getatt unknown resource", tmpl("  C:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !GetAtt [X, Arn]\n"), []string{
		"t.yaml:6:19: error E1010 Resources/C/Properties/BucketName/Fn::GetAtt: Fn::GetAtt names X, which is not a resource",
	}},
	{"sub variables", tmpl("  C:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub \"${AWS::Region}-${Missing}-${!Literal}-${C.Arn}-${x}\"\n      Tags:\n        - Key: !Sub [\"${x}\", {x: 1}]\n          Value: v\n"), []string{
		"t.yaml:6:19: error E1019 Resources/C/Properties/BucketName/Fn::Sub: ${Missing} is not a parameter, resource, pseudo parameter or Fn::Sub variable",
		"t.yaml:6:19: error E1019 Resources/C/Properties/BucketName/Fn::Sub: ${x} is not a parameter, resource, pseudo parameter or Fn::Sub variable",
		"t.yaml:6:19: error E3004 Resources/C/Properties/BucketName/Fn::Sub: circular dependency C -> C: each resource must be created before the next, which is impossible; C refers to C (Fn::Sub, line 6); remove or move one of these references",
	}},
	{"parameter default breaks its pattern", "Parameters:\n  Name:\n    Type: String\n    Default: my_app\n    AllowedPattern: \"^[a-z-]+$\"\n" + strings.TrimPrefix(tmpl("  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Ref Name\n"), "AWSTemplateFormatVersion: \"2010-09-09\"\n"), []string{
		`t.yaml:4:14: error E2015 Parameters/Name/Default: Default "my_app" does not match AllowedPattern ^[a-z-]+$`,
	}},
	{"bad parameter type", "Parameters:\n  N:\n    Type: Strin\nResources:\n  B:\n    Type: AWS::S3::Bucket\n", []string{
		"t.yaml:2:3: warning W2001 Parameters/N: parameter N is never used: no Ref or Fn::Sub names it; use it or remove it",
		`t.yaml:3:11: error E2001 Parameters/N/Type: parameter Type "Strin" is not a CloudFormation parameter type (String, Number, List<Number>, CommaDelimitedList, AWS-specific or SSM types)`,
	}},
	{"output without value", tmpl("  B:\n    Type: AWS::S3::Bucket\n") + "Outputs:\n  O:\n    Description: x\n", []string{
		"t.yaml:7:5: error E6001 Outputs/O: the output has no Value",
	}},
	{"inline buildspec", tmpl("  P:\n    Type: AWS::CodeBuild::Project\n    Properties:\n      ServiceRole: r\n      Artifacts: {Type: NO_ARTIFACTS}\n      Environment: {Type: LINUX_CONTAINER, Image: i, ComputeType: BUILD_GENERAL1_SMALL}\n      Source:\n        Type: NO_SOURCE\n        BuildSpec: |\n          version: 0.2\n          phases:\n            build:\n              comands: [make]\n"), []string{
		"t.yaml:14:13: error E3100 Resources/P/Properties/Source/BuildSpec/phases/build: missing required property commands",
		"t.yaml:15:15: error E3100 Resources/P/Properties/Source/BuildSpec/phases/build/comands: unknown property comands",
	}},
}

func TestValidateFindings(t *testing.T) {
	// Security warnings have their own table (rules_security_test.go).
	runFilteredCases(t, validateCases, func(f Finding) bool { return !strings.HasPrefix(f.Rule, "W9") })
}

func TestCheckRecognizesBuildspecs(t *testing.T) {
	v := NewValidator()
	good := "version: 0.2\nphases:\n  build:\n    commands: [make]\n"
	if f := v.Check("buildspec.yml", []byte(good)); len(f) != 0 {
		t.Fatalf("a valid buildspec has findings: %v", f)
	}
	bad := "version: 0.2\nphases:\n  biuld:\n    commands: [make]\n"
	f := v.Check("buildspec.yml", []byte(bad))
	if len(f) == 0 || f[0].Rule != rules.Buildspec.ID {
		t.Fatalf("want a buildspec finding, got %v", f)
	}
}

func TestAttributesBeyondReadOnlyProperties(t *testing.T) {
	src := tmpl(`  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  Net:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://example.com/net.yaml
  Sub:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 2, 8]]
      AvailabilityZone: !GetAtt Net.Outputs.Zone
      Tags:
        - Key: k
          Value: !GetAtt Vpc.CidrBlck
`)
	var got []string
	for _, f := range NewValidator().Check("t.yaml", []byte(src)) {
		if f.Severity == Error {
			got = append(got, f.Rule+" "+f.Path)
		}
	}
	want := []string{"E1010 Resources/Sub/Properties/Tags/0/Value/Fn::GetAtt"} // only the typo
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got %v, want %v", got, want)
	}
}

// TestPatternsNeedingLookarounds: AWS::Amplify::App tag keys may not start
// with aws: — a pattern only regexp2 can run, checked lazily as a format.
func TestPatternsNeedingLookarounds(t *testing.T) {
	src := tmpl("  A:\n    Type: AWS::Amplify::App\n    Properties:\n      Name: app\n      Tags:\n        - {Key: aws:reserved, Value: v}\n        - {Key: team, Value: v}\n")
	var got []string
	for _, f := range NewValidator().Check("t.yaml", []byte(src)) {
		got = append(got, f.String())
	}
	want := []string{`t.yaml:8:17: error E3031 Resources/A/Properties/Tags/0/Key: "aws:reserved" does not match the pattern ^(?!aws:)[a-zA-Z+-=._:/]+$`}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestManyLongRefsAreCheap: 2,000 Refs (one alias) to a 4,000-character
// name that is not declared. Each finding's did-you-mean compared the name
// with every declared one at a cost of their lengths' product: seconds for
// what cannot be a suggestion, as no name is within a third of its length.
func TestManyLongRefsAreCheap(t *testing.T) {
	src := tmpl("  B:\n    Type: AWS::SNS::Topic\n    Metadata:\n      x: &a \"" + strings.Repeat("A", 4000) + "\"\n      l: [" +
		strings.TrimSuffix(strings.Repeat("{Ref: *a}, ", 2000), ", ") + "]\n")
	start := time.Now()
	got := NewValidator().Check("t.yaml", []byte(src))
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("took %v", took)
	}
	if len(got) != 2000 || strings.Contains(got[0].Message, "did you mean") {
		t.Errorf("want 2,000 E1012 findings without a suggestion, got %d: %.300s", len(got), got[0].Message)
	}
}
