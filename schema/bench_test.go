package schema

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/pipegen/pipegen/schema/cfn"
	"github.com/pipegen/pipegen/schema/registry"
)

// benchPipeline is the generated pipeline every benchmark but one measures.
const benchPipeline = "../testdata/golden/default/pipeline.yml"

func readBenchPipeline(b *testing.B) []byte {
	b.Helper()
	data, err := os.ReadFile(benchPipeline)
	if err != nil {
		b.Skipf("golden pipeline not available: %v", err)
	}
	return data
}

// mustBeValid stops a benchmark whose input has errors: it would measure the
// error path rather than a full validation.
func mustBeValid(b *testing.B, findings []Finding) {
	b.Helper()
	if HasErrors(findings) {
		b.Fatalf("the benchmark input has errors:\n%s", strings.Join(findingStrings(findings), "\n"))
	}
}

// BenchmarkValidateGeneratedPipeline measures a check with every schema the
// pipeline uses already compiled (a long-lived process, or the second file).
func BenchmarkValidateGeneratedPipeline(b *testing.B) {
	data := readBenchPipeline(b)
	v := NewValidator()
	mustBeValid(b, v.Check("pipeline.yml", data)) // warm-up: compiles the schemas
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		v.Check("pipeline.yml", data)
	}
}

// BenchmarkValidateGeneratedPipelineCold measures what a single CLI run pays:
// a fresh registry per iteration, so every schema the pipeline uses is read
// and compiled again.
func BenchmarkValidateGeneratedPipelineCold(b *testing.B) {
	data := readBenchPipeline(b)
	mustBeValid(b, NewValidator().Check("pipeline.yml", data))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		v := &Validator{Registry: registry.NewArchive(cfn.Files, cfn.Index)}
		v.Check("pipeline.yml", data)
	}
}

// BenchmarkValidate200Resources measures a large hand-written template: 50
// groups of an S3 bucket, an SNS topic, a log group and an IAM role, tied
// together with Ref, Fn::GetAtt and Fn::Sub.
func BenchmarkValidate200Resources(b *testing.B) {
	data := []byte(template200Resources())
	v := NewValidator()
	mustBeValid(b, v.Check("big.yaml", data))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		v.Check("big.yaml", data)
	}
}

// BenchmarkParse measures parsing alone: YAML nodes to values with positions.
func BenchmarkParse(b *testing.B) {
	data := readBenchPipeline(b)
	if _, findings := Parse("pipeline.yml", data); findings != nil {
		b.Fatal(findings)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Parse("pipeline.yml", data)
	}
}

// template200Resources writes a valid template with 200 resources of the
// vendored types.
func template200Resources() string {
	const groups = 50
	var sb strings.Builder
	sb.WriteString(`AWSTemplateFormatVersion: "2010-09-09"
Description: 200 resources for the validation benchmark
Parameters:
  AppName:
    Type: String
    Default: bench
    AllowedPattern: "^[a-z][a-z0-9-]*$"
    MaxLength: 40
Resources:
`)
	for i := range groups {
		logging := ""
		if i > 0 {
			logging = fmt.Sprintf(`      LoggingConfiguration:
        DestinationBucketName: !Ref Bucket%d
        LogFilePrefix: "bucket%d/"
`, i-1, i)
		}
		fmt.Fprintf(&sb, `  Bucket%[1]d:
    Type: AWS::S3::Bucket
    DeletionPolicy: Retain
    UpdateReplacePolicy: Retain
    DependsOn: [Topic%[1]d, Logs%[1]d]
    Properties:
      BucketName: !Sub "${AppName}-${AWS::AccountId}-${AWS::Region}-data-%[1]d"
      VersioningConfiguration:
        Status: Enabled
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: AES256
      PublicAccessBlockConfiguration:
        BlockPublicAcls: true
        BlockPublicPolicy: true
        IgnorePublicAcls: true
        RestrictPublicBuckets: true
%[2]s      NotificationConfiguration:
        TopicConfigurations:
          - Event: "s3:ObjectCreated:*"
            Topic: !Ref Topic%[1]d
      LifecycleConfiguration:
        Rules:
          - Id: expire
            Status: Enabled
            ExpirationInDays: 365
            NoncurrentVersionExpiration:
              NoncurrentDays: 30
      Tags:
        - Key: app
          Value: !Ref AppName
        - Key: group
          Value: "%[1]d"
  Topic%[1]d:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !Sub "${AppName}-events-%[1]d"
      DisplayName: !Join ["-", [!Ref AppName, events, "%[1]d"]]
      KmsMasterKeyId: alias/aws/sns
      Tags:
        - Key: app
          Value: !Ref AppName
  Logs%[1]d:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Sub "/${AppName}/group-%[1]d"
      RetentionInDays: 30
      Tags:
        - Key: app
          Value: !Ref AppName
  Role%[1]d:
    Type: AWS::IAM::Role
    Properties:
      Description: !Sub "Role of group %[1]d in ${AWS::StackName}"
      Path: /
      MaxSessionDuration: 3600
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action: sts:AssumeRole
      Policies:
        - PolicyName: data
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: [s3:GetObject, s3:PutObject]
                Resource: !Sub "${Bucket%[1]d.Arn}/*"
              - Effect: Allow
                Action: sns:Publish
                Resource: !Ref Topic%[1]d
              - Effect: Allow
                Action: [logs:CreateLogStream, logs:PutLogEvents]
                Resource: !GetAtt Logs%[1]d.Arn
      Tags:
        - Key: app
          Value: !Ref AppName
`, i, logging)
	}
	sb.WriteString("Outputs:\n")
	for i := 0; i < groups; i += 10 {
		fmt.Fprintf(&sb, `  Bucket%[1]dArn:
    Value: !GetAtt [Bucket%[1]d, Arn]
    Export:
      Name: !Sub "${AWS::StackName}-bucket-%[1]d"
  Role%[1]dArn:
    Value: !GetAtt Role%[1]d.Arn
`, i)
	}
	return sb.String()
}
