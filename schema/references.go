package schema

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// pseudoParameters are the names Ref and Fn::Sub know without a declaration.
var pseudoParameters = []string{
	"AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue", "AWS::Partition",
	"AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix",
}

// references checks every Ref, Fn::GetAtt and Fn::Sub in the template.
func (c *check) references() {
	for _, section := range []string{"Resources", "Outputs", "Conditions", "Metadata", "Rules", "Hooks"} {
		if v, ok := c.doc.Root[section]; ok {
			c.walk(v, trailOf(section))
		}
	}
}

func (c *check) walk(v any, path *trail) {
	switch n := v.(type) {
	case map[string]any:
		switch fn, arg, _ := fnCall(n); fn {
		case "Ref":
			c.ref(arg, path.to(fn))
		case "Fn::GetAtt":
			c.getAtt(arg, path.to(fn))
		case "Fn::Sub":
			c.sub(arg, path.to(fn))
		}
		for _, k := range sortedKeys(n) {
			c.walk(n[k], path.to(k))
		}
	case []any:
		for i, item := range n {
			c.walk(item, path.to(strconv.Itoa(i)))
		}
	}
}

// isDeclared reports whether name is a parameter, a resource or a pseudo parameter.
func (c *check) isDeclared(name string) bool {
	if _, ok := c.section("Parameters")[name]; ok {
		return true
	}
	if _, ok := c.section("Resources")[name]; ok {
		return true
	}
	return contains(pseudoParameters, name) || c.samGenerated(name)
}

// declaredNames lists what Ref may name, for did-you-mean.
func (c *check) declaredNames() []string {
	names := append(sortedKeys(c.section("Parameters")), sortedKeys(c.section("Resources"))...)
	return append(names, pseudoParameters...)
}

func (c *check) ref(arg any, path *trail) {
	name, ok := arg.(string)
	if !ok {
		c.errAt(RuleRef, path.String(), "Ref takes the name of a parameter or resource, not a %s", kindName(arg))
		return
	}
	if !c.isDeclared(name) {
		c.errAt(RuleRef, path.String(), "Ref to %s, which is not a parameter, resource or pseudo parameter%s", name, didYouMean(name, c.declaredNames()))
	}
}

func (c *check) getAtt(arg any, path *trail) {
	var res, attr string
	switch a := arg.(type) {
	case string:
		res, attr, _ = strings.Cut(a, ".")
	case []any:
		if len(a) != 2 {
			c.errAt(RuleGetAtt, path.String(), "Fn::GetAtt takes [LogicalId, Attribute], got %d items", len(a))
			return
		}
		var ok bool
		if res, ok = a[0].(string); !ok {
			c.errAt(RuleGetAtt, path.to("0").String(), "the first item of Fn::GetAtt must be a resource's logical id (a string), got %s", describe(a[0]))
			return
		}
		attr, _ = a[1].(string)
		if _, dynamic := a[1].(map[string]any); dynamic {
			attr = "" // an attribute chosen by Ref cannot be checked here
		}
	default:
		c.errAt(RuleGetAtt, path.String(), "Fn::GetAtt takes [LogicalId, Attribute] or \"LogicalId.Attribute\", not a %s", kindName(arg))
		return
	}
	c.checkAttribute(res, attr, path)
}

// checkAttribute checks that res is a resource and, where its schema is
// known, that it has attr.
func (c *check) checkAttribute(res, attr string, path *trail) {
	if _, ok := c.section("Resources")[res]; !ok {
		if c.samGenerated(res) {
			return // a resource the SAM transform will generate, such as FunctionRole
		}
		c.errAt(RuleGetAtt, path.String(), "Fn::GetAtt names %s, which is not a resource%s", res, didYouMean(res, sortedKeys(c.section("Resources"))))
		return
	}
	t := c.types[res]
	if t == nil || attr == "" || t.HasAttribute(attr) {
		return
	}
	c.errAt(RuleGetAtt, path.String(), "%s (%s) has no attribute %s%s; it has %s", res, t.Name, attr, didYouMean(attr, t.Attributes()), strings.Join(t.Attributes(), ", "))
}

// subVar finds ${Name} and ${Name.Attr}; ${!Literal} is an escape, not a variable.
var subVar = regexp.MustCompile(`\$\{([^}]*)\}`)

func (c *check) sub(arg any, path *trail) {
	var text string
	locals := map[string]bool{}
	switch a := arg.(type) {
	case string:
		text = a
	case []any:
		if len(a) != 2 {
			c.errAt(RuleSub, path.String(), "Fn::Sub takes a string or [String, {Name: Value}], got %d items", len(a))
			return
		}
		var isString bool
		if text, isString = a[0].(string); !isString {
			c.errAt(RuleSub, path.to("0").String(), "the first item of Fn::Sub must be the string to substitute into, got %s", describe(a[0]))
		}
		vars, ok := a[1].(map[string]any)
		if !ok {
			c.errAt(RuleSub, path.to("1").String(), "the second item of Fn::Sub must be a mapping of variables")
		}
		for k := range vars {
			locals[k] = true
		}
		path = path.to("0")
	default:
		c.errAt(RuleSub, path.String(), "Fn::Sub takes a string or [String, {Name: Value}], not a %s", kindName(arg))
		return
	}
	for _, name := range subVariables(text) {
		if locals[name] {
			continue
		}
		if res, attr, dotted := strings.Cut(name, "."); dotted && !contains(pseudoParameters, name) {
			c.checkAttribute(res, attr, path)
			continue
		}
		if !c.isDeclared(name) {
			c.errAt(RuleSub, path.String(), "${%s} is not a parameter, resource, pseudo parameter or Fn::Sub variable%s", name, didYouMean(name, c.declaredNames()))
		}
	}
}

// subVariables lists the distinct variable names in a Fn::Sub string.
func subVariables(text string) []string {
	seen := map[string]bool{}
	for _, m := range subVar.FindAllStringSubmatch(text, -1) {
		name := strings.TrimSpace(m[1])
		if name == "" || strings.HasPrefix(name, "!") {
			continue
		}
		seen[name] = true
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
