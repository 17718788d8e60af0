// Package stacksim simulates, offline, what a CloudFormation stack makes of
// a template as far as IAM is concerned: the physical names and ARNs of its
// resources (named as CloudFormation names them when the template does
// not), the values of its intrinsic functions, and its IAM roles as
// policies the iam package can evaluate.
//
// Tests use it to turn a rendered pipeline template, or an application's
// packaged template, into the concrete ARNs and policies a real stack would
// have in an account. Random parts of names (CloudFormation's 12-character
// suffixes, API ids, UUIDs) are derived from the logical id, so runs are
// deterministic.
package stacksim

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dlclark/regexp2"
)

// Environment is where the stack is deployed.
type Environment struct {
	Partition string // aws
	Region    string // us-east-1
	Account   string // 123456789012
}

// DefaultEnvironment is the account and region of the reference app's
// translated templates.
var DefaultEnvironment = Environment{Partition: "aws", Region: "us-east-1", Account: "123456789012"}

// URLSuffix is AWS::URLSuffix of the environment's partition.
func (e Environment) URLSuffix() string {
	if e.Partition == "aws-cn" {
		return "amazonaws.com.cn"
	}
	return "amazonaws.com"
}

// Stack is a template deployed under a stack name.
type Stack struct {
	Name       string
	Env        Environment
	Template   map[string]any
	Parameters map[string]string // the value of every parameter
	Resources  map[string]*Resource
	conditions map[string]bool
}

// Resource is one resource of the stack with its physical identity.
type Resource struct {
	LogicalID    string
	Type         string
	Properties   map[string]any // as written; resolve values with Stack.Resolve
	UpdatePolicy map[string]any // as written (CodeDeployLambdaAliasUpdate)
	Ref          string         // what Ref returns
	Attributes   map[string]string
}

// New deploys template (decoded JSON or YAML) as stack name: parameters
// take their Default unless overrides gives a value; every resource gets
// its physical name and attributes.
func New(name string, template map[string]any, env Environment, overrides map[string]string) (*Stack, error) {
	s := &Stack{Name: name, Env: env, Template: template, Parameters: map[string]string{}, Resources: map[string]*Resource{}}
	if err := s.readParameters(overrides); err != nil {
		return nil, err
	}
	if err := s.evaluateConditions(); err != nil {
		return nil, err
	}
	resources, _ := template["Resources"].(map[string]any)
	if len(resources) == 0 {
		return nil, fmt.Errorf("stack %s: the template has no Resources", name)
	}
	// Names first, in an order where a resource's name may refer to
	// resources named before it (a log group named after its function).
	pending := slices.Sorted(maps.Keys(resources))
	for len(pending) > 0 {
		var retry []string
		var lastErr error
		for _, id := range pending {
			if err := s.addResource(id, resources[id]); err != nil {
				retry, lastErr = append(retry, id), err
			}
		}
		if len(retry) == len(pending) {
			return nil, fmt.Errorf("stack %s: %w", name, lastErr)
		}
		pending = retry
	}
	return s, nil
}

func (s *Stack) readParameters(overrides map[string]string) error {
	params, _ := s.Template["Parameters"].(map[string]any)
	for name, p := range params {
		def, _ := p.(map[string]any)
		if v, ok := overrides[name]; ok {
			s.Parameters[name] = v
		} else if d, ok := def["Default"]; ok {
			s.Parameters[name] = fmt.Sprint(d)
		} else {
			return fmt.Errorf("stack %s: parameter %s has no Default and no value", s.Name, name)
		}
		if err := checkParameter(def, s.Parameters[name]); err != nil {
			return fmt.Errorf("stack %s: parameter %s %q: %w", s.Name, name, s.Parameters[name], err)
		}
	}
	for name := range overrides {
		if _, ok := params[name]; !ok {
			return fmt.Errorf("stack %s: no parameter %s to override", s.Name, name)
		}
	}
	return nil
}

func (s *Stack) addResource(id string, raw any) error {
	m, ok := raw.(map[string]any)
	if !ok {
		return fmt.Errorf("resource %s is not a mapping", id)
	}
	if cond, ok := m["Condition"].(string); ok && !s.conditions[cond] {
		return nil // not created
	}
	typ, _ := m["Type"].(string)
	props, _ := m["Properties"].(map[string]any)
	policy, _ := m["UpdatePolicy"].(map[string]any)
	r := &Resource{LogicalID: id, Type: typ, Properties: props, UpdatePolicy: policy, Attributes: map[string]string{}}
	if err := s.identify(r); err != nil {
		return fmt.Errorf("resource %s (%s): %w", id, typ, err)
	}
	s.Resources[id] = r
	return nil
}

// Suffix returns the stand-in for a random part of a physical id: n
// characters from the alphabet, derived from the stack name and the
// logical id so runs are repeatable.
func (s *Stack) Suffix(logicalID string, n int, alphabet string) string {
	sum := sha256.Sum256([]byte(s.Name + "/" + logicalID))
	hexed := hex.EncodeToString(sum[:])
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		b.WriteByte(alphabet[int(hexed[i%len(hexed)])*(i+7)%len(alphabet)])
	}
	return b.String()
}

// Alphabets of CloudFormation's random parts.
const (
	alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	lowerAlnum   = "abcdefghijklmnopqrstuvwxyz0123456789"
	hexDigits    = "0123456789abcdef"
)

// UUID returns a repeatable UUID-shaped id for a logical id.
func (s *Stack) UUID(logicalID string) string {
	h := s.Suffix(logicalID, 32, hexDigits)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// StackID is AWS::StackId.
func (s *Stack) StackID() string {
	return fmt.Sprintf("arn:%s:cloudformation:%s:%s:stack/%s/%s", s.Env.Partition, s.Env.Region, s.Env.Account, s.Name, s.UUID("AWS::StackId"))
}

// OfType lists the stack's resources of a type, by logical id.
func (s *Stack) OfType(typ string) []*Resource {
	var out []*Resource
	for _, id := range slices.Sorted(maps.Keys(s.Resources)) {
		if r := s.Resources[id]; r.Type == typ {
			out = append(out, r)
		}
	}
	return out
}

// ResourceWithRef is the resource whose Ref is ref, or nil.
func (s *Stack) ResourceWithRef(ref string) *Resource {
	for _, r := range s.Resources {
		if r.Ref == ref {
			return r
		}
	}
	return nil
}

// SortedResources lists every resource by logical id.
func (s *Stack) SortedResources() []*Resource {
	out := make([]*Resource, 0, len(s.Resources))
	for _, id := range slices.Sorted(maps.Keys(s.Resources)) {
		out = append(out, s.Resources[id])
	}
	return out
}

// checkParameter applies a String parameter's constraints to its value, as
// CloudFormation does before it creates anything: AllowedValues,
// AllowedPattern (matched whole; CloudFormation reads it as a Java regular
// expression, regexp2 as a .NET one, which agree on the lookaheads and
// classes pipegen writes) and the length bounds. Other parameter types are
// not checked.
func checkParameter(def map[string]any, value string) error {
	if typ, _ := def["Type"].(string); typ != "" && typ != "String" {
		return nil
	}
	if allowed, ok := def["AllowedValues"].([]any); ok {
		found := false
		for _, a := range allowed {
			found = found || fmt.Sprint(a) == value
		}
		if !found {
			return fmt.Errorf("not one of AllowedValues %v", allowed)
		}
	}
	if pattern, ok := def["AllowedPattern"].(string); ok {
		re, err := regexp2.Compile(`\A(?:`+pattern+`)\z`, regexp2.None)
		if err != nil {
			return fmt.Errorf("AllowedPattern %q: %v", pattern, err)
		}
		re.MatchTimeout = time.Second
		if ok, err := re.MatchString(value); err != nil || !ok {
			return fmt.Errorf("does not match AllowedPattern %s", pattern)
		}
	}
	n := utf8.RuneCountInString(value)
	if min, ok := number(def["MinLength"]); ok && n < min {
		return fmt.Errorf("shorter than MinLength %d", min)
	}
	if max, ok := number(def["MaxLength"]); ok && n > max {
		return fmt.Errorf("longer than MaxLength %d", max)
	}
	return nil
}

// number reads an integer written as a number or a string.
func number(v any) (int, bool) {
	switch v := v.(type) {
	case int64:
		return int(v), true
	case float64:
		return int(v), true
	case int:
		return v, true
	case string:
		var n int
		_, err := fmt.Sscan(v, &n)
		return n, err == nil
	}
	return 0, false
}
