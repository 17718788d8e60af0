package resources_test

import (
	"strings"
	"testing"

	"github.com/pipegen/pipegen/schema"
	"github.com/pipegen/pipegen/schema/internal/casetest"
	"github.com/pipegen/pipegen/schema/internal/rulecase"
)

// constraintRules keeps the errors and W9030: the constraints pass's
// (schema/constraints); the security warnings of the buckets below are
// another test's.
func constraintRules(f schema.Finding) bool {
	return f.Severity == schema.Error || f.Rule == "W9030"
}

// TestAWSConstraints: one small template per kind of constraint the
// registry schemas lack, with its exact findings, and one with valid
// values of each that gives none.
func TestAWSConstraints(t *testing.T) {
	rulecase.Filtered(t, []casetest.Case{
		{"CodeCommit repository name with spaces (hand-written, the CodeCommit quotas)", casetest.Tmpl(`  R:
    Type: AWS::CodeCommit::Repository
    Properties: {RepositoryName: my repo with spaces}
  G:
    Type: AWS::CodeCommit::Repository
    Properties: {RepositoryName: app.git}
`), []string{
			"t.yaml:5:34: error E3031 Resources/R/Properties/RepositoryName: \"my repo with spaces\" does not match ^(?!.*\\.git$)[\\w.-]+$, the pattern AWS enforces (AWS CodeCommit User Guide, Quotas, https://docs.aws.amazon.com/codecommit/latest/userguide/limits.html)",
			"t.yaml:8:34: error E3031 Resources/G/Properties/RepositoryName: \"app.git\" does not match ^(?!.*\\.git$)[\\w.-]+$, the pattern AWS enforces (AWS CodeCommit User Guide, Quotas, https://docs.aws.amazon.com/codecommit/latest/userguide/limits.html)",
		}},
		{"S3 bucket names (format E1161)", casetest.Tmpl(`  A:
    Type: AWS::S3::Bucket
    Properties: {BucketName: A_b}
  B:
    Type: AWS::S3::Bucket
    Properties: {BucketName: "1"}
`), []string{
			"t.yaml:5:30: error E1161 Resources/A/Properties/BucketName: \"A_b\" is not an S3 bucket name (3 to 63 lower-case letters, digits, dots and hyphens, beginning and ending with a letter or digit, no two dots side by side)",
			"t.yaml:8:30: error E1161 Resources/B/Properties/BucketName: \"1\" is not an S3 bucket name (3 to 63 lower-case letters, digits, dots and hyphens, beginning and ending with a letter or digit, no two dots side by side)",
		}},
		{"SNS topic name (hand-written, the SNS API reference)", casetest.Tmpl(`  T:
    Type: AWS::SNS::Topic
    Properties: {TopicName: "orders!"}
`), []string{
			"t.yaml:5:29: error E3031 Resources/T/Properties/TopicName: \"orders!\" does not match ^(?:[A-Za-z0-9_-]{1,256}|[A-Za-z0-9_-]{1,251}\\.fifo)$, the pattern AWS enforces (Amazon SNS API Reference, CreateTopic, Name, https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html)",
		}},
		{"VPC and security group ids (formats E1151, E1150)", casetest.Tmpl(`  SG:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: web, VpcId: vpc-xyz}
  In:
    Type: AWS::EC2::SecurityGroupIngress
    Properties: {GroupId: sg-web, IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8}
`), []string{
			"t.yaml:5:48: error E1151 Resources/SG/Properties/VpcId: \"vpc-xyz\" is not a VPC id (vpc- and 8 or 17 hexadecimal digits)",
			"t.yaml:8:27: error E1150 Resources/In/Properties/GroupId: \"sg-web\" is not a security group id (sg- and 8 or 17 hexadecimal digits)",
		}},
		{"KMS key: an id, an ARN or an alias, not a bare alias (E1162)", casetest.Tmpl(`  T:
    Type: AWS::SNS::Topic
    Properties: {KmsMasterKeyId: aws/sns}
`), []string{
			"t.yaml:5:34: error E1162 Resources/T/Properties/KmsMasterKeyId: \"aws/sns\" is not a KMS key or alias ARN (arn:PARTITION:kms:REGION:ACCOUNT:key/ID or alias/NAME), nor a KMS key id (a UUID, mrk- and 32 hexadecimal digits, or alias/NAME), nor a KMS alias name (alias/ and letters, digits and :/_-)",
		}},
		{"exclusive and dependent properties (E3020, E3021)", casetest.Tmpl(`  Alarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      ComparisonOperator: GreaterThanThreshold
      EvaluationPeriods: 1
      Threshold: 1
      MetricName: Errors
      Namespace: AWS/Lambda
      Period: 60
      Statistic: Sum
      ExtendedStatistic: p99
  CDN:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        DefaultCacheBehavior: {TargetOriginId: o, ViewerProtocolPolicy: allow-all}
        Origins: [{Id: o, DomainName: example.com, CustomOriginConfig: {OriginProtocolPolicy: https-only}}]
        CustomErrorResponses: [{ErrorCode: 404, ResponseCode: 200}]
`), []string{
			"t.yaml:12:7: error E3020 Resources/Alarm/Properties/Statistic: Statistic cannot be set with ExtendedStatistic (Amazon CloudWatch API Reference, PutMetricAlarm, https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html)",
			"t.yaml:13:7: error E3020 Resources/Alarm/Properties/ExtendedStatistic: ExtendedStatistic cannot be set with Statistic (Amazon CloudWatch API Reference, PutMetricAlarm, https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html)",
			"t.yaml:21:49: error E3021 Resources/CDN/Properties/DistributionConfig/CustomErrorResponses/0/ResponseCode: ResponseCode needs ResponsePagePath (AWS CloudFormation template reference, AWS::CloudFront::Distribution CustomErrorResponse, ResponseCode, https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cloudfront-distribution-customerrorresponse.html)",
		}},
		{"API model: a pattern, allowed values, lengths and ranges (E3031, W9030, E3033, E3034)", casetest.Tmpl(`  Rule:
    Type: AWS::Events::Rule
    Properties:
      Name: nightly build
      Description: ` + strings.Repeat("d", 513) + `
      ScheduleExpression: rate(1 day)
      Targets:
        - Id: t
          Arn: arn:aws:ecs:us-east-1:123456789012:cluster/c
          EcsParameters: {TaskDefinitionArn: arn:aws:ecs:us-east-1:123456789012:task-definition/t, LaunchType: SPOT, TaskCount: 0}
`), []string{
			"t.yaml:6:13: error E3031 Resources/Rule/Properties/Name: \"nightly build\" does not match ^(?s:[\\.\\-_A-Za-z0-9]+)$, the pattern AWS enforces (AWS API model events PutRuleRequest.Name)",
			"t.yaml:7:20: error E3033 Resources/Rule/Properties/Description: 513 characters, more than the 512 AWS allows (AWS API model events PutRuleRequest.Description)",
			"t.yaml:12:112: warning W9030 Resources/Rule/Properties/Targets/0/EcsParameters/LaunchType: \"SPOT\" is not one of the values AWS's API models (botocore 1.37.9, March 2025) list: EC2, EXTERNAL, FARGATE (AWS API model events PutTargetsRequest.Targets[].EcsParameters.LaunchType); a value AWS added since is valid",
			"t.yaml:12:129: error E3034 Resources/Rule/Properties/Targets/0/EcsParameters/TaskCount: 0 (a number) is less than 1, the least AWS allows (AWS API model events PutTargetsRequest.Targets[].EcsParameters.TaskCount)",
		}},
		{"both branches of an Fn::If are checked (review of issue 12)", casetest.Tmpl(`  Rule:
    Type: AWS::Events::Rule
    Properties:
      Name: !If [IsProd, nightly build, nightly-build]
      ScheduleExpression: rate(1 day)
`) + "Conditions:\n  IsProd: !Equals [!Ref AWS::Region, us-east-1]\n", []string{
			"t.yaml:6:26: error E3031 Resources/Rule/Properties/Name/Fn::If/1: \"nightly build\" does not match ^(?s:[\\.\\-_A-Za-z0-9]+)$, the pattern AWS enforces (AWS API model events PutRuleRequest.Name)",
		}},
		{"allowed values that AWS takes in any case (review of issue 12)", casetest.Tmpl(`  A:
    Type: AWS::Batch::ComputeEnvironment
    Properties: {Type: managed}
  B:
    Type: AWS::Batch::ComputeEnvironment
    Properties: {Type: MANAGED}
  C:
    Type: AWS::Batch::ComputeEnvironment
    Properties: {Type: Managd}
`), []string{
			"t.yaml:11:24: warning W9030 Resources/C/Properties/Type: \"Managd\" is not one of the values AWS's API models (botocore 1.37.9, March 2025) list: managed, unmanaged (AWS API model batch CreateComputeEnvironmentRequest.type); a value AWS added since is valid",
		}},
		{"newer than the models: a line break where the model's pattern has a dot, a layer's new runtime (review of issue 12)", casetest.Tmpl(`  S:
    Type: AWS::Glue::Schema
    Properties:
      Name: orders
      DataFormat: AVRO
      Compatibility: BACKWARD
      Registry: {Name: r}
      SchemaDefinition: |
        {"type": "record", "name": "Order",
         "fields": [{"name": "id", "type": "string"}]}
  L:
    Type: AWS::Lambda::LayerVersion
    Properties:
      Content: {S3Bucket: my-layers, S3Key: k}
      CompatibleRuntimes: [python3.14, nodejs24.x]
`), nil},
		{"valid values of every kind pass; functions and dynamic references are not judged", casetest.Tmpl(`  R:
    Type: AWS::CodeCommit::Repository
    Properties: {RepositoryName: my-repo.v2_x}
  B:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "${AWS::StackName}-logs"
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault: {SSEAlgorithm: "aws:kms", KMSMasterKeyID: alias/aws/s3}
  B2:
    Type: AWS::S3::Bucket
    Properties: {BucketName: my.bucket-01}
  T:
    Type: AWS::SNS::Topic
    Properties: {TopicName: orders.fifo, FifoTopic: true, KmsMasterKeyId: 1234abcd-12ab-34cd-56ef-1234567890ab}
  T2:
    Type: AWS::SNS::Topic
    Properties: {TopicName: "{{resolve:ssm:topic-name}}", KmsMasterKeyId: !Ref Key}
  Key:
    Type: AWS::KMS::Key
    Properties: {KeyPolicy: {}}
  SG:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: web, VpcId: vpc-0123456789abcdef0}
  In:
    Type: AWS::EC2::SecurityGroupIngress
    Properties: {GroupId: sg-01234567, IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8}
  Alarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      ComparisonOperator: GreaterThanThreshold
      EvaluationPeriods: 1
      Threshold: 1
      MetricName: Errors
      Namespace: AWS/Lambda
      Period: 60
      Statistic: Sum
      ExtendedStatistic: !Ref AWS::NoValue
  Role:
    Type: AWS::IAM::Role
    Properties: {AssumeRolePolicyDocument: {}, RoleName: deploy+role=a@b.c}
  LT:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData: {ImageId: "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"}
  Instance:
    Type: AWS::EC2::Instance
    Properties: {ImageId: "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"}
  Unnamed:
    Type: AWS::S3::Bucket
    Properties: {BucketName: ""}
`), nil},
		{"the exceptions hold only for what AWS takes", casetest.Tmpl(`  I:
    Type: AWS::EC2::Instance
    Properties: {ImageId: "ssm:/aws/service/ami"}
  B:
    Type: AWS::S3::Bucket
    Properties: {Tags: [{Key: k, Value: ""}], BucketName: my-bucket}
  D:
    Type: AWS::S3::Bucket
    DependsOn: B
    Properties: {BucketName: "-"}
`), []string{
			"t.yaml:5:27: error E1152 Resources/I/Properties/ImageId: \"ssm:/aws/service/ami\" is not an AMI id (ami- and 8 or 17 letters or digits)",
			"t.yaml:12:30: error E1161 Resources/D/Properties/BucketName: \"-\" is not an S3 bucket name (3 to 63 lower-case letters, digits, dots and hyphens, beginning and ending with a letter or digit, no two dots side by side)",
		}},
	}, constraintRules)
}
