package render

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/pipegen/pipegen/render/cfnnames"
	"github.com/pipegen/pipegen/render/iam"
	"github.com/pipegen/pipegen/render/stacksim"
	"github.com/pipegen/pipegen/schema"
	"github.com/pipegen/pipegen/tmpl"
)

// TestExactScopesReachNoOtherApp: for apps whose scopes are exact, no name
// CloudFormation generates in another valid app's stage stack matches any
// of their patterns. The other apps are built to come close: this app's
// name with letters, hyphens, stage titles or "Stack" added, removed or
// changed; names pipegen refuses are skipped, as they cannot be deployed.
func TestExactScopesReachNoOtherApp(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 9))
	pieces := []string{"a", "b", "shop", "-", "x", "Beta", "Prod", "Stack", "beta", "-prod", "1", "S", "Sta", "ck", "admin"}
	word := func() string {
		var b strings.Builder
		for n := 1 + rng.IntN(5); n > 0; n-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		return b.String()
	}
	valid := func(app string) bool { return Constraints["ApplicationName"].check(app) == "" }
	stageSets := [][]Stage{{{Name: "beta"}}, {{Name: "beta"}, {Name: "prod"}}, {{Name: "b"}, {Name: "x1"}}}
	stageNames := []string{"beta", "prod", "b", "x1", "dev", "staging", "p", "stackx"}
	checked := 0
	for range 4000 {
		app := word()
		stages := stageSets[rng.IntN(len(stageSets))]
		if !valid(app) {
			continue
		}
		sc := newScoping(app, stages)
		if !sc.Exact {
			continue
		}
		for _, other := range nearNames(rng, app, stages, pieces) {
			if other == app || !valid(other) {
				continue
			}
			otherStage := stageNames[rng.IntN(len(stageNames))]
			if stageName.check(otherStage) != "" {
				continue
			}
			stack := other + stageTitle(otherStage) + "Stack"
			logical := strings.Repeat("L", 1+rng.IntN(60))
			name, err := cfnnames.Generate(stack, logical, "AbCdEf123456", cfnnames.MaxLength)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range sc.Patterns {
				pattern := strings.ReplaceAll(p, "${ApplicationName}", app)
				if iam.MatchARN("arn:aws:lambda:r:1:function:"+pattern, "arn:aws:lambda:r:1:function:"+name) {
					t.Fatalf("app %q (stages %v, pattern %s) reaches app %q's %s (stack %s)", app, stages, pattern, other, name, stack)
				}
			}
			checked++
		}
	}
	if checked < 2000 {
		t.Fatalf("only %d pairs checked: the generator is broken", checked)
	}
}

// nearNames are names built to collide with app's stack names: each of its
// stack names with more after it (<app><Stage>Stack-x, <app><Stage>Stackx),
// its prefixes, and random edits.
func nearNames(rng *rand.Rand, app string, stages []Stage, pieces []string) []string {
	var out []string
	for _, s := range stages {
		stack := app + stageTitle(s.Name) + "Stack"
		out = append(out, stack+"-x", stack+"x", stack, stack[:len(stack)-1], app+stageTitle(s.Name))
	}
	for i := 1; i < len(app); i++ {
		out = append(out, app[:i])
	}
	other := app
	for n := 1 + rng.IntN(3); n > 0 && other != ""; n-- {
		other = mutate(rng, other, pieces)
	}
	return append(out, other)
}

// mutate returns a name near app: a piece added at either end, a
// character removed, or a piece replacing a character.
func mutate(rng *rand.Rand, app string, pieces []string) string {
	piece := pieces[rng.IntN(len(pieces))]
	if app == "" {
		return piece
	}
	i := rng.IntN(len(app))
	switch rng.IntN(4) {
	case 0:
		return app + piece
	case 1:
		return piece + app
	case 2:
		return app[:i] + app[i+1:]
	}
	return app[:i] + piece + app[i+1:]
}

func TestScopingWarnings(t *testing.T) {
	cases := []struct {
		app    string
		stages []Stage
		want   string // "" for exact scopes
	}{
		{"shop", []Stage{{Name: "beta"}, {Name: "prod"}}, ""},
		{"abcdefghijklmnop", []Stage{{Name: "beta"}, {Name: "prod"}}, ""},
		{"abcdefghijklmnopq", []Stage{{Name: "beta"}, {Name: "prod"}}, "at most 16 characters keeps the scopes exact"},
		{"a", []Stage{{Name: "averyveryverylongstage"[:20]}}, "shorter stage names keep the scopes exact"},
	}
	for _, c := range cases {
		sc := newScoping(c.app, c.stages)
		got := sc.warning(c.app)
		if (c.want == "") != sc.Exact || !strings.Contains(got, c.want) {
			t.Errorf("%s %v: exact %v, warning %q; want %q", c.app, c.stages, sc.Exact, got, c.want)
		}
		if !sc.Exact {
			if con := sc.applicationNameConstraint(c.app); con.check(c.app) != "" || con.check(c.app+"x") == "" {
				t.Errorf("%s: prefix scopes must pin the parameter to the name", c.app)
			}
		}
	}
}

// TestDeployPolicyFitsIAMsLimit: the deploy role's inline policy stays
// under IAM's 10,240 characters for the stages a pipeline usually has,
// and a pipeline with too many stages is refused before it is written.
func TestDeployPolicyFitsIAMsLimit(t *testing.T) {
	stages := func(n int) []Stage {
		var out []Stage
		for i := range n {
			out = append(out, Stage{Name: fmt.Sprintf("stage%d", i)})
		}
		return out
	}
	for _, app := range []string{"a", "abcdefghijklmnop", strings.Repeat("long-name", 11)[:92]} {
		if _, err := Render(tmpl.FS(), Params{AppName: app, Stages: stages(5), AppRoleArns: []string{"arn:aws:iam::123456789012:role/r"},
			PermissionsBoundaryArn: "arn:aws:iam::123456789012:policy/b"}, testToday()); err != nil {
			t.Errorf("%s with 5 stages: %v", app, err)
		}
	}
	_, err := Render(tmpl.FS(), Params{AppName: "shop", Stages: stages(9)}, testToday())
	if err == nil || !strings.Contains(err.Error(), "over the 10240 IAM allows") {
		t.Errorf("9 stages: %v, want the policy size refused", err)
	}
}

// TestPolicySizeMeasuresWhatIsRendered: the measure checkPolicySize uses
// is never below the size of the deploy role's inline policies as
// CloudFormation resolves them (every one of them, the edge domain's and
// the key's included) in the longest partition and region.
func TestPolicySizeMeasuresWhatIsRendered(t *testing.T) {
	env := stacksim.Environment{Partition: "aws-us-gov", Region: "ap-southeast-3", Account: "123456789012"}
	many := []Stage{{Name: "beta"}, {Name: "prod"}, {Name: "s3"}, {Name: "s4"}}
	for _, p := range []Params{
		{AppName: "shop"},
		{AppName: "shop", Stages: many, EdgeDomains: true, KMSKeyArn: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
			PermissionsBoundaryArn: "arn:aws:iam::123456789012:policy/b", AppRoleArns: []string{"arn:aws:iam::123456789012:role/r"}},
		{AppName: strings.Repeat("long-name", 11)[:92], Stages: many, CreateKMSKey: true, EdgeDomains: true},
	} {
		p = p.WithDefaults()
		data, _, err := newPipeline(p)
		if err != nil {
			t.Fatal(err)
		}
		estimate, appName := deployPolicySize(p, newScoping(p.AppName, p.Stages), data)
		out, err := Render(tmpl.FS(), p, testToday())
		if err != nil {
			t.Fatal(err)
		}
		doc, findings := schema.Parse("p.yml", []byte(out.Template))
		if doc == nil {
			t.Fatal(findings)
		}
		stack, err := stacksim.New("p", doc.Root, env, map[string]string{"ApplicationName": appName})
		if err != nil {
			t.Fatal(err)
		}
		roles, err := stack.Roles()
		if err != nil {
			t.Fatal(err)
		}
		actual := 0
		for _, pol := range roles["CFNDeployRole"].Policies {
			data, _ := json.Marshal(policyJSON(pol))
			actual += len(data)
		}
		if estimate < actual || estimate > actual+actual/10 {
			t.Errorf("%s, %d stages: measured %d, rendered %d", p.AppName, len(p.Stages), estimate, actual)
		}
	}
}

// policyJSON is a parsed policy back as the document IAM measures.
func policyJSON(p iam.Policy) map[string]any {
	var sts []map[string]any
	for _, st := range p.Statements {
		m := map[string]any{"Sid": st.Sid, "Effect": st.Effect, "Action": st.Actions, "Resource": st.Resources}
		if len(st.Conditions) > 0 {
			cond := map[string]map[string][]string{}
			for _, c := range st.Conditions {
				if cond[c.Operator] == nil {
					cond[c.Operator] = map[string][]string{}
				}
				cond[c.Operator][c.Key] = c.Values
			}
			m["Condition"] = cond
		}
		sts = append(sts, m)
	}
	return map[string]any{"Version": "2012-10-17", "Statement": sts}
}
