package resources

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/pipegen/pipegen/render/iam/sar"
	"github.com/pipegen/pipegen/schema/rules"
	"github.com/pipegen/pipegen/schema/template"
)

// Security: warnings about what a hand-edited pipeline template loosens
// (W9001-W9006). They match the checklist behind pipegen's own templates
// (cfn-nag and checkov flag the same things); their ids are pipegen's own.

// identityPolicies lists where each IAM type keeps its policy documents.
var identityPolicies = map[string]func(props map[string]any) map[string]any{
	"AWS::IAM::Role":          inlinePolicies,
	"AWS::IAM::User":          inlinePolicies,
	"AWS::IAM::Group":         inlinePolicies,
	"AWS::IAM::Policy":        singlePolicy,
	"AWS::IAM::ManagedPolicy": singlePolicy,
}

// inlinePolicies maps the path suffix of each inline policy document to it.
func inlinePolicies(props map[string]any) map[string]any {
	out := map[string]any{}
	list, _ := props["Policies"].([]any)
	for i, p := range list {
		if m, ok := p.(map[string]any); ok {
			out[template.Path("Policies", strconv.Itoa(i), "PolicyDocument")] = m["PolicyDocument"]
		}
	}
	return out
}

func singlePolicy(props map[string]any) map[string]any {
	return map[string]any{"PolicyDocument": props["PolicyDocument"]}
}

// security runs the IAM and bucket rules over every resource.
func security(m *rules.Model, r *rules.Report) {
	protected := tlsOnlyBuckets(m.Resources)
	for _, id := range m.ResourceNames {
		res, _ := m.Resources[id].(map[string]any)
		typ, _ := res["Type"].(string)
		props, _ := res["Properties"].(map[string]any)
		path := template.Path("Resources", id, "Properties")
		if policies, ok := identityPolicies[typ]; ok {
			docs := policies(props)
			for _, suffix := range slices.Sorted(maps.Keys(docs)) {
				identityPolicy(m, r, template.Path(path, suffix), docs[suffix])
			}
		}
		if typ == "AWS::S3::Bucket" {
			bucket(m, r, id, props, protected[id])
		}
	}
}

// identityPolicy checks each Allow statement of a policy document.
func identityPolicy(m *rules.Model, r *rules.Report, path string, doc any) {
	d, _ := doc.(map[string]any)
	statements, _ := d["Statement"].([]any)
	if s, single := d["Statement"].(map[string]any); single {
		statements = []any{s}
	}
	for i, st := range statements {
		s, _ := st.(map[string]any)
		if s == nil || s["Effect"] != "Allow" {
			continue
		}
		at := template.Path(path, "Statement", strconv.Itoa(i))
		actions, resources := rules.StringsOf(s["Action"]), rules.StringsOf(s["Resource"])
		everyResource := slices.Contains(resources, "*")
		for _, a := range actions {
			switch {
			case a == "*" || strings.HasSuffix(a, ":*"):
				r.Add(rules.WildcardAction, m.Doc.PosOf(template.Path(at, "Action")), template.Path(at, "Action"),
					"Action %q allows every action%s; list the actions the role needs", a, serviceOf(a))
			case strings.EqualFold(a, "iam:PassRole") && everyResource:
				r.Add(rules.PassRoleWildcard, m.Doc.PosOf(template.Path(at, "Resource")), template.Path(at, "Resource"),
					"iam:PassRole on Resource \"*\" lets the role hand any role to a service (privilege escalation); name the roles it passes")
			case everyResource && couldNameResources(a):
				r.Add(rules.WildcardResource, m.Doc.PosOf(template.Path(at, "Resource")), template.Path(at, "Resource"),
					"%s is allowed on Resource \"*\"; name the resources (ARNs with ${AWS::Partition}) where the service supports it", a)
			}
		}
	}
}

func serviceOf(action string) string {
	if svc, _, ok := strings.Cut(action, ":"); ok {
		return " of " + svc
	}
	return " of every service"
}

// couldNameResources reports whether granting a write action on "*" is
// worth a warning: the action changes something and takes a resource the
// statement could name. For the services the Service Authorization
// Reference covers (render/iam/sar) it decides both, so actions that take
// no resource (lambda:CreateEventSourceMapping, xray:PutTraceSegments),
// which can only be granted on "*", are not flagged, nor are reads named
// like writes (sqs:ReceiveMessage). For other services and wildcards,
// IAM's naming is the guess. Names that read as reads never reach the
// SAR: the common case costs nothing.
func couldNameResources(action string) bool {
	if !isWriteAction(action) {
		return false
	}
	a, ok := sar.Lookup(action)
	if !ok {
		return true
	}
	return len(a.Resources) > 0 && a.AccessLevel != "Read" && a.AccessLevel != "List"
}

// isWriteAction guesses from IAM's naming that an action changes something.
func isWriteAction(action string) bool {
	_, name, ok := strings.Cut(action, ":")
	if !ok {
		return true
	}
	for _, read := range []string{"Get", "List", "Describe", "BatchGet", "Head"} {
		if strings.HasPrefix(name, read) {
			return false
		}
	}
	return true
}

var publicAccessBlocks = []string{"BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"}

func bucket(m *rules.Model, r *rules.Report, id string, props map[string]any, tlsOnly bool) {
	path := template.Path("Resources", id)
	block, _ := props["PublicAccessBlockConfiguration"].(map[string]any)
	var missing []string
	for _, k := range publicAccessBlocks {
		if v := block[k]; v != true && v != "true" {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		r.Add(rules.PublicBucket, m.Doc.KeyPosOf(path), path,
			"bucket %s does not set %s to true in PublicAccessBlockConfiguration", id, strings.Join(missing, ", "))
	}
	if !tlsOnly {
		r.Add(rules.InsecureBucket, m.Doc.KeyPosOf(path), path,
			"bucket %s has no AWS::S3::BucketPolicy denying requests without TLS (Deny with Condition Bool aws:SecureTransport false)", id)
	}
}

// tlsOnlyBuckets finds the buckets whose policy denies plain-HTTP requests.
func tlsOnlyBuckets(res map[string]any) map[string]bool {
	out := map[string]bool{}
	for _, r := range res {
		m, _ := r.(map[string]any)
		if m["Type"] != "AWS::S3::BucketPolicy" {
			continue
		}
		props, _ := m["Properties"].(map[string]any)
		ref, _ := props["Bucket"].(map[string]any)
		bucket, _ := ref["Ref"].(string)
		doc, _ := props["PolicyDocument"].(map[string]any)
		statements, _ := doc["Statement"].([]any)
		for _, st := range statements {
			s, _ := st.(map[string]any)
			cond, _ := s["Condition"].(map[string]any)
			b, _ := cond["Bool"].(map[string]any)
			if s["Effect"] == "Deny" && (b["aws:SecureTransport"] == "false" || b["aws:SecureTransport"] == false) {
				out[bucket] = true
			}
		}
	}
	return out
}

// hardPartitions warns about literal ARNs such as arn:aws:s3:::b in
// Resources and Outputs, which break in the China and GovCloud partitions;
// ${AWS::Partition} works in all.
func hardPartitions(m *rules.Model, r *rules.Report) {
	for _, l := range m.ARNs {
		at := l.At.String()
		r.At(rules.HardPartition, at, "%q names the partition literally; write arn:${AWS::Partition}:... (with !Sub) so the template works in every partition", l.Text)
	}
}
