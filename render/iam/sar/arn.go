package sar

import (
	"errors"
	"fmt"
	"strings"
)

// pathVariables are resource-part variables, keyed by the template's
// service field and name, whose values may contain "/".
var pathVariables = map[string]bool{
	"events:EventBusName":                  true,
	"events:EventSourceName":               true,
	"execute-api:ApiSpecificResourcePath":  true,
	"iam:EntityPath":                       true,
	"kms:Alias":                            true,
	"logs:LogGroupName":                    true,
	"logs:LogStreamName":                   true,
	"secretsmanager:SecretId":              true,
	"ssm:ParameterNameWithoutLeadingSlash": true,
}

// anyVariables may contain any character.
var anyVariables = map[string]bool{"s3:ObjectName": true}

// part is a literal run of a template or, when name is set, a variable.
type part struct {
	lit   string
	name  string
	allow func(byte) bool
}

// Matches reports whether arn is an ARN of this resource type, that is,
// whether it matches one of the type's templates.
//
// Literal text must be equal (ARNs are case-sensitive) and each ${Variable}
// matches one or more characters. In the partition, service, region and
// account fields a variable matches no ":" and no "/". In the resource part
// (after the fifth ":") a variable matches one segment, no ":" and no "/",
// unless the SAR's data shows that its values hold more:
//
//   - names ending in WithPath (IAM's RoleNameWithPath, ...) and the
//     variables in pathVariables may contain "/": their values are paths or
//     hierarchical names (an SSM parameter a/b/c, a log group /aws/lambda/f,
//     a secret prod/db, a KMS alias aws/s3, a partner event bus
//     aws.partner/...), but no ":";
//   - S3's ObjectName may contain anything, ":" included, as object keys do.
//
// So function:${FunctionName} does not match the ARN of a function version
// (function:f:1), while role/${RoleNameWithPath} matches role/service-role/r.
// A "*" in arn is an ordinary character: arn is not a pattern, and
// CloudFormation substitutions (${AWS::Region}) are the caller's to resolve.
func (r Resource) Matches(arn string) bool {
	for _, t := range r.ARNs {
		parts, err := parseARN(t)
		if err == nil && matchParts(parts, arn) {
			return true
		}
	}
	return false
}

// ResourceTypeOf returns the first of action's resource types that arn
// matches. Some types share a shape (Lambda's function alias and function
// version are both function:${FunctionName}:${...}); ResourceTypesOf
// returns all of them.
func ResourceTypeOf(action Action, arn string) (Resource, bool) {
	for _, r := range action.Resources {
		if r.Matches(arn) {
			return r, true
		}
	}
	return Resource{}, false
}

// ResourceTypesOf returns every resource type of action that arn matches.
func ResourceTypesOf(action Action, arn string) []Resource {
	var out []Resource
	for _, r := range action.Resources {
		if r.Matches(arn) {
			out = append(out, r)
		}
	}
	return out
}

// parseARN splits an ARN template into literal runs and variables and
// checks its shape: it starts with arn:, has the six ":"-separated fields,
// its variables are closed, named with letters and digits, and separated by
// literal text (two variables in a row could split a value anywhere).
func parseARN(tmpl string) ([]part, error) {
	fields := strings.SplitN(tmpl, ":", 6)
	if fields[0] != "arn" || len(fields) < 6 {
		return nil, fmt.Errorf("ARN template %q: want arn: and six colon-separated fields", tmpl)
	}
	service := fields[2]
	var parts []part
	colons := 0
	for rest := tmpl; rest != ""; {
		lit, v, after, err := nextVariable(rest)
		if err != nil {
			return nil, fmt.Errorf("ARN template %q: %w", tmpl, err)
		}
		if lit != "" {
			parts = append(parts, part{lit: lit})
			colons += strings.Count(lit, ":")
		} else if v != "" && len(parts) > 0 {
			return nil, fmt.Errorf("ARN template %q: variables ${%s} and ${%s} are adjacent", tmpl, parts[len(parts)-1].name, v)
		}
		if v != "" {
			parts = append(parts, part{name: v, allow: variableClass(service, v, colons >= 5)})
		}
		rest = after
	}
	return parts, nil
}

// nextVariable splits s into the literal text before the first ${...}, the
// variable's name and the rest.
func nextVariable(s string) (lit, name, rest string, err error) {
	i := strings.Index(s, "${")
	if i < 0 {
		return s, "", "", checkLiteral(s)
	}
	end := strings.IndexByte(s[i:], '}')
	if end < 0 {
		return "", "", "", errors.New("unclosed ${")
	}
	name = s[i+2 : i+end]
	if !isName(name) {
		return "", "", "", fmt.Errorf("bad variable name %q", name)
	}
	return s[:i], name, s[i+end+1:], checkLiteral(s[:i])
}

// checkLiteral rejects what no ARN template holds: a stray part of a
// variable, or a space (two templates joined as the SAR writes them).
func checkLiteral(s string) error {
	if strings.ContainsAny(s, "${} \t\n") {
		return fmt.Errorf("stray $, {, } or space in %q", s)
	}
	return nil
}

func isName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range []byte(s) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

func variableClass(service, name string, inResource bool) func(byte) bool {
	key := service + ":" + name
	switch {
	case !inResource:
		return inSegment
	case anyVariables[key]:
		return anyByte
	case pathVariables[key] || strings.HasSuffix(name, "WithPath"):
		return notColon
	}
	return inSegment
}

func inSegment(c byte) bool { return c != ':' && c != '/' }
func notColon(c byte) bool  { return c != ':' }
func anyByte(byte) bool     { return true }

// matchParts matches s against parts, trying each length for a variable
// (templates have a handful of variables, so backtracking stays cheap).
func matchParts(parts []part, s string) bool {
	if len(parts) == 0 {
		return s == ""
	}
	p := parts[0]
	if p.name == "" {
		rest, ok := strings.CutPrefix(s, p.lit)
		return ok && matchParts(parts[1:], rest)
	}
	for i := 0; i < len(s) && p.allow(s[i]); i++ {
		if matchParts(parts[1:], s[i+1:]) {
			return true
		}
	}
	return false
}
