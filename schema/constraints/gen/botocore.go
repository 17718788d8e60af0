package main

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// model is one botocore API model (service-2.json).
type model struct {
	Service    string // its folder: codecommit
	Version    string // its API version folder: 2015-04-13
	Operations map[string]struct {
		Input struct {
			Shape string `json:"shape"`
		} `json:"input"`
	} `json:"operations"`
	Shapes map[string]*shape `json:"shapes"`
}

// shape is a botocore shape: the fields this generator reads.
type shape struct {
	Type    string              `json:"type"`
	Members map[string]memberOf `json:"members"`
	Member  memberOf            `json:"member"`
	Enum    []string            `json:"enum"`
	Pattern string              `json:"pattern"`
	Min     *json.Number        `json:"min"`
	Max     *json.Number        `json:"max"`
}

type memberOf struct {
	Shape string `json:"shape"`
}

// file is the model's path in the package, for origins.
func (m *model) file() string { return m.Service + "/" + m.Version + "/service-2.json" }

// loadModels reads the newest API version of every service in the
// package, keyed by the CloudFormation namespace it serves (lower case).
func loadModels(pkg map[string][]byte) (map[string]*model, error) {
	latest := map[string]string{} // service -> newest version
	for name := range pkg {
		rest, ok := strings.CutPrefix(name, modelsDir)
		if !ok {
			continue
		}
		parts := strings.Split(rest, "/")
		if len(parts) != 3 {
			continue
		}
		if parts[1] > latest[parts[0]] {
			latest[parts[0]] = parts[1]
		}
	}
	out := map[string]*model{}
	for _, svc := range sortedKeys(latest) {
		if slices.Contains(skipServices, svc) {
			continue
		}
		m := &model{Service: svc, Version: latest[svc]}
		dec := json.NewDecoder(strings.NewReader(string(pkg[modelsDir+m.file()])))
		dec.UseNumber()
		if err := dec.Decode(m); err != nil {
			return nil, fmt.Errorf("%s: %w", m.file(), err)
		}
		ns := namespaceOf(svc)
		if prev, dup := out[ns]; dup {
			return nil, fmt.Errorf("services %s and %s both map to namespace %s", prev.Service, svc, ns)
		}
		out[ns] = m
	}
	return out, nil
}

// namespaceOf maps a botocore service folder to the CloudFormation
// namespace it serves, lower case: cfn-lint's renamer
// (scripts/smithy/_automated_patches.py), for botocore's names.
func namespaceOf(service string) string {
	if ns, ok := renamed[service]; ok {
		return ns
	}
	return strings.ReplaceAll(service, "-", "")
}

var renamed = map[string]string{
	"acm":           "certificatemanager",
	"mq":            "amazonmq",
	"kafka":         "msk",
	"firehose":      "kinesisfirehose",
	"es":            "elasticsearch",
	"elbv2":         "elasticloadbalancingv2",
	"elb":           "elasticloadbalancing",
	"ds":            "directoryservice",
	"cognito-idp":   "cognito-idp", // AWS::Cognito:: types span two services: none is taken
	"stepfunctions": "stepfunctions",
}

// skipServices are cfn-lint's (data-plane and retired services).
var skipServices = []string{
	"account", "chime", "chime-sdk-identity", "chime-sdk-messaging", "chime-sdk-meetings",
	"chime-sdk-voice", "payment-cryptography-data", "rds-data", "finspace-data", "appconfigdata",
	"iot-jobs-data-plane", "dataexchange", "bedrock-runtime", "swf", "cloudhsm", "cloudhsmv2", "workdocs",
}

// skipTypes and skipPaths are cfn-lint's, where the API's constraint is
// not CloudFormation's (its skip_resource_types and
// skip_resource_property_paths), with pipegen's own after them.
var skipTypes = []string{"AWS::CloudFormation::Stack"}

var skipPaths = map[string][]string{
	"AWS::AmazonMQ::Broker":                            {"/properties/StorageType"},
	"AWS::CloudFormation::StackSet":                    {"/properties/ExecutionRoleName"},
	"AWS::Bedrock::Guardrail":                          {"/definitions/SensitiveInformationPolicyConfig/properties/RegexesConfig"},
	"AWS::Connect::RoutingProfile":                     {"/properties/QueueConfigs"},
	"AWS::Connect::User":                               {"/definitions/DeskPhoneNumber"},
	"AWS::DynamoDB::Table":                             {"/definitions/Projection/properties/NonKeyAttributes", "/definitions/ProvisionedThroughput/properties/ReadCapacityUnits", "/definitions/ProvisionedThroughput/properties/WriteCapacityUnits"},
	"AWS::EC2::Instance":                               {"/properties/InstanceType"},
	"AWS::EC2::LaunchTemplate":                         {"/definitions/LaunchTemplateData/properties/InstanceType"},
	"AWS::EC2::EC2Fleet":                               {"/definitions/FleetLaunchTemplateOverridesRequest/properties/InstanceType"},
	"AWS::EC2::CapacityReservationFleet":               {"/definitions/InstanceTypeSpecification/properties/InstanceType"},
	"AWS::ElastiCache::ReplicationGroup":               {"/properties/UserGroupIds"},
	"AWS::ElasticLoadBalancingV2::LoadBalancer":        {"/properties/Tags"},
	"AWS::ElasticLoadBalancingV2::TargetGroup":         {"/properties/Tags"},
	"AWS::GameLift::GameServerGroup":                   {"/definitions/InstanceType"},
	"AWS::SageMaker::Cluster":                          {"/definitions/InstanceType"},
	"AWS::SageMaker::DataQualityJobDefinition":         {"/definitions/ClusterConfig/properties/InstanceType"},
	"AWS::SageMaker::InferenceExperiment":              {"/definitions/RealTimeInferenceConfig/properties/InstanceType"},
	"AWS::SageMaker::ModelBiasJobDefinition":           {"/definitions/ClusterConfig/properties/InstanceType"},
	"AWS::SageMaker::ModelExplainabilityJobDefinition": {"/definitions/ClusterConfig/properties/InstanceType"},
	"AWS::SageMaker::ModelPackage":                     {"/definitions/InferenceInstanceType", "/definitions/TransformInstanceType", "/definitions/TransformResources/properties/InstanceType"},
	"AWS::SageMaker::ModelQualityJobDefinition":        {"/definitions/ClusterConfig/properties/InstanceType"},
	"AWS::SageMaker::MonitoringSchedule":               {"/definitions/ClusterConfig/properties/InstanceType"},
	"AWS::MSK::Cluster":                                {"/properties/NumberOfBrokerNodes"},
	"AWS::SNS::Topic":                                  {"/properties/TopicName"}, // manual.json has the documented rule
	"AWS::Logs::LogAnomalyDetector":                    {"/properties/LogGroupArnList/items"},
	"AWS::EC2::NetworkInterface":                       {"/properties/InterfaceType"},
	"AWS::Backup::BackupSelection":                     {"/definitions/BackupSelectionResourceType/properties/SelectionName"},
	// pipegen's: Lambda's runtimes are the lifecycle table's
	// (render/lambdaruntime, E3030 in schema/rules/resources/lambda.go),
	// which knows the runtimes added after the model was published; a
	// layer's runtimes are left alone too (python3.14 is newer than the
	// model).
	"AWS::Lambda::Function":     {"/properties/Layers/items", "/properties/Runtime"},
	"AWS::Lambda::LayerVersion": {"/properties/CompatibleRuntimes/items"},
}

// exceptions are cfn-lint's paths, by service, where a model's value
// constraint is not applied (its update_schemas_from_smithy.py).
var exceptions = map[string][]string{
	"ses":         {"/definitions/EventDestination/properties/MatchingEventTypes/items", "/definitions/DimensionConfiguration/properties/DimensionValueSource"},
	"ecs":         {"/definitions/LogConfiguration/properties/LogDriver"},
	"lambda":      {"/properties/FunctionName"},
	"cloudwatch":  {"/properties/AlarmActions", "/properties/OKActions", "/properties/InsufficientDataActions"},
	"connect":     {"/properties/QueueConfigs"},
	"batch":       {"/definitions/Ec2ConfigurationObject/properties/ImageIdOverride"},
	"securityhub": {"/definitions/MapFilter/properties/Value"},
	"rds":         {"/properties/ReplicaMode"},
	"ec2":         {"/properties/Domain", "/properties/Type"},
	"iam":         {"/properties/InstanceProfileName"},
}

// caseInsensitive are cfn-lint's type prefixes whose allowed values AWS
// compares without case.
var caseInsensitive = []string{
	"AWS::AmazonMQ::", "AWS::Batch::", "AWS::EC2::EIP", "AWS::EC2::IPAMPool", "AWS::EC2::NetworkAcl",
	"AWS::EC2::SecurityGroup", "AWS::EC2::TrafficMirrorFilterRule", "AWS::EC2::Volume",
	"AWS::ElastiCache::", "AWS::Route53Resolver::",
}

// createPrefixes are the actions cfn-lint takes for create operations.
var createPrefixes = []string{"Put", "Add", "Create", "Publish", "Register", "Allocate", "Start", "Run"}

// apiPatch is a schema node matched to a model shape.
type apiPatch struct {
	shape  string
	origin string // model file, input shape and member path
}

// apiPatches maps the schema nodes of one type to shapes of its model:
// cfn-lint's _per_resource_patch.
func apiPatches(s *typeSchema, m *model) map[string]apiPatch {
	results := map[string]apiPatch{}
	for _, op := range s.createOperations() {
		o, ok := m.Operations[op]
		if !ok || o.Input.Shape == "" {
			continue
		}
		in := m.Shapes[o.Input.Shape]
		if in == nil {
			continue
		}
		w := &apiWalk{s: s, m: m, results: results, visited: map[string]bool{}}
		w.objects(s.root, in, "", o.Input.Shape)
	}
	return results
}

type apiWalk struct {
	s       *typeSchema
	m       *model
	results map[string]apiPatch
	visited map[string]bool
}

// objects matches a structure's members to an object's properties.
func (w *apiWalk) objects(node map[string]any, sh *shape, start, origin string) {
	props, _ := node["properties"].(map[string]any)
	for _, member := range sortedKeys(sh.Members) {
		for _, name := range sortedKeys(props) {
			if name == "State" || !strings.EqualFold(name, member) {
				continue
			}
			p := start + "/properties/" + name
			if w.visited[p] {
				continue
			}
			w.visited[p] = true
			pdata, _ := props[name].(map[string]any)
			p, pdata, ok := w.s.follow(p, pdata)
			if !ok {
				return
			}
			target := sh.Members[member].Shape
			ms := w.m.Shapes[target]
			if ms == nil {
				continue
			}
			here := origin + "." + member
			switch ms.Type {
			case "structure":
				if pdata["type"] == "object" {
					w.objects(pdata, ms, p, here)
				}
			case "list":
				if pdata["type"] == "array" {
					w.arrays(pdata, ms, p, here)
				}
			}
			w.results[p] = apiPatch{shape: target, origin: here}
		}
	}
}

// arrays matches a list's member to an array's items.
func (w *apiWalk) arrays(node map[string]any, sh *shape, start, origin string) {
	target := sh.Member.Shape
	ms := w.m.Shapes[target]
	if target == "" || ms == nil {
		return
	}
	items, _ := node["items"].(map[string]any)
	p, items, ok := w.s.follow(start+"/items", items)
	if !ok {
		return
	}
	here := origin + "[]"
	if ms.Type == "structure" {
		w.objects(items, ms, p, here)
		return
	}
	w.results[p] = apiPatch{shape: target, origin: here}
}

// repeatPattern is cfn-lint's test for a schema pattern that bounds a
// length itself (`^...{1,64}$`): the model's length then is not added.
var repeatPattern = regexp.MustCompile(`^.*\{[0-9]+,[0-9]+\}\$?$`)

// apiConstraints turns one type's patches into constraints, as cfn-lint's
// build_resource_type_patches does: a value constraint only where the
// registry schema has none of its own, no length or bound the schema
// already sets.
func apiConstraints(s *typeSchema, m *model, patches map[string]apiPatch, out *[]rawConstraint, dropped *[]string) {
	excepted := exceptions[m.Service]
	skipped := skipPaths[s.name]
	for _, ptr := range sortedKeys(patches) {
		p := patches[ptr]
		if slices.Contains(skipped, ptr) {
			continue
		}
		node, ok := s.node(ptr)
		if !ok {
			continue
		}
		sh := m.Shapes[p.shape]
		origin := fmt.Sprintf("%s %s (shape %s)", m.file(), p.origin, p.shape)
		add := func(keyword string, value any) {
			*out = append(*out, rawConstraint{Pointer: ptr, Keyword: keyword, Value: value, Origin: origin})
		}
		hasValueRule := has(node, "enum", "pattern", backtrackingKey, "properties", "items")
		if len(sh.Enum) > 0 {
			if hasValueRule || slices.Contains(excepted, ptr) {
				continue
			}
			values := slices.Clone(sh.Enum)
			keyword := "enum"
			if hasPrefix(s.name, caseInsensitive) {
				keyword = "enumCaseInsensitive"
				for i, v := range values {
					values[i] = strings.ToLower(v)
				}
			}
			sort.Strings(values)
			add(keyword, slices.Compact(values))
			continue
		}
		if sh.Pattern != "" && !hasValueRule && !slices.Contains(excepted, ptr) && sh.Pattern != ".*" && sh.Pattern != "^.*$" {
			if full, ok := wholeMatch(sh.Pattern); ok {
				add("pattern", full)
			} else {
				*dropped = append(*dropped, fmt.Sprintf("%s %s: pattern %q compiles in neither RE2 nor regexp2", s.name, ptr, sh.Pattern))
			}
		}
		var minKey, maxKey string
		switch sh.Type {
		case "string":
			minKey, maxKey = "minLength", "maxLength"
		case "list":
			minKey, maxKey = "minItems", "maxItems"
		case "integer", "long", "float", "double":
			minKey, maxKey = "minimum", "maximum"
		default:
			continue
		}
		if pat, ok := schemaPattern(node); ok && repeatPattern.MatchString(pat) {
			continue
		}
		if slices.Contains(excepted, ptr) {
			continue
		}
		for _, b := range []struct {
			key string
			n   *json.Number
		}{{minKey, sh.Min}, {maxKey, sh.Max}} {
			if b.n == nil || has(node, b.key) {
				continue
			}
			f, err := b.n.Float64()
			if err != nil {
				continue
			}
			if b.key == "minLength" && f == 0 || b.key == "minItems" && f == 0 {
				continue // says nothing
			}
			add(b.key, f)
		}
	}
}

// backtrackingKey is where the schema generator (schema/gen) keeps a
// registry pattern Go's RE2 cannot run: a pattern all the same.
const backtrackingKey = "x-pipegen-backtracking-pattern"

// schemaPattern is the registry schema's own pattern of a node.
func schemaPattern(node map[string]any) (string, bool) {
	if p, ok := node["pattern"].(string); ok {
		return p, true
	}
	p, ok := node[backtrackingKey].(string)
	return p, ok
}

func has(node map[string]any, keys ...string) bool {
	for _, k := range keys {
		if _, ok := node[k]; ok {
			return true
		}
	}
	return false
}

func hasPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
