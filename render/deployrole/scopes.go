package deployrole

import "github.com/pipegen/pipegen/render/iam/sar"

// scope is the resources of one statement.
type scope struct {
	sid       string
	resources func(Input) []string
}

// Fn::Sub prefixes of ARNs in the stack's account and region.
const (
	lambdaARN  = "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:"
	iamRole    = "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/"
	logGroup   = "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:"
	eventRule  = "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/"
	apiPath    = "arn:${AWS::Partition}:apigateway:${AWS::Region}::"
	codeDeploy = "arn:${AWS::Partition}:codedeploy:${AWS::Region}:${AWS::AccountId}:"
	alarm      = "arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:"
)

// perStage is one resource for each stage's name pattern.
func perStage(prefix string) func(Input) []string {
	return func(in Input) []string {
		out := make([]string, len(in.Stages))
		for i, s := range in.Stages {
			out[i] = prefix + s.NamePattern
		}
		return out
	}
}

// perTrafficStage is perStage for the stages that deploy gradually.
func perTrafficStage(prefix string) func(Input) []string {
	return func(in Input) []string {
		var out []string
		for _, s := range in.Stages {
			if s.Traffic {
				out = append(out, prefix+s.NamePattern)
			}
		}
		return out
	}
}

func fixed(resources ...string) func(Input) []string {
	return func(Input) []string { return resources }
}

// The scopes. CloudFormation names the app's functions, roles and rules
// after the stack (cfnnames), and the log groups chalice creates are
// named after the functions: those are scoped to each stage's pattern.
// Other resources have ids AWS makes up (event source mappings, APIs),
// or live outside the app (the topics and layers the app names): those
// get the narrowest form their ARN allows, with condition keys where the
// action has them.
var (
	functions      = scope{"Functions", perStage(lambdaARN + "function:")}
	functionRoles  = scope{"FunctionRoles", perStage(iamRole)}
	functionLogs   = scope{"FunctionLogs", perStage(logGroup + "/aws/lambda/")}
	rules          = scope{"EventRules", perStage(eventRule)}
	eventMappings  = scope{"EventSourceMappings", fixed(lambdaARN + "event-source-mapping:*")}
	topics         = scope{"Topics", fixed("arn:${AWS::Partition}:sns:*:*:*")}
	packagedCode   = scope{"PackagedCode", func(in Input) []string { return []string{in.CodeObjects} }}
	managedLayers  = scope{"ManagedLayers", managedLayerARNs}
	readableLayers = scope{"ReadLayers", fixed("arn:${AWS::Partition}:lambda:*:*:layer:*:*")}
	passableRoles  = scope{"PassFunctionRoles", perStage(iamRole)}
	apis           = scope{"Apis", fixed(apiPaths...)}
	// Gradual deployment (--traffic): SAM leaves the CodeDeploy
	// application, its deployment groups and pipegen's alarms unnamed, so
	// CloudFormation names them after the stack; the deployment
	// configurations are CodeDeploy's predefined Lambda ones.
	deployApps    = scope{"TrafficApplications", perTrafficStage(codeDeploy + "application:")}
	deployGroups  = scope{"TrafficDeploymentGroups", perTrafficStage(codeDeploy + "deploymentgroup:")}
	deployConfigs = scope{"TrafficConfigs", fixed(codeDeploy + "deploymentconfig:CodeDeployDefault.Lambda*")}
	alarms        = scope{"TrafficAlarms", perTrafficStage(alarm)}
	unscoped      = scope{"ActionsWithoutResources", fixed("*")}
)

// apiPaths are the API Gateway paths of REST APIs, HTTP and WebSocket
// APIs, custom domain names and tags. API ids are random, so no path can
// name this app's APIs only. (The Service Authorization Reference lists
// only REST API paths under apigateway:GET/POST/PUT/PATCH/DELETE, though
// API Gateway authorizes /apis paths the same way: API Gateway Developer
// Guide, "Control access to the API Gateway management API with IAM".)
var apiPaths = []string{
	apiPath + "/restapis", apiPath + "/restapis/*",
	apiPath + "/apis", apiPath + "/apis/*",
	apiPath + "/domainnames", apiPath + "/domainnames/*",
	apiPath + "/tags/*",
}

// managedLayerARNs: chalice names the managed layer <app_name>-<chalice
// stage>-managed-layer (FEATURES.md, layers).
func managedLayerARNs(in Input) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range in.Stages {
		name := lambdaARN + "layer:" + in.AppName + "-" + s.ChaliceStage + "-managed-layer"
		if !seen[name] {
			out = append(out, name, name+":*")
			seen[name] = true
		}
	}
	return out
}

// resourceScopes maps a Service Authorization Reference resource type
// (service/type) to the scope the deploy role grants on it. Types an
// action may take but Chalice apps never touch have no entry.
var resourceScopes = map[string]scope{
	"lambda/function":                  functions,
	"lambda/function alias":            functions, // <function>:<alias>: the Functions patterns reach it
	"lambda/function version":          functions, // <function>:<version>
	"lambda/eventSourceMapping":        eventMappings,
	"lambda/layer":                     managedLayers,
	"lambda/layerVersion":              managedLayers,
	"iam/role":                         functionRoles,
	"logs/log-group":                   functionLogs,
	"events/rule-on-default-event-bus": rules,
	"sns/topic":                        topics,
	"s3/object":                        packagedCode,
	"codedeploy/application":           deployApps,
	"codedeploy/deploymentgroup":       deployGroups,
	"codedeploy/deploymentconfig":      deployConfigs,
	"cloudwatch/alarm":                 alarms,
}

// actionScopes overrides the scope for actions whose reach differs from
// their resource type's.
var actionScopes = map[string]scope{
	// The roles the stack makes for its functions, to Lambda only
	// (optional adds the roles a user names).
	"iam:passrole": passableRoles,
	// Any layer a function names, in any account: read only.
	"lambda:getlayerversion": readableLayers,
}

func init() {
	for _, verb := range []string{"get", "post", "put", "patch", "delete", "updaterestapipolicy"} {
		actionScopes["apigateway:"+verb] = apis
	}
}

// knownKey is a condition key whose value the deploy role knows, used on
// every action that supports it (and that applies, when set, accepts).
type knownKey struct {
	key, operator, sid string
	values             func(Input) []string
	applies            func(Input, sar.Action) bool
}

// functionARNs are the app's functions, as the Functions scope names them.
func functionARNs(in Input) []string { return functions.resources(in) }

// knownKeys, in the order they appear in statements. Sources: Service
// Authorization Reference (render/iam/sar) for which action takes which
// key; Lambda Developer Guide, "Fine-tuning the Resources and Conditions
// sections of policies" for lambda:FunctionArn on event source mappings.
var knownKeys = []knownKey{
	{"iam:PassedToService", "StringEquals", "ToLambda", fixed("lambda.amazonaws.com"), nil},
	{"lambda:FunctionArn", "ArnLike", "OfAppFunctions", functionARNs, nil},
	{"sns:Protocol", "StringEquals", "ToAppFunctions", fixed("lambda"), nil},
	{"sns:Endpoint", "StringLike", "ToAppFunctions", functionARNs, nil},
	// With --permissions-boundary, every change to a role requires that
	// boundary on it (CreateRole: in the request). Reads are left free, so
	// CloudFormation can read a role made before the boundary and give it
	// one (iam:PutRolePermissionsBoundary, to that boundary only).
	{"iam:PermissionsBoundary", "StringEquals", "WithBoundary", func(in Input) []string { return []string{in.PermissionsBoundary} }, changesWithBoundary},
}

// changesWithBoundary: a boundary is set and the action changes something.
func changesWithBoundary(in Input, a sar.Action) bool {
	return in.PermissionsBoundary != "" && a.AccessLevel != "Read" && a.AccessLevel != "List"
}
