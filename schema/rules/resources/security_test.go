package resources_test

import (
	"strings"
	"testing"

	"github.com/pipegen/pipegen/schema"
	"github.com/pipegen/pipegen/schema/internal/casetest"
	"github.com/pipegen/pipegen/schema/internal/rulecase"
)

func TestSecurityRules(t *testing.T) {
	role := func(statement string) string {
		return casetest.Tmpl("  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {}\n      Policies:\n        - PolicyName: p\n          PolicyDocument:\n            Statement:\n" + statement)
	}
	safeBucket := `  B:
    Type: AWS::S3::Bucket
    Properties:
      PublicAccessBlockConfiguration: {BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true}
  P:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref B
      PolicyDocument:
        Statement:
          - {Effect: Deny, Principal: "*", Action: "s3:*", Resource: "*", Condition: {Bool: {"aws:SecureTransport": "false"}}}
`
	tests := []casetest.Case{
		{"scoped statement", role("              - {Effect: Allow, Action: s3:GetObject, Resource: !Sub \"arn:${AWS::Partition}:s3:::b/*\"}\n"), nil},
		{"read action on every resource", role("              - {Effect: Allow, Action: [ec2:DescribeVpcs, s3:ListAllMyBuckets], Resource: \"*\"}\n"), nil},
		{"deny statements are not checked", role("              - {Effect: Deny, Action: \"*\", Resource: \"*\"}\n"), nil},
		{"every action", role("              - {Effect: Allow, Action: \"*\", Resource: !Sub \"arn:${AWS::Partition}:s3:::b\"}\n"), []string{
			`t.yaml:11:41: warning W9001 Resources/R/Properties/Policies/0/PolicyDocument/Statement/0/Action: Action "*" allows every action of every service; list the actions the role needs`,
		}},
		{"service wildcard", role("              - {Effect: Allow, Action: [\"s3:*\"], Resource: !Sub \"arn:${AWS::Partition}:s3:::b\"}\n"), []string{
			`t.yaml:11:41: warning W9001 Resources/R/Properties/Policies/0/PolicyDocument/Statement/0/Action: Action "s3:*" allows every action of s3; list the actions the role needs`,
		}},
		{"pass any role", role("              - {Effect: Allow, Action: iam:PassRole, Resource: \"*\"}\n"), []string{
			`t.yaml:11:65: warning W9002 Resources/R/Properties/Policies/0/PolicyDocument/Statement/0/Resource: iam:PassRole on Resource "*" lets the role hand any role to a service (privilege escalation); name the roles it passes`,
		}},
		{"write on every resource", role("              - {Effect: Allow, Action: lambda:UpdateFunctionCode, Resource: \"*\"}\n"), []string{
			`t.yaml:11:78: warning W9003 Resources/R/Properties/Policies/0/PolicyDocument/Statement/0/Resource: lambda:UpdateFunctionCode is allowed on Resource "*"; name the resources (ARNs with ${AWS::Partition}) where the service supports it`,
		}},
		{"write actions that take no resource", role("              - {Effect: Allow, Action: [lambda:CreateEventSourceMapping, xray:PutTraceSegments], Resource: \"*\"}\n"), nil},
		{"a read named like a write", role("              - {Effect: Allow, Action: sqs:ReceiveMessage, Resource: \"*\"}\n"), nil},
		{"a condition does not name the resources", role("              - {Effect: Allow, Action: s3:DeleteObject, Resource: \"*\", Condition: {StringEquals: {\"s3:x-amz-server-side-encryption\": AES256}}}\n"), []string{
			`t.yaml:11:68: warning W9003 Resources/R/Properties/Policies/0/PolicyDocument/Statement/0/Resource: s3:DeleteObject is allowed on Resource "*"; name the resources (ARNs with ${AWS::Partition}) where the service supports it`,
		}},
		{"an unknown service's write is flagged by its name", role("              - {Effect: Allow, Action: cloudfront:UpdateDistribution, Resource: \"*\"}\n"), []string{
			`t.yaml:11:82: warning W9003 Resources/R/Properties/Policies/0/PolicyDocument/Statement/0/Resource: cloudfront:UpdateDistribution is allowed on Resource "*"; name the resources (ARNs with ${AWS::Partition}) where the service supports it`,
		}},
		{"pass any role to one service is still any role", role("              - {Effect: Allow, Action: iam:PassRole, Resource: \"*\", Condition: {StringEquals: {\"iam:PassedToService\": lambda.amazonaws.com}}}\n"), []string{
			`t.yaml:11:65: warning W9002 Resources/R/Properties/Policies/0/PolicyDocument/Statement/0/Resource: iam:PassRole on Resource "*" lets the role hand any role to a service (privilege escalation); name the roles it passes`,
		}},
		{"hard-coded partition", role("              - {Effect: Allow, Action: s3:GetObject, Resource: \"arn:aws:s3:::b/*\"}\n"), []string{
			`t.yaml:11:65: warning W9006 Resources/R/Properties/Policies/0/PolicyDocument/Statement/0/Resource: "arn:aws:s3:::b/*" names the partition literally; write arn:${AWS::Partition}:... (with !Sub) so the template works in every partition`,
		}},
		{"protected bucket", casetest.Tmpl(safeBucket), nil},
		{"bare bucket", casetest.Tmpl("  B:\n    Type: AWS::S3::Bucket\n"), []string{
			"t.yaml:3:3: warning W9004 Resources/B: bucket B does not set BlockPublicAcls, BlockPublicPolicy, IgnorePublicAcls, RestrictPublicBuckets to true in PublicAccessBlockConfiguration",
			"t.yaml:3:3: warning W9005 Resources/B: bucket B has no AWS::S3::BucketPolicy denying requests without TLS (Deny with Condition Bool aws:SecureTransport false)",
		}},
		{"partial public access block", casetest.Tmpl(strings.Replace(safeBucket, "RestrictPublicBuckets: true", "RestrictPublicBuckets: false", 1)), []string{
			"t.yaml:3:3: warning W9004 Resources/B: bucket B does not set RestrictPublicBuckets to true in PublicAccessBlockConfiguration",
		}},
	}
	rulecase.Filtered(t, tests, func(f schema.Finding) bool { return f.Severity == schema.Warning && strings.HasPrefix(f.Rule, "W9") })
}
