package deployrole_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/pipegen/pipegen/render/deployrole"
	"github.com/pipegen/pipegen/render/iam"
	"github.com/pipegen/pipegen/render/stackcalls"
	"github.com/pipegen/pipegen/render/stacksim"
	"github.com/pipegen/pipegen/schema"
)

var handlers = schema.Vendored().HandlerPermissions

// sub writes Fn::Sub text as a template value.
func sub(s string) any {
	if strings.Contains(s, "${") {
		return map[string]any{"Fn::Sub": s}
	}
	return s
}

func subs(list []string) []any {
	out := make([]any, len(list))
	for i, s := range list {
		out[i] = sub(s)
	}
	return out
}

// policyDocument is the statements as a template's PolicyDocument.
func policyDocument(sts []deployrole.Statement) map[string]any {
	var list []any
	for _, st := range sts {
		m := map[string]any{"Sid": st.Sid, "Effect": st.Effect, "Action": toAny(st.Actions), "Resource": subs(st.Resources)}
		if len(st.Conditions) > 0 {
			cond := map[string]any{}
			for _, c := range st.Conditions {
				op, _ := cond[c.Operator].(map[string]any)
				if op == nil {
					op = map[string]any{}
					cond[c.Operator] = op
				}
				op[c.Key] = subs(c.Values)
			}
			m["Condition"] = cond
		}
		list = append(list, m)
	}
	return map[string]any{"Version": "2012-10-17", "Statement": list}
}

func toAny(list []string) []any {
	out := make([]any, len(list))
	for i, s := range list {
		out[i] = s
	}
	return out
}

// pipelineWith is a minimal pipeline stack holding the deploy role and the
// bucket of packaged code, for app appName.
func pipelineWith(t *testing.T, appName string, sts []deployrole.Statement) (*stacksim.Role, string) {
	t.Helper()
	tmpl := map[string]any{
		"Parameters": map[string]any{"ApplicationName": map[string]any{"Type": "String", "Default": appName}},
		"Resources": map[string]any{
			"ApplicationBucket": map[string]any{"Type": "AWS::S3::Bucket"},
			"CFNDeployRole": map[string]any{"Type": "AWS::IAM::Role", "Properties": map[string]any{
				"Path":     "/pipegen/",
				"Policies": []any{map[string]any{"PolicyName": "DeployAccess", "PolicyDocument": policyDocument(sts)}},
			}},
		},
	}
	s, err := stacksim.New(appName+"-pipeline", tmpl, stacksim.DefaultEnvironment, nil)
	if err != nil {
		t.Fatal(err)
	}
	roles, err := s.Roles()
	if err != nil {
		t.Fatal(err)
	}
	return roles["CFNDeployRole"], s.Resources["ApplicationBucket"].Ref
}

// relocate replaces the bucket the reference templates were packaged into
// with the pipeline's, where the build uploads the code.
func relocate(v any, from, to string) any {
	switch v := v.(type) {
	case map[string]any:
		for k, item := range v {
			v[k] = relocate(item, from, to)
		}
	case []any:
		for i, item := range v {
			v[i] = relocate(item, from, to)
		}
	case string:
		if v == from {
			return to
		}
		return strings.Replace(v, "s3://"+from+"/", "s3://"+to+"/", 1)
	}
	return v
}

func loadApp(t *testing.T, path string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// fixtures are the reference app and the feature apps, with the options a
// user gives pipegen for what their stacks reach outside the app.
var fixtures = []struct {
	dir, app string
	options  func(*deployrole.Input)
	edge     bool // the app has an edge-optimized custom domain
}{
	{"orders", "orders", nil, false},
	{"features/custom-domains-edge", "domainsedge", nil, true},
	{"features/custom-domains-regional", "domainsregional", nil, false},
	{"features/events", "events", nil, false},
	{"features/functions", "functions", nil, false},
	{"features/iam-policy-file", "policyfile", nil, false},
	{"features/iam-role-arn", "rolearn", func(in *deployrole.Input) {
		in.AppRoles = []string{"arn:${AWS::Partition}:iam::${AWS::AccountId}:role/rolearn-dev", "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/service-role/rolearn-worker"}
	}, false},
	{"features/layers", "layers", nil, false},
	{"features/rest-api", "restapi", func(in *deployrole.Input) {
		in.AppRoles = []string{"arn:${AWS::Partition}:iam::${AWS::AccountId}:role/shared-authorizer-invoke", "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/restapi-authorizer-invoke"}
	}, false},
	{"features/rest-private-policy", "privatepolicy", nil, false},
	{"features/rest-private-vpce", "privatevpce", nil, false},
	{"features/vpc", "vpc", nil, false},
	{"features/websocket", "websocket", nil, false},
}

func translatedOf(dir string) string {
	if dir == "orders" {
		return "../../testdata/chalice/orders/translated/dev.json"
	}
	return "../../testdata/chalice/" + dir + "/translated.json"
}

// denials evaluates every call of a fixture's beta stack against the role
// derived for it and returns the calls the role does not allow.
func denials(t *testing.T, dir, app string, in deployrole.Input, edge bool) []stackcalls.Call {
	t.Helper()
	actions, err := deployrole.Actions(handlers, deployrole.AppTypes)
	if err != nil {
		t.Fatal(err)
	}
	sts, err := deployrole.Statements(in, actions)
	if err != nil {
		t.Fatal(err)
	}
	if edge {
		sts = append(sts, deployrole.EdgeDomainStatements()...)
	}
	role, bucket := pipelineWith(t, app, sts)
	tmpl := relocate(loadApp(t, translatedOf(dir)), "orders-application-bucket", bucket).(map[string]any)
	stack, err := stacksim.New(app+"BetaStack", tmpl, stacksim.DefaultEnvironment, nil)
	if err != nil {
		t.Fatal(err)
	}
	calls, err := stackcalls.Calls(stack, handlers)
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) == 0 {
		t.Fatal("no calls: the fixture or the walk is broken")
	}
	var denied []stackcalls.Call
	for _, c := range calls {
		if role.Evaluate(c.Request).Decision != iam.Allowed {
			denied = append(denied, c)
		}
	}
	return denied
}

func betaInput() deployrole.Input {
	return deployrole.Input{
		Stages:      []deployrole.Stage{{NamePattern: "${ApplicationName}BetaStack-*", ChaliceStage: "dev"}},
		AppName:     "${ApplicationName}",
		CodeObjects: "${ApplicationBucket.Arn}/*",
	}
}

// TestDerivedRoleAllowsEveryFeature: for the reference app and every
// feature app, the role derived for it allows every call CloudFormation
// makes to create, read, update and delete its beta stack; and the calls
// that need an option are denied without it.
func TestDerivedRoleAllowsEveryFeature(t *testing.T) {
	for _, f := range fixtures {
		t.Run(f.dir, func(t *testing.T) {
			in := betaInput()
			if f.options != nil {
				f.options(&in)
			}
			for _, c := range denials(t, f.dir, f.app, in, f.edge) {
				t.Errorf("denied: %s", c)
			}
			if f.options == nil && !f.edge {
				return
			}
			without := denials(t, f.dir, f.app, betaInput(), false)
			if len(without) == 0 {
				t.Error("without its option the role still allows every call: the option grants nothing needed")
			}
			for _, c := range without {
				if a := c.Request.Action; a != "iam:PassRole" && a != "cloudfront:UpdateDistribution" {
					t.Errorf("without the option, an unrelated call is denied: %s", c)
				}
			}
		})
	}
}
