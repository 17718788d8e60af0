package stacksim

import (
	"errors"
	"fmt"
	"strings"

	"github.com/pipegen/pipegen/render/cfnnames"
)

// identify gives r its physical name, Ref value and the attributes tests
// read, as CloudFormation would for its type. Types not listed get an
// opaque Ref and no attributes.
func (s *Stack) identify(r *Resource) error {
	if id, ok := identities[r.Type]; ok {
		return id(s, r)
	}
	r.Ref = r.LogicalID + "-" + s.Suffix(r.LogicalID, cfnnames.SuffixLength, alphanumeric)
	return nil
}

// arn builds an ARN in the stack's partition, region and account.
func (s *Stack) arn(service, resource string) string {
	return fmt.Sprintf("arn:%s:%s:%s:%s:%s", s.Env.Partition, service, s.Env.Region, s.Env.Account, resource)
}

// name returns the resource's name property, resolved, or the name
// CloudFormation generates (at most maxLength characters).
func (s *Stack) name(r *Resource, property string, maxLength int) (string, error) {
	if v, ok := r.Properties[property]; ok {
		return s.ResolveString(v)
	}
	return cfnnames.Generate(s.Name, r.LogicalID, s.Suffix(r.LogicalID, cfnnames.SuffixLength, alphanumeric), maxLength)
}

// identities of the types pipegen's pipelines and Chalice apps create.
// Ref and attribute values: CloudFormation User Guide, each type's "Return
// values"; name limits: the registry schemas' maxLength.
var identities = map[string]func(*Stack, *Resource) error{
	"AWS::IAM::Role": func(s *Stack, r *Resource) error {
		name, err := s.name(r, "RoleName", 64)
		if err != nil {
			return err
		}
		path := "/"
		if p, ok := r.Properties["Path"]; ok {
			if path, err = s.ResolveString(p); err != nil {
				return err
			}
		}
		r.Ref = name
		r.Attributes["Arn"] = fmt.Sprintf("arn:%s:iam::%s:role%s%s", s.Env.Partition, s.Env.Account, path, name)
		r.Attributes["RoleId"] = "AROA" + strings.ToUpper(s.Suffix(r.LogicalID, 17, lowerAlnum))
		return nil
	},
	"AWS::IAM::Policy": func(s *Stack, r *Resource) error {
		r.Ref = r.LogicalID + "-" + s.Suffix(r.LogicalID, 12, alphanumeric)
		return nil
	},
	"AWS::Lambda::Function": func(s *Stack, r *Resource) error {
		name, err := s.name(r, "FunctionName", 64)
		r.Ref, r.Attributes["Arn"] = name, s.arn("lambda", "function:"+name)
		return err
	},
	"AWS::Events::Rule": func(s *Stack, r *Resource) error {
		name, err := s.name(r, "Name", 64)
		r.Ref, r.Attributes["Arn"] = name, s.arn("events", "rule/"+name)
		return err
	},
	"AWS::Logs::LogGroup": func(s *Stack, r *Resource) error {
		name, err := s.name(r, "LogGroupName", 512)
		r.Ref, r.Attributes["Arn"] = name, s.arn("logs", "log-group:"+name+":*")
		return err
	},
	"AWS::S3::Bucket": func(s *Stack, r *Resource) error {
		name, err := s.name(r, "BucketName", 63)
		name = strings.ToLower(name)
		r.Ref = name
		r.Attributes["Arn"] = fmt.Sprintf("arn:%s:s3:::%s", s.Env.Partition, name)
		r.Attributes["DomainName"] = name + ".s3." + s.Env.URLSuffix()
		return err
	},
	"AWS::SNS::Topic": func(s *Stack, r *Resource) error {
		name, err := s.name(r, "TopicName", 256)
		r.Ref = s.arn("sns", name)
		r.Attributes["TopicArn"], r.Attributes["TopicName"] = r.Ref, name
		return err
	},
	"AWS::SNS::Subscription": func(s *Stack, r *Resource) error {
		topic, err := s.ResolveString(r.Properties["TopicArn"])
		r.Ref = topic + ":" + s.UUID(r.LogicalID)
		r.Attributes["Arn"] = r.Ref
		return err
	},
	"AWS::KMS::Key": func(s *Stack, r *Resource) error {
		id := s.UUID(r.LogicalID)
		r.Ref, r.Attributes["KeyId"], r.Attributes["Arn"] = id, id, s.arn("kms", "key/"+id)
		return nil
	},
	"AWS::KMS::Alias": func(s *Stack, r *Resource) error {
		name, err := s.ResolveString(r.Properties["AliasName"])
		r.Ref = name
		return err
	},
	"AWS::CodeBuild::Project": func(s *Stack, r *Resource) error {
		name, err := s.name(r, "Name", 150)
		r.Ref, r.Attributes["Arn"] = name, s.arn("codebuild", "project/"+name)
		return err
	},
	"AWS::CodePipeline::Pipeline": func(s *Stack, r *Resource) error {
		name, err := s.name(r, "Name", 100)
		r.Ref, r.Attributes["Version"] = name, "1"
		return err
	},
	"AWS::CodePipeline::Webhook": func(s *Stack, r *Resource) error {
		name, err := s.name(r, "Name", 100)
		r.Ref, r.Attributes["Url"] = name, "https://"+s.Env.Region+".webhooks.aws/trigger?t="+s.Suffix(r.LogicalID, 20, alphanumeric)
		return err
	},
	"AWS::CodeCommit::Repository": func(s *Stack, r *Resource) error {
		name, err := s.name(r, "RepositoryName", 100)
		r.Ref = s.UUID(r.LogicalID)
		r.Attributes["Arn"], r.Attributes["Name"] = s.arn("codecommit", name), name
		r.Attributes["CloneUrlHttp"] = "https://git-codecommit." + s.Env.Region + "." + s.Env.URLSuffix() + "/v1/repos/" + name
		return err
	},
	"AWS::CodeConnections::Connection": func(s *Stack, r *Resource) error {
		r.Ref = s.arn("codeconnections", "connection/"+s.UUID(r.LogicalID))
		r.Attributes["ConnectionArn"] = r.Ref
		return nil
	},
	"AWS::CodeStarNotifications::NotificationRule": func(s *Stack, r *Resource) error {
		r.Ref = s.arn("codestar-notifications", "notificationrule/"+s.Suffix(r.LogicalID, 40, hexDigits))
		r.Attributes["Arn"] = r.Ref
		return nil
	},
	"AWS::Lambda::EventSourceMapping": func(s *Stack, r *Resource) error {
		id := s.UUID(r.LogicalID)
		r.Ref, r.Attributes["Id"] = id, id
		r.Attributes["EventSourceMappingArn"] = s.arn("lambda", "event-source-mapping:"+id)
		return nil
	},
	"AWS::Lambda::LayerVersion": func(s *Stack, r *Resource) error {
		name, err := s.name(r, "LayerName", 140)
		r.Ref = s.arn("lambda", "layer:"+name+":1")
		r.Attributes["LayerVersionArn"] = r.Ref
		return err
	},
	// Gradual deployment (SAM AutoPublishAlias, DeploymentPreference).
	"AWS::Lambda::Version": func(s *Stack, r *Resource) error {
		fn, err := s.functionARN(r.Properties["FunctionName"])
		r.Ref, r.Attributes["Version"], r.Attributes["FunctionArn"] = fn+":1", "1", fn
		return err
	},
	"AWS::Lambda::Alias": func(s *Stack, r *Resource) error {
		fn, err1 := s.functionARN(r.Properties["FunctionName"])
		name, err2 := s.ResolveString(r.Properties["Name"])
		r.Ref, r.Attributes["AliasArn"] = fn+":"+name, fn+":"+name
		return errors.Join(err1, err2)
	},
	"AWS::CodeDeploy::Application": func(s *Stack, r *Resource) error {
		name, err := s.name(r, "ApplicationName", 100)
		r.Ref = name
		return err
	},
	"AWS::CodeDeploy::DeploymentGroup": func(s *Stack, r *Resource) error {
		name, err := s.name(r, "DeploymentGroupName", 100)
		r.Ref = name
		return err
	},
	"AWS::CloudWatch::Alarm": func(s *Stack, r *Resource) error {
		name, err := s.name(r, "AlarmName", 255)
		r.Ref, r.Attributes["Arn"] = name, s.arn("cloudwatch", "alarm:"+name)
		return err
	},
	"AWS::ApiGateway::RestApi": func(s *Stack, r *Resource) error {
		r.Ref = s.Suffix(r.LogicalID, 10, lowerAlnum)
		r.Attributes["RootResourceId"] = s.Suffix(r.LogicalID+"/", 10, lowerAlnum)
		return nil
	},
	"AWS::ApiGatewayV2::Api": func(s *Stack, r *Resource) error {
		r.Ref = s.Suffix(r.LogicalID, 10, lowerAlnum)
		r.Attributes["ApiId"] = r.Ref
		r.Attributes["ApiEndpoint"] = "wss://" + r.Ref + ".execute-api." + s.Env.Region + "." + s.Env.URLSuffix()
		return nil
	},
}

func init() {
	// API Gateway's child resources have random ids (Ref); stage names are
	// their StageName property.
	for _, typ := range []string{"AWS::ApiGateway::Deployment", "AWS::ApiGatewayV2::Deployment", "AWS::ApiGatewayV2::Integration",
		"AWS::ApiGatewayV2::Route", "AWS::ApiGateway::Authorizer", "AWS::ApiGatewayV2::ApiMapping"} {
		identities[typ] = func(s *Stack, r *Resource) error {
			r.Ref = s.Suffix(r.LogicalID, 6, lowerAlnum)
			return nil
		}
	}
	for _, typ := range []string{"AWS::ApiGateway::Stage", "AWS::ApiGatewayV2::Stage"} {
		identities[typ] = func(s *Stack, r *Resource) error {
			name, err := s.ResolveString(r.Properties["StageName"])
			r.Ref = name
			return err
		}
	}
	for _, typ := range []string{"AWS::ApiGateway::DomainName", "AWS::ApiGatewayV2::DomainName"} {
		identities[typ] = func(s *Stack, r *Resource) error {
			name, err := s.ResolveString(r.Properties["DomainName"])
			r.Ref = name
			r.Attributes["DistributionDomainName"] = s.Suffix(r.LogicalID, 14, lowerAlnum) + ".cloudfront.net"
			r.Attributes["RegionalDomainName"] = "d-" + s.Suffix(r.LogicalID, 10, lowerAlnum) + ".execute-api." + s.Env.Region + "." + s.Env.URLSuffix()
			r.Attributes["RegionalHostedZoneId"] = "Z1UJRXOUMOOFQ8"
			r.Attributes["DistributionHostedZoneId"] = "Z2FDTNDATAQYW2"
			return err
		}
	}
}

// functionARN turns a FunctionName (a name, an ARN, or a Ref to one) into
// the function's unqualified ARN.
func (s *Stack) functionARN(v any) (string, error) {
	name, err := s.ResolveString(v)
	if err != nil || strings.HasPrefix(name, "arn:") {
		return name, err
	}
	return s.arn("lambda", "function:"+name), nil
}
