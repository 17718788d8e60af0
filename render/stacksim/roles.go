package stacksim

import (
	"fmt"

	"github.com/pipegen/pipegen/render/iam"
)

// Role is an IAM role of the stack with its identity-based policies
// resolved: inline policies, and the AWS::IAM::Policy resources of the
// stack attached to it. Managed policies are listed by ARN only: their
// documents are not in the template.
type Role struct {
	LogicalID         string
	Name, Path, Arn   string
	Policies          []iam.Policy
	ManagedPolicyArns []string
	Trust             any // AssumeRolePolicyDocument, resolved
}

// Roles returns the stack's roles by logical id.
func (s *Stack) Roles() (map[string]*Role, error) {
	roles := map[string]*Role{}
	for _, r := range s.OfType("AWS::IAM::Role") {
		role, err := s.role(r)
		if err != nil {
			return nil, fmt.Errorf("role %s: %w", r.LogicalID, err)
		}
		roles[r.LogicalID] = role
	}
	for _, r := range s.OfType("AWS::IAM::Policy") {
		if err := s.attachPolicy(r, roles); err != nil {
			return nil, fmt.Errorf("policy %s: %w", r.LogicalID, err)
		}
	}
	return roles, nil
}

func (s *Stack) role(r *Resource) (*Role, error) {
	props, err := s.Resolve(r.Properties)
	if err != nil {
		return nil, err
	}
	p, _ := props.(map[string]any)
	role := &Role{LogicalID: r.LogicalID, Name: r.Ref, Arn: r.Attributes["Arn"], Path: "/", Trust: p["AssumeRolePolicyDocument"]}
	if path, ok := p["Path"].(string); ok {
		role.Path = path
	}
	inline, _ := p["Policies"].([]any)
	for i, item := range inline {
		m, _ := item.(map[string]any)
		name, _ := m["PolicyName"].(string)
		pol, err := iam.ParsePolicy(fmt.Sprintf("%s/Policies/%d (%s)", r.LogicalID, i, name), m["PolicyDocument"])
		if err != nil {
			return nil, err
		}
		role.Policies = append(role.Policies, pol)
	}
	managed, _ := p["ManagedPolicyArns"].([]any)
	for _, a := range managed {
		if arn, ok := a.(string); ok {
			role.ManagedPolicyArns = append(role.ManagedPolicyArns, arn)
		}
	}
	return role, nil
}

// attachPolicy adds an AWS::IAM::Policy to each role of the stack it names.
func (s *Stack) attachPolicy(r *Resource, roles map[string]*Role) error {
	props, err := s.Resolve(r.Properties)
	if err != nil {
		return err
	}
	p, _ := props.(map[string]any)
	pol, err := iam.ParsePolicy(r.LogicalID, p["PolicyDocument"])
	if err != nil {
		return err
	}
	names, _ := p["Roles"].([]any)
	for _, n := range names {
		attached := false
		for _, role := range roles {
			if role.Name == n {
				role.Policies = append(role.Policies, pol)
				attached = true
			}
		}
		if !attached {
			return fmt.Errorf("names role %v, which is not a role of this stack", n)
		}
	}
	return nil
}

// Evaluate answers a request against the role's policies.
func (r *Role) Evaluate(req iam.Request) iam.Result {
	return iam.Evaluate(r.Policies, req)
}
