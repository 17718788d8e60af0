package sections

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pipegen/pipegen/schema/rules"
	"github.com/pipegen/pipegen/schema/suggest"
	"github.com/pipegen/pipegen/schema/template"
)

// Policies: DeletionPolicy (E3035) and UpdateReplacePolicy (E3036) are
// policy names, or functions that give one. CloudFormation's page
// "Intrinsic function references in DeletionPolicy and UpdateReplacePolicy
// attributes" took these first with the AWS::LanguageExtensions transform
// only; today it takes them in any template (its first example has no
// transform), and so does cfn-lint (Ref, Fn::If, Fn::FindInMap,
// Fn::Select, Fn::Sub).

// deletionPolicies are the values DeletionPolicy and UpdateReplacePolicy
// take; Snapshot only for the types in snapshotTypes (cfn-lint's list).
var deletionPolicies = []string{"Delete", "Retain", "RetainExceptOnCreate", "Snapshot"}

var snapshotTypes = []string{
	"AWS::DocDB::DBCluster", "AWS::EC2::Volume", "AWS::ElastiCache::CacheCluster",
	"AWS::ElastiCache::ReplicationGroup", "AWS::Neptune::DBCluster", "AWS::RDS::DBCluster",
	"AWS::RDS::DBInstance", "AWS::Redshift::Cluster",
}

// policies checks DeletionPolicy and UpdateReplacePolicy: one of the policy
// names, or a Ref, Fn::If, Fn::FindInMap, Fn::Select or Fn::Sub that gives one.
func policies(m *rules.Model, r *rules.Report) {
	for _, id := range m.ResourceNames {
		res, _ := m.Resources[id].(map[string]any)
		typ, _ := res["Type"].(string)
		names := deletionPolicies
		if !slices.Contains(snapshotTypes, typ) {
			names = deletionPolicies[:3]
		}
		for _, attr := range []string{"DeletionPolicy", "UpdateReplacePolicy"} {
			if v, has := res[attr]; has {
				rule := rules.DeletionPolicy
				if attr == "UpdateReplacePolicy" {
					rule = rules.UpdateReplacePolicy
				}
				p := policyCheck{m: m, r: r, rule: rule, attr: attr, typ: typ, names: names}
				p.check(v, template.Path("Resources", id, attr))
			}
		}
	}
}

// policyCheck checks one DeletionPolicy or UpdateReplacePolicy value.
type policyCheck struct {
	m         *rules.Model
	r         *rules.Report
	rule      *rules.Info
	attr, typ string
	names     []string // the policy names the resource type takes
}

func (p policyCheck) check(v any, path string) {
	want := strings.Join(p.names, ", ")
	if s, ok := v.(string); ok {
		if !slices.Contains(p.names, s) {
			p.r.At(p.rule, path, "%s must be one of %s, got %q%s", p.attr, want, s, p.snapshotHint(s))
		}
		return
	}
	fn, arg, isFn := template.Call(v)
	if !isFn {
		p.r.At(p.rule, path, "%s must be one of %s, got %s", p.attr, want, template.Describe(v))
		return
	}
	switch fn {
	case "Ref":
		name, _ := arg.(string)
		param, _ := p.m.Params[name].(map[string]any)
		if def, ok := param["Default"].(string); ok && !slices.Contains(p.names, def) {
			p.r.At(p.rule, template.Join(path, fn), "%s is parameter %s, whose Default %q is not one of %s", p.attr, name, def, want)
		}
	case "Fn::If":
		if list, ok := arg.([]any); ok && len(list) == 3 {
			p.check(list[1], template.Path(path, fn, "1"))
			p.check(list[2], template.Path(path, fn, "2"))
		}
	case "Fn::FindInMap", "Fn::Sub", "Fn::Select":
	default:
		p.r.Key(p.rule, template.Join(path, fn), "%s takes one of %s, or a Ref, Fn::If, Fn::FindInMap, Fn::Select or Fn::Sub that gives one; %s cannot give a policy name", p.attr, want, fn)
	}
}

// snapshotHint explains a Snapshot the type cannot take, or suggests a name.
func (p policyCheck) snapshotHint(s string) string {
	if s == "Snapshot" {
		return fmt.Sprintf(": %s cannot be snapshotted (Snapshot is for %s)", p.typ, strings.Join(snapshotTypes, ", "))
	}
	return suggest.DidYouMean(s, p.names)
}
