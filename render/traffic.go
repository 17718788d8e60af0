package render

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Gradual deployment (--traffic STAGE=CONFIG): the stage's new Lambda
// versions take traffic step by step through CodeDeploy, and alarms stop
// and roll back a shift.
//
// How: SAM does it for a function with AutoPublishAlias and
// DeploymentPreference (SAM Developer Guide, "Deploying serverless
// applications gradually"): it publishes a version on each deploy, points
// the alias live at it through a CodeDeploy deployment, and makes the
// CodeDeploy application, a deployment group per function and its service
// role. The build adds those properties to every function of the packaged
// template, with alarms, before `aws cloudformation package`
// (trafficCommand).
//
// Why not `chalice package --merge-template`: the functions are known only
// once chalice has packaged them, and chalice's integrations invoke the
// unqualified function (REST and websocket integration URIs, the invoke
// permissions of the API and its authorizers), so without a rewrite the
// shifted alias would take no API traffic at all; a merge replaces whole
// values and cannot rewrite them. Event sources declared as SAM events
// (SQS, SNS, schedules, streams) SAM itself attaches to the alias.

// TrafficConfigs are the deployment types SAM's DeploymentPreference
// takes by name (samtranslator, deployment_preference_collection.py:
// CODEDEPLOY_PREDEFINED_CONFIGURATIONS_LIST), CodeDeploy's predefined
// Lambda configurations CodeDeployDefault.Lambda<name> (CodeDeploy User
// Guide, "Deployment configurations on an AWS Lambda compute platform").
var TrafficConfigs = []string{
	"Canary10Percent5Minutes", "Canary10Percent10Minutes", "Canary10Percent15Minutes", "Canary10Percent30Minutes",
	"Linear10PercentEvery1Minute", "Linear10PercentEvery2Minutes", "Linear10PercentEvery3Minutes", "Linear10PercentEvery10Minutes",
	"AllAtOnce",
}

// TrafficShift is one --traffic STAGE=CONFIG.
type TrafficShift struct {
	Stage  string
	Config string
}

// ParseTraffic reads a --traffic value.
func ParseTraffic(s string) TrafficShift {
	stage, config, _ := strings.Cut(s, "=")
	return TrafficShift{Stage: stage, Config: config}
}

// Default alarm thresholds: one error of the new version, or one 5XX
// response of the API, in a minute stops the shift.
const (
	DefaultErrorsThreshold = 1
	Default5xxThreshold    = 1
	MaxThreshold           = 1_000_000
)

// TrafficAlias is the alias SAM publishes (AutoPublishAlias).
const TrafficAlias = "live"

// alarmArn is a CloudWatch alarm a user adds to every shift
// (--alarm-arn): CodeDeploy takes alarms by name, in the deployment
// group's region and account (CodeDeploy API Reference, AlarmConfiguration),
// so the ARN's name goes to the deployment preference.
var alarmArn = constraint(`^arn:aws[a-z-]*:cloudwatch:[a-z0-9-]+:[0-9]{12}:alarm:[^'\x00-\x1f]{1,255}$`, 30, 400,
	"the ARN of a CloudWatch alarm, arn:aws:cloudwatch:REGION:ACCOUNT:alarm:NAME (no single quote in the name)")

func checkTraffic(p Params, bad func(flag, value, rule string)) {
	stages := map[string]bool{}
	for _, s := range p.Stages {
		stages[s.Name] = true
	}
	seen := map[string]bool{}
	for _, t := range p.Traffic {
		value := t.Stage + "=" + t.Config
		switch {
		case !stages[t.Stage]:
			bad("traffic", value, "not a deployment stage: give --traffic STAGE=CONFIG for a --stage")
		case seen[t.Stage]:
			bad("traffic", value, "the stage is given twice")
		case !slices.Contains(TrafficConfigs, t.Config):
			bad("traffic", value, "expected STAGE=CONFIG, CONFIG one of "+strings.Join(TrafficConfigs, ", "))
		}
		seen[t.Stage] = true
	}
	for _, a := range p.AlarmArns {
		if why := alarmArn.check(a); why != "" {
			bad("alarm-arn", a, why)
		}
	}
	if len(p.AlarmArns) > 0 && len(p.Traffic) == 0 {
		bad("alarm-arn", p.AlarmArns[0], "alarms stop a gradual deployment: give --traffic too")
	}
	for flag, n := range map[string]int{"traffic-errors-threshold": p.ErrorsThreshold, "traffic-5xx-threshold": p.FiveXXThreshold} {
		if n < 1 || n > MaxThreshold {
			bad(flag, strconv.Itoa(n), fmt.Sprintf("a count of 1 to %d in a minute", MaxThreshold))
		}
	}
}

// alarmNames are the names of the --alarm-arn alarms.
func alarmNames(arns []string) []string {
	out := make([]string, len(arns))
	for i, a := range arns {
		out[i] = a[strings.Index(a, ":alarm:")+len(":alarm:"):]
	}
	return out
}

// trafficArgs are the arguments of trafficCommand after the template
// path: the configuration, the thresholds and the alarm names as JSON, one
// shell word each (single quotes: checkTraffic keeps quotes out).
func trafficArgs(config string, p Params) string {
	names, _ := json.Marshal(alarmNames(p.AlarmArns)) // strings: cannot fail
	return fmt.Sprintf("%s %d %d '%s'", config, p.ErrorsThreshold, p.FiveXXThreshold, names)
}

// leadingTabs are the tabs that indent a line of Python source kept in Go
// (tabs, which gofmt leaves alone in a raw string).
var leadingTabs = regexp.MustCompile(`(?m)^\t+`)

// pythonSource turns the tab-indented Python of a Go raw string into
// Python indented by four spaces a level, as PEP 8 has it.
func pythonSource(src string) string {
	return strings.TrimSpace(leadingTabs.ReplaceAllStringFunc(src, func(tabs string) string {
		return strings.Repeat("    ", len(tabs))
	}))
}

// trafficCommand is the shell line (the template's path and trafficArgs
// follow) that turns a packaged chalice template into a gradually deployed
// one. Every deployment preference gets CodeDeploy's service role,
// $TRAFFIC_ROLE_ARN: the pipeline stack's TrafficShiftRole (under the
// pipeline's role path, with the AWS managed policy
// AWSCodeDeployRoleForLambda), so that SAM makes no role in the app's stack
// and the deploy role never attaches a managed policy: it only passes that
// one role to CodeDeploy. Every AWS::Serverless::Function
// gets AutoPublishAlias live and a DeploymentPreference whose alarms are its own Errors alarm (on the alias,
// named by string: an alarm naming the alias resource would make a
// dependency cycle with the deployment group, as AWS CDK notes, aws-cdk
// #2231), the REST API's 5XXError alarm for the API handler, and the
// user's; and what invokes a function directly is pointed at its alias:
// ${F.Arn} in integration URIs becomes ${F.Alias}, a websocket
// integration's function:${name} gains :live, and each invoke
// permission's FunctionName becomes F.Alias (SAM resolves both forms).
func trafficCommand() string {
	return "python3 -c '" + pythonSource(trafficSource) + "'"
}

// trafficSource is Python without single quotes (it sits in one).
const trafficSource = `
import json, os, re, sys
path, config, errors_threshold, api_threshold, user_alarms = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), json.loads(sys.argv[5])
template = json.load(open(path))
resources = template["Resources"]
functions = sorted(k for k, v in resources.items() if v.get("Type") == "AWS::Serverless::Function")
def alarm(description, namespace, metric, threshold, dimensions):
	return {"Type": "AWS::CloudWatch::Alarm", "Properties": {"AlarmDescription": description, "Namespace": namespace, "MetricName": metric,
		"Statistic": "Sum", "Period": 60, "EvaluationPeriods": 1, "Threshold": threshold,
		"ComparisonOperator": "GreaterThanOrEqualToThreshold", "TreatMissingData": "notBreaching", "Dimensions": dimensions}}
role = os.environ["TRAFFIC_ROLE_ARN"]
for f in functions:
	resources[f + "ErrorsAlarm"] = alarm("Errors of the new version of %s while traffic shifts to it" % f, "AWS/Lambda", "Errors", errors_threshold,
		[{"Name": "FunctionName", "Value": {"Ref": f}}, {"Name": "Resource", "Value": {"Fn::Sub": "${%s}:live" % f}}])
	properties = resources[f].setdefault("Properties", {})
	properties["AutoPublishAlias"] = "live"
	properties["DeploymentPreference"] = {"Type": config, "Role": role,
		"Alarms": [{"Ref": f + "ErrorsAlarm"}] + user_alarms}
api = resources.get("RestAPI", {})
if api.get("Type") == "AWS::Serverless::Api" and "APIHandler" in functions:
	body = api["Properties"].get("DefinitionBody", {})
	resources["RestAPI5XXAlarm"] = alarm("5XX errors of the REST API while traffic shifts", "AWS/ApiGateway", "5XXError", api_threshold,
		[{"Name": "ApiName", "Value": body.get("info", {}).get("title", "")}, {"Name": "Stage", "Value": api["Properties"].get("StageName", "api")}])
	resources["APIHandler"]["Properties"]["DeploymentPreference"]["Alarms"].insert(1, {"Ref": "RestAPI5XXAlarm"})
shifted = "|".join(map(re.escape, functions)) or "$^"
arn_ref = re.compile(r"\$\{(" + shifted + r")\.Arn\}")
def retarget(value):
	if isinstance(value, list):
		return [retarget(v) for v in value]
	if not isinstance(value, dict):
		return value
	sub = value.get("Fn::Sub")
	if isinstance(sub, str):
		return {"Fn::Sub": arn_ref.sub(r"${\1.Alias}", sub)}
	if isinstance(sub, list) and len(sub) == 2 and isinstance(sub[0], str) and isinstance(sub[1], dict):
		text = arn_ref.sub(r"${\1.Alias}", sub[0])
		for name, v in sub[1].items():
			if isinstance(v, dict) and v.get("Ref") in functions:
				text = text.replace(":function:${%s}/" % name, ":function:${%s}:live/" % name)
		return {"Fn::Sub": [text, retarget(sub[1])]}
	return {k: retarget(v) for k, v in value.items()}
for name, r in list(resources.items()):
	if r.get("Type") == "AWS::Serverless::Function":
		continue
	if r.get("Type") == "AWS::Lambda::Permission":
		target = r.get("Properties", {}).get("FunctionName")
		if isinstance(target, dict):
			getatt = target.get("Fn::GetAtt")
			f = target.get("Ref") or (getatt[0] if isinstance(getatt, list) and getatt[1:] == ["Arn"] else None)
			if f in functions:
				r["Properties"]["FunctionName"] = {"Ref": f + ".Alias"}
	resources[name] = retarget(r)
json.dump(template, open(path, "w"), indent=2)
`
