package casetest

import "strings"

// Validate are templates with every finding they must give (the rules' tests
// check them); the fuzz targets use them as seeds too.
var Validate = []Case{
	{"valid bucket", Tmpl("  B:\n    Type: AWS::S3::Bucket\n"), nil},
	{"intrinsics stand for values", Tmpl(`  B:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "${AWS::StackName}-b"
      VersioningConfiguration: !If [C, {Status: Enabled}, !Ref AWS::NoValue]
      Tags:
        - !Ref AWS::NoValue
`) + "Conditions:\n  C: !Equals [!Ref AWS::Region, us-east-1]\n", nil},
	{"numbers and strings coerce", Tmpl(`  P:
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
	{"bad logical id", Tmpl("  my-bucket:\n    Type: AWS::S3::Bucket\n"), []string{
		`t.yaml:3:3: error E1001 Resources/my-bucket: logical id "my-bucket" must contain only letters and digits`,
	}},
	{"missing type", Tmpl("  B:\n    Properties: {}\n"), []string{"t.yaml:4:5: error E3001 Resources/B: the resource has no Type (a string such as AWS::S3::Bucket)"}},
	{"unknown type with suggestion", Tmpl("  B:\n    Type: AWS::S3::Buckt\n"), []string{
		"t.yaml:4:11: error E3006 Resources/B/Type: unknown resource type AWS::S3::Buckt (did you mean AWS::S3::Bucket?)",
	}},
	{"type names are case-sensitive", Tmpl("  B:\n    Type: AWS::S3::bucket\n"), []string{
		"t.yaml:4:11: error E3006 Resources/B/Type: unknown resource type AWS::S3::bucket (did you mean AWS::S3::Bucket?)",
	}},
	{"custom resources are not schema-checked", Tmpl("  C:\n    Type: Custom::Thing\n    Properties:\n      ServiceToken: arn\n      Anything: 1\n"), nil},
	{"unknown resource attribute", Tmpl("  B:\n    Type: AWS::S3::Bucket\n    DependOn: X\n"), []string{
		"t.yaml:5:5: error E3001 Resources/B/DependOn: unknown resource attribute (did you mean DependsOn?); expected one of Type, Properties, DependsOn, Condition, Metadata, DeletionPolicy, UpdateReplacePolicy, CreationPolicy, UpdatePolicy, Version",
	}},
	{"unknown property with suggestion", Tmpl("  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketNam: x\n"), []string{
		"t.yaml:6:7: error E3002 Resources/B/Properties/BucketNam: unknown property BucketNam (did you mean BucketName?)",
	}},
	{"nested unknown property", Tmpl("  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      VersioningConfiguration:\n        Statu: Enabled\n"), []string{
		"t.yaml:6:7: error E3003 Resources/B/Properties/VersioningConfiguration: missing required property Status",
		"t.yaml:7:9: error E3002 Resources/B/Properties/VersioningConfiguration/Statu: unknown property Statu",
	}},
	{"enum", Tmpl("  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      VersioningConfiguration:\n        Status: On\n"), []string{
		`t.yaml:7:17: error E3030 Resources/B/Properties/VersioningConfiguration/Status: "On" is not one of the allowed values: "Enabled", "Suspended"`,
	}},
	{"wrong type", Tmpl("  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags: {Key: a, Value: b}\n"), []string{
		"t.yaml:6:7: error E3012 Resources/B/Properties/Tags: expected array, got object",
	}},
	{"required property", Tmpl("  R:\n    Type: AWS::IAM::Role\n"), []string{
		"t.yaml:3:3: error E3003 Resources/R/Properties: missing required property AssumeRolePolicyDocument",
	}},
	{"read-only property", Tmpl("  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      Arn: x\n"), []string{
		"t.yaml:6:7: error E3040 Resources/B/Properties/Arn: Arn is read-only: AWS sets it, a template cannot (read it with !GetAtt instead)",
	}},
	{"ref to nothing", Tmpl("  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Ref Nme\n"), []string{
		"t.yaml:6:19: error E1020 Resources/B/Properties/BucketName/Ref: Ref to Nme, which is not a parameter, resource or pseudo parameter",
	}},
	{"getatt unknown attribute", Tmpl("  B:\n    Type: AWS::S3::Bucket\n  C:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !GetAtt B.Arm\n"), []string{
		"t.yaml:8:19: error E1010 Resources/C/Properties/BucketName/Fn::GetAtt: B (AWS::S3::Bucket) has no attribute Arm (did you mean Arn?); it has Arn, DomainName, DualStackDomainName, MetadataTableConfiguration.S3TablesDestination.TableArn, MetadataTableConfiguration.S3TablesDestination.TableNamespace, RegionalDomainName, WebsiteURL",
	}},
	{"getatt unknown resource", Tmpl("  C:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !GetAtt [X, Arn]\n"), []string{
		"t.yaml:6:19: error E1010 Resources/C/Properties/BucketName/Fn::GetAtt: Fn::GetAtt names X, which is not a resource",
	}},
	{"sub variables", Tmpl("  C:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub \"${AWS::Region}-${Missing}-${!Literal}-${C.Arn}-${x}\"\n      Tags:\n        - Key: !Sub [\"${x}\", {x: 1}]\n          Value: v\n"), []string{
		"t.yaml:6:19: error E1019 Resources/C/Properties/BucketName/Fn::Sub: ${Missing} is not a parameter, resource, pseudo parameter or Fn::Sub variable",
		"t.yaml:6:19: error E1019 Resources/C/Properties/BucketName/Fn::Sub: ${x} is not a parameter, resource, pseudo parameter or Fn::Sub variable",
		"t.yaml:6:19: error E3004 Resources/C/Properties/BucketName/Fn::Sub: circular dependency C -> C: each resource must be created before the next, which is impossible; C refers to C (Fn::Sub, line 6); remove or move one of these references",
	}},
	{"parameter default breaks its pattern", "Parameters:\n  Name:\n    Type: String\n    Default: my_app\n    AllowedPattern: \"^[a-z-]+$\"\n" + strings.TrimPrefix(Tmpl("  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Ref Name\n"), "AWSTemplateFormatVersion: \"2010-09-09\"\n"), []string{
		`t.yaml:4:14: error E2015 Parameters/Name/Default: Default "my_app" does not match AllowedPattern ^[a-z-]+$`,
	}},
	{"bad parameter type", "Parameters:\n  N:\n    Type: Strin\nResources:\n  B:\n    Type: AWS::S3::Bucket\n", []string{
		"t.yaml:2:3: warning W2001 Parameters/N: parameter N is never used: no Ref or Fn::Sub names it; use it or remove it",
		`t.yaml:3:11: error E2001 Parameters/N/Type: parameter Type "Strin" is not a CloudFormation parameter type (String, Number, List<Number>, CommaDelimitedList, AWS-specific or SSM types)`,
	}},
	{"output without value", Tmpl("  B:\n    Type: AWS::S3::Bucket\n") + "Outputs:\n  O:\n    Description: x\n", []string{
		"t.yaml:7:5: error E6001 Outputs/O: the output has no Value",
	}},
	{"inline buildspec", Tmpl("  P:\n    Type: AWS::CodeBuild::Project\n    Properties:\n      ServiceRole: r\n      Artifacts: {Type: NO_ARTIFACTS}\n      Environment: {Type: LINUX_CONTAINER, Image: i, ComputeType: BUILD_GENERAL1_SMALL}\n      Source:\n        Type: NO_SOURCE\n        BuildSpec: |\n          version: 0.2\n          phases:\n            build:\n              comands: [make]\n"), []string{
		"t.yaml:14:13: error E3100 Resources/P/Properties/Source/BuildSpec/phases/build: missing required property commands",
		"t.yaml:15:15: error E3100 Resources/P/Properties/Source/BuildSpec/phases/build/comands: unknown property comands",
	}},
}
