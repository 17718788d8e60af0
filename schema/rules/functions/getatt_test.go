package functions_test

import (
	"strings"
	"testing"

	"github.com/pipegen/pipegen/schema"
	"github.com/pipegen/pipegen/schema/internal/casetest"
	"github.com/pipegen/pipegen/schema/internal/rulecase"
)

// TestGetAttAttributes: Fn::GetAtt takes a type's read-only properties,
// every property of the types that return them all (AWS::EC2::VPC,
// AWS::RDS::DBInstance, nested ones too), the few others cfn-lint lists
// (AWS::AppMesh::Mesh MeshName), keys inside an attribute whose keys are
// not listed (a nested stack's Outputs.Name), and anything of a custom
// resource or a SAM resource; a property that is no attribute is E1010, as
// in cfn-lint (issue 12: any top-level property used to pass).
func TestGetAttAttributes(t *testing.T) {
	tags := func(values ...string) string {
		var b strings.Builder
		for i, v := range values {
			b.WriteString("        - {Key: k" + string(rune('a'+i)) + ", Value: !GetAtt " + v + "}\n")
		}
		return b.String()
	}
	resources := `Transform: AWS::Serverless-2016-10-31
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Db:
    Type: AWS::RDS::DBInstance
    Properties: {DBInstanceClass: db.t3.micro, Engine: mysql, MasterUsername: u, ManageMasterUserPassword: true, AllocatedStorage: "20"}
  Mesh:
    Type: AWS::AppMesh::Mesh
  Custom:
    Type: Custom::Thing
    Properties: {ServiceToken: !Sub "arn:${AWS::Partition}:lambda:us-east-1:123456789012:function:f"}
  Fn:
    Type: AWS::Serverless::Function
    Properties: {Runtime: python3.12, Handler: a.b, InlineCode: x}
  Stack:
    Type: AWS::CloudFormation::Stack
    Properties: {TemplateURL: https://example.com/t.yaml}
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      Tags:
`
	errors := func(f schema.Finding) bool { return f.Severity == schema.Error }
	rulecase.Filtered(t, []casetest.Case{
		{"attributes", resources + tags("Bucket.Arn", "Vpc.CidrBlock", "Db.Endpoint.Address", "Db.DBInstanceClass", "Mesh.MeshName",
			"Custom.Anything", "Fn.Arn", "Stack.Outputs.Name"), nil},
		{"properties that are no attributes", resources + tags("Bucket.BucketName", "Bucket.VersioningConfiguration"), []string{
			"t.yaml:26:28: error E1010 Resources/Topic/Properties/Tags/0/Value/Fn::GetAtt: Bucket (AWS::S3::Bucket) has no attribute BucketName; it has Arn, DomainName, DualStackDomainName, MetadataTableConfiguration.S3TablesDestination.TableArn, MetadataTableConfiguration.S3TablesDestination.TableNamespace, RegionalDomainName, WebsiteURL",
			"t.yaml:27:28: error E1010 Resources/Topic/Properties/Tags/1/Value/Fn::GetAtt: Bucket (AWS::S3::Bucket) has no attribute VersioningConfiguration; it has Arn, DomainName, DualStackDomainName, MetadataTableConfiguration.S3TablesDestination.TableArn, MetadataTableConfiguration.S3TablesDestination.TableNamespace, RegionalDomainName, WebsiteURL",
		}},
	}, errors)
}
