package deployrole

import (
	"maps"
	"slices"
	"strings"
)

// AppTypes are the resource types a Chalice app's stack can hold once the
// SAM transform has run, for every feature `chalice package` supports
// (chalice 1.33; testdata/chalice/FEATURES.md shows each feature's
// packaged and translated template). CloudFormation creates, updates and
// deletes them with the deploy role, calling what each type's registry
// schema lists under handlers (schema.Registry.HandlerPermissions).
var AppTypes = []AppType{
	{"AWS::Lambda::Function", "every handler: routes, authorizers, websockets, events, @app.lambda_function"},
	{"AWS::Lambda::Permission", "what lets API Gateway, EventBridge and SNS invoke the functions"},
	{"AWS::IAM::Role", "the default role; one per function with autogen_policy false or iam_policy_file"},
	{"AWS::Lambda::EventSourceMapping", "on_sqs_message, on_kinesis_record, on_dynamodb_record"},
	{"AWS::Events::Rule", "schedule, on_cw_event"},
	{"AWS::SNS::Subscription", "on_sns_message"},
	{"AWS::Logs::LogGroup", "log_retention_in_days"},
	{"AWS::Lambda::LayerVersion", "automatic_layer (the managed layer)"},
	{"AWS::ApiGateway::RestApi", "@app.route"},
	{"AWS::ApiGateway::Deployment", "@app.route"},
	{"AWS::ApiGateway::Stage", "@app.route"},
	{"AWS::ApiGateway::DomainName", "api_gateway_custom_domain"},
	{"AWS::ApiGateway::BasePathMapping", "api_gateway_custom_domain"},
	{"AWS::ApiGatewayV2::Api", "websockets"},
	{"AWS::ApiGatewayV2::Deployment", "websockets"},
	{"AWS::ApiGatewayV2::Stage", "websockets"},
	{"AWS::ApiGatewayV2::Route", "websockets"},
	{"AWS::ApiGatewayV2::Integration", "websockets"},
	{"AWS::ApiGatewayV2::DomainName", "websocket_api_custom_domain"},
	{"AWS::ApiGatewayV2::ApiMapping", "websocket_api_custom_domain"},
}

// TrafficTypes are the types gradual deployment (--traffic) adds to a
// stage's stack: SAM's AutoPublishAlias and DeploymentPreference on every
// function, with pipegen's alarms (testdata/chalice/orders/traffic shows
// the reference app packaged that way and translated).
var TrafficTypes = []AppType{
	{"AWS::Lambda::Version", "--traffic: AutoPublishAlias publishes a version on each deploy"},
	{"AWS::Lambda::Alias", "--traffic: the alias live, whose update starts the CodeDeploy deployment that shifts traffic"},
	{"AWS::CodeDeploy::Application", "--traffic: SAM's ServerlessDeploymentApplication"},
	{"AWS::CodeDeploy::DeploymentGroup", "--traffic: a deployment group per function, with the alarms that stop a shift"},
	{"AWS::CloudWatch::Alarm", "--traffic: pipegen's alarms on each function's errors and the REST API's 5XX errors"},
}

// TypesFor are the resource types of an app's stacks: AppTypes, and
// TrafficTypes with gradual deployment.
func TypesFor(traffic bool) []AppType {
	if !traffic {
		return AppTypes
	}
	return append(slices.Clone(AppTypes), TrafficTypes...)
}

// AppType is one resource type and the chalice features that make it.
type AppType struct {
	Type     string
	Features string
}

// ownResourceTypes are the Service Authorization Reference's resource
// types (service/type) that are a CloudFormation type's own resources: an
// action its handlers call that takes one of these is granted on that one
// only (lambda:TagResource of an event source mapping is granted on event
// source mappings, not on functions).
var ownResourceTypes = map[string][]string{
	"AWS::Lambda::Function":            {"lambda/function"},
	"AWS::Lambda::Permission":          {"lambda/function"},
	"AWS::Lambda::EventSourceMapping":  {"lambda/eventSourceMapping"},
	"AWS::Lambda::LayerVersion":        {"lambda/layer", "lambda/layerVersion"},
	"AWS::IAM::Role":                   {"iam/role"},
	"AWS::Events::Rule":                {"events/rule-on-default-event-bus"},
	"AWS::SNS::Subscription":           {"sns/topic"},
	"AWS::Logs::LogGroup":              {"logs/log-group"},
	"AWS::Lambda::Version":             {"lambda/function", "lambda/function version"},
	"AWS::Lambda::Alias":               {"lambda/function", "lambda/function alias"},
	"AWS::CodeDeploy::Application":     {"codedeploy/application"},
	"AWS::CodeDeploy::DeploymentGroup": {"codedeploy/deploymentgroup"},
	"AWS::CloudWatch::Alarm":           {"cloudwatch/alarm"},
}

// Conditional is a handler permission that CloudFormation's handler for a
// type calls only when a resource sets some property.
type Conditional struct {
	Type, Action string
	// When reports whether a resource's properties make the handler call
	// the action (the properties as written, intrinsic functions and all).
	When func(props map[string]any) bool
	// Withheld: the deploy role does not grant it, because no chalice
	// feature sets the property and granting it would reach resources
	// outside the app (keys, file systems, other roles, log delivery).
	Withheld bool
	Why      string
}

// Conditionals lists the handler permissions that depend on a property.
// Every other permission a handler lists is granted, and tests require it
// for every resource of its type: whether a handler calls it without its
// property is not documented, and on the app's own resources it costs
// nothing to allow.
var Conditionals = []Conditional{
	{"AWS::Lambda::Function", "ec2:DescribeSecurityGroups", has("VpcConfig"), false, "VpcConfig (chalice subnet_ids, security_group_ids): the handler checks the VPC's subnets and security groups; read-only, and EC2 describe calls take no resource"},
	{"AWS::Lambda::Function", "ec2:DescribeSubnets", has("VpcConfig"), false, "VpcConfig, as above"},
	{"AWS::Lambda::Function", "ec2:DescribeVpcs", has("VpcConfig"), false, "VpcConfig, as above"},
	{"AWS::Lambda::Function", "ec2:DescribeNetworkInterfaces", has("VpcConfig"), false, "VpcConfig: deleting a VPC function waits for its network interfaces to go"},
	{"AWS::Lambda::Function", "lambda:PutFunctionConcurrency", has("ReservedConcurrentExecutions"), false, "ReservedConcurrentExecutions (chalice reserved_concurrency)"},
	{"AWS::Lambda::Function", "lambda:GetLayerVersion", has("Layers"), false, "Layers (chalice layers, automatic_layer): Lambda checks the caller may read each layer version"},
	{"AWS::Lambda::Function", "elasticfilesystem:DescribeMountTargets", has("FileSystemConfigs"), true, "FileSystemConfigs, which chalice never sets"},
	{"AWS::Lambda::Function", "kms:CreateGrant", has("KmsKeyArn"), true, "KmsKeyArn (a customer key for environment variables), which chalice never sets"},
	{"AWS::Lambda::Function", "kms:Decrypt", has("KmsKeyArn"), true, "KmsKeyArn, as above"},
	{"AWS::Lambda::Function", "kms:Encrypt", has("KmsKeyArn"), true, "KmsKeyArn, as above"},
	{"AWS::Lambda::Function", "kms:GenerateDataKey", has("KmsKeyArn"), true, "KmsKeyArn, as above"},
	{"AWS::Lambda::Function", "lambda:GetCodeSigningConfig", has("CodeSigningConfigArn"), true, "CodeSigningConfigArn, which chalice never sets"},
	{"AWS::Lambda::Function", "lambda:PutFunctionCodeSigningConfig", has("CodeSigningConfigArn"), true, "CodeSigningConfigArn, as above"},
	{"AWS::Lambda::EventSourceMapping", "kms:DescribeKey", has("KmsKeyArn"), true, "KmsKeyArn (encrypted filter criteria), which chalice never sets"},
	{"AWS::Lambda::EventSourceMapping", "kms:GenerateDataKey", has("KmsKeyArn"), true, "KmsKeyArn, as above"},
	{"AWS::Lambda::EventSourceMapping", "kms:Decrypt", has("KmsKeyArn"), true, "KmsKeyArn, as above"},
	{"AWS::IAM::Role", "iam:AttachRolePolicy", has("ManagedPolicyArns"), true, "ManagedPolicyArns, which chalice never sets (and --traffic gives CodeDeploy a role of the pipeline stack instead of SAM's): withheld, so the role cannot attach AdministratorAccess to a function's role"},
	{"AWS::IAM::Role", "iam:PutRolePermissionsBoundary", has("PermissionsBoundary"), true, "PermissionsBoundary, which chalice never sets; with --permissions-boundary the build sets it, and the role may set that boundary only (Statements adds it back)"},
	{"AWS::IAM::Role", "iam:DeleteRolePermissionsBoundary", never, true, "called only to lift a role's boundary, which neither chalice nor the build does: withheld, so the role cannot lift a boundary an administrator set"},
	{"AWS::Events::Rule", "iam:PassRole", targetsWithRole, true, "a target's RoleArn; chalice's targets are functions, invoked through their resource policy"},
	{"AWS::SNS::Subscription", "iam:GetRole", has("SubscriptionRoleArn"), true, "SubscriptionRoleArn (Firehose subscriptions), which chalice never sets"},
	{"AWS::SNS::Subscription", "iam:PassRole", has("SubscriptionRoleArn"), true, "SubscriptionRoleArn, as above"},
	{"AWS::Logs::LogGroup", "logs:CreateLogDelivery", has("DataProtectionPolicy"), true, "a DataProtectionPolicy with audit destinations, which chalice never sets"},
	{"AWS::Logs::LogGroup", "s3:REST.PUT.OBJECT", has("DataProtectionPolicy"), true, "as above; not an IAM action at all (the Service Authorization Reference has no such S3 action)"},
	{"AWS::Logs::LogGroup", "firehose:TagDeliveryStream", has("DataProtectionPolicy"), true, "as above"},
	{"AWS::Logs::LogGroup", "logs:PutResourcePolicy", has("ResourcePolicyDocument"), true, "ResourcePolicyDocument, which chalice never sets; it takes no resource, so it would reach every log group"},
	{"AWS::Logs::LogGroup", "logs:DescribeResourcePolicies", has("ResourcePolicyDocument"), true, "ResourcePolicyDocument, as above"},
	{"AWS::Logs::LogGroup", "logs:PutIndexPolicy", has("FieldIndexPolicies"), true, "FieldIndexPolicies, which chalice never sets; it takes no resource"},
	{"AWS::Logs::LogGroup", "logs:DeleteIndexPolicy", has("FieldIndexPolicies"), true, "FieldIndexPolicies, as above"},
	{"AWS::ApiGateway::RestApi", "s3:GetObject", has("BodyS3Location"), true, "BodyS3Location; chalice inlines the API's definition in Body"},
	{"AWS::ApiGateway::RestApi", "iam:PassRole", bodyWithCredentials, true, "integration or authorizer credentials (a role API Gateway assumes) in the definition, which chalice never writes"},
	{"AWS::ApiGateway::RestApi", "apigateway:UpdateRestApiPolicy", restAPIPolicy, false, "a resource policy, in Policy or in the definition's x-amazon-apigateway-policy (chalice api_gateway_policy_file, and a PRIVATE endpoint's policy)"},
	{"AWS::ApiGatewayV2::Api", "s3:getObject", has("BodyS3Location"), true, "BodyS3Location; chalice's websocket API has no definition file"},
}

// ConditionalFor returns the entry for a type's handler permission.
func ConditionalFor(typ, action string) (Conditional, bool) {
	for _, c := range Conditionals {
		if c.Type == typ && strings.EqualFold(c.Action, action) {
			return c, true
		}
	}
	return Conditional{}, false
}

// never: a call no template of pipegen's makes the handler send.
func never(map[string]any) bool { return false }

func has(property string) func(map[string]any) bool {
	return func(props map[string]any) bool {
		_, ok := props[property]
		return ok
	}
}

// targetsWithRole: an EventBridge target with a RoleArn.
func targetsWithRole(props map[string]any) bool {
	targets, _ := props["Targets"].([]any)
	for _, t := range targets {
		if m, ok := t.(map[string]any); ok && m["RoleArn"] != nil {
			return true
		}
	}
	return props["RoleArn"] != nil
}

// restAPIPolicy: a REST API with a resource policy, as a property or in
// its OpenAPI definition (where chalice writes it).
func restAPIPolicy(props map[string]any) bool {
	if _, ok := props["Policy"]; ok {
		return true
	}
	body, _ := props["Body"].(map[string]any)
	_, ok := body["x-amazon-apigateway-policy"]
	return ok
}

// bodyWithCredentials: an OpenAPI definition naming a role for API Gateway
// to assume, which API Gateway checks the caller may pass.
func bodyWithCredentials(props map[string]any) bool {
	return len(Credentials(props["Body"])) > 0
}

// Credentials lists the roles an OpenAPI definition has API Gateway assume
// (integration credentials, authorizerCredentials). A value that is not a
// role ARN, such as arn:aws:iam::*:user/* (the caller's own credentials)
// or an intrinsic function, passes no role of its own and is left out.
func Credentials(body any) []string {
	var out []string
	switch v := body.(type) {
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(v)) {
			item := v[k]
			if s, ok := item.(string); ok && (k == "credentials" || k == "authorizerCredentials") {
				if strings.Contains(s, ":role/") {
					out = append(out, s)
				}
				continue
			}
			out = append(out, Credentials(item)...)
		}
	case []any:
		for _, item := range v {
			out = append(out, Credentials(item)...)
		}
	}
	return out
}

// EdgeDomain reports whether an AWS::ApiGateway::DomainName is
// edge-optimized: EDGE is API Gateway's default endpoint type.
func EdgeDomain(props map[string]any) bool {
	ec, ok := props["EndpointConfiguration"].(map[string]any)
	if !ok {
		return true
	}
	types, _ := ec["Types"].([]any)
	for _, t := range types {
		if t == "EDGE" {
			return true
		}
	}
	return len(types) == 0
}
