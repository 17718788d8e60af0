package resources_test

import (
	"testing"

	"github.com/pipegen/pipegen/schema/internal/casetest"
	"github.com/pipegen/pipegen/schema/internal/rulecase"
)

// TestTemplatesThatDeploy: shapes CloudFormation accepts, each of which
// pipegen once refused (issue 12); the mistakes beside them are still
// found.
func TestTemplatesThatDeploy(t *testing.T) {
	rulecase.Run(t, []casetest.Case{
		{"Properties behind Fn::If, each branch checked", `Parameters:
  Name:
    Type: String
    Default: ""
Conditions:
  HasName: !Not [!Equals [!Ref Name, ""]]
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties: !If
      - HasName
      - {BucketName: !Ref Name, VersioningConfiguration: {Status: Enabled}}
      - !Ref AWS::NoValue
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      Fn::If: [HasName, {TopicName: !Ref Name}, {DisplayNme: x}]
`, []string{
			"t.yaml:8:3: warning W9004 Resources/Bucket: bucket Bucket does not set BlockPublicAcls, BlockPublicPolicy, IgnorePublicAcls, RestrictPublicBuckets to true in PublicAccessBlockConfiguration",
			"t.yaml:8:3: warning W9005 Resources/Bucket: bucket Bucket has no AWS::S3::BucketPolicy denying requests without TLS (Deny with Condition Bool aws:SecureTransport false)",
			"t.yaml:17:50: error E3002 Resources/Topic/Properties/Fn::If/2/DisplayNme: unknown property DisplayNme (did you mean DisplayName?)",
		}},
		{"dynamic references are resolved before any pattern, enum or length", casetest.Tmpl(`  Group:
    Type: AWS::Logs::LogGroup
    Properties:
      RetentionInDays: "{{resolve:ssm:/logs/retention}}"
      LogGroupName: "{{resolve:ssm:/logs/name:2}}"
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      DBInstanceClass: db.t3.micro
      Engine: "{{resolve:ssm:/db/engine}}"
      AllocatedStorage: "20"
      MasterUsername: "{{resolve:secretsmanager:db:SecretString:username}}"
      MasterUserPassword: "{{resolve:secretsmanager:db:SecretString:password}}"
`), nil},
		{"numbers written as strings for an enum of numbers", casetest.Tmpl(`  Group:
    Type: AWS::Logs::LogGroup
    Properties:
      RetentionInDays: '90'
  Other:
    Type: AWS::Logs::LogGroup
    Properties:
      RetentionInDays: '91'
`), []string{
			`t.yaml:10:24: error E3030 Resources/Other/Properties/RetentionInDays: "91" is not one of the allowed values: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653`,
		}},
		{"local code for aws cloudformation package is a warning (W3002)", casetest.Tmpl(`  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Code: ./src
      Handler: app.handler
      Runtime: python3.13
      Role: arn:aws:iam::123456789012:role/r
  Layer:
    Type: AWS::Lambda::LayerVersion
    Properties:
      Content: s3://bucket/layer.zip
  Nested:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://bucket.s3.amazonaws.com/nested.yaml
  Local:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: nested/stack.yaml
`), []string{
			"t.yaml:6:13: warning W3002 Resources/Fn/Properties/Code: Code \"./src\" is a local path or S3 URI that only `aws cloudformation package` (or `sam package`) turns into what CloudFormation takes; package the template, and deploy what it writes",
			"t.yaml:9:13: warning W9006 Resources/Fn/Properties/Role: \"arn:aws:iam::123456789012:role/r\" names the partition literally; write arn:${AWS::Partition}:... (with !Sub) so the template works in every partition",
			"t.yaml:13:16: warning W3002 Resources/Layer/Properties/Content: Content \"s3://bucket/layer.zip\" is a local path or S3 URI that only `aws cloudformation package` (or `sam package`) turns into what CloudFormation takes; package the template, and deploy what it writes",
			"t.yaml:21:20: warning W3002 Resources/Local/Properties/TemplateURL: TemplateURL \"nested/stack.yaml\" is a local path or S3 URI that only `aws cloudformation package` (or `sam package`) turns into what CloudFormation takes; package the template, and deploy what it writes",
		}},
		{"modules, what they name, and AWS::CDK::Metadata", casetest.Tmpl(`  Storage:
    Type: My::Org::Bucket::MODULE
    Properties:
      Name: data
  Reader:
    Type: AWS::SNS::Topic
    DependsOn: StorageBucket
    Properties:
      TopicName: !Ref StorageBucket
  CDKMetadata:
    Type: AWS::CDK::Metadata
    Properties:
      Analytics: v2:deflate64:abc
  Wrong:
    Type: My::Org::Bucket::MODUL
`), []string{
			"t.yaml:17:11: error E3006 Resources/Wrong/Type: unknown resource type My::Org::Bucket::MODUL",
		}},
	})
}
