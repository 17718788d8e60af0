package resources

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pipegen/pipegen/schema/constraints"
	"github.com/pipegen/pipegen/schema/pattern"
	"github.com/pipegen/pipegen/schema/rules"
	"github.com/pipegen/pipegen/schema/template"
)

// Constraints AWS enforces beyond the registry schemas
// (schema/constraints): patterns, lengths and ranges from the AWS API
// models (E3031, E3033, E3034) and their allowed values (W9030, a warning:
// the lists date from the models' release), resource id and ARN
// formats (E1150-E1164), properties that exclude or require each other
// (E3020, E3021). A pass of its own over each resource's Properties, after
// the schema's: a value that is a function call, or that a dynamic
// reference fills in, is not judged; a list with a function among its
// items is not counted.

// constraintSet is the set the rule reads (tests swap it).
var constraintSet = constraints.Embedded

// awsConstraints checks one resource against its type's constraints.
func awsConstraints(m *rules.Model, res rules.ResourceEntry, r *rules.Report) {
	if res.Type == "" || !strings.HasPrefix(res.Type, "AWS::") || rules.IsServerlessType(res.Type) {
		return
	}
	list, err := constraintSet.For(res.Type)
	if err != nil {
		r.At(rules.ResourceType, template.Path(res.Path, "Type"), "%v", err)
		return
	}
	if len(list) == 0 {
		return
	}
	for _, v := range variants(m, properties(res), template.TrailOf("Resources").To(res.ID).To("Properties")) {
		props := v.value
		if m.DynamicRefs > 0 {
			props, _ = resolvedLater(props)
		}
		path := v.path.String()
		c := &constraintCheck{m: m, r: r, site: pattern.Site{Budget: m.Patterns, Path: path}, base: path}
		for _, k := range list {
			c.k = k
			c.at(props, k.Segments())
		}
	}
}

type constraintCheck struct {
	m    *rules.Model
	r    *rules.Report
	site pattern.Site
	k    *constraints.Constraint
	base string   // the path of Properties
	rel  []string // the path below it of the value at hand, joined only for a finding
}

// path is the template path of the value at hand.
func (c *constraintCheck) path() string {
	return template.Path(append([]string{c.base}, c.rel...)...)
}

// at finds the values at segs under v (c.rel is v's path) and checks
// each: the branches of a Fn::If are followed, other functions are not.
func (c *constraintCheck) at(v any, segs []string) {
	if fn, arg, ok := template.Call(v); ok {
		if list, isList := arg.([]any); fn == "Fn::If" && isList && len(list) == 3 {
			for _, i := range []string{"1", "2"} {
				n := len(c.rel)
				c.rel = append(c.rel, fn, i)
				c.at(list[i[0]-'0'], segs)
				c.rel = c.rel[:n]
			}
		}
		return
	}
	if len(segs) == 0 {
		c.check(v)
		return
	}
	n := len(c.rel)
	switch x := v.(type) {
	case []any:
		if segs[0] != "*" {
			return
		}
		for i, item := range x {
			c.rel = append(c.rel[:n], strconv.Itoa(i))
			c.at(item, segs[1:])
		}
	case map[string]any:
		if child, ok := x[segs[0]]; ok && segs[0] != "*" {
			c.rel = append(c.rel[:n], segs[0])
			c.at(child, segs[1:])
		}
	}
	c.rel = c.rel[:n]
}

// check applies the constraint to one value.
func (c *constraintCheck) check(v any) {
	k := c.k
	switch k.Keyword {
	case constraints.Pattern, constraints.Enum, constraints.EnumFold, constraints.MinLength, constraints.MaxLength, constraints.Format:
		s, ok := template.ScalarText(v)
		if !ok {
			return
		}
		c.text(s)
	case constraints.MinItems, constraints.MaxItems:
		list, ok := v.([]any)
		if !ok || slices.ContainsFunc(list, template.IsIntrinsic) {
			return
		}
		n := float64(len(list))
		if k.Keyword == constraints.MinItems && n < k.Number() {
			c.r.At(rules.Length, c.path(), "%s, fewer than the %s AWS allows (%s)", count(n, "item"), num(k.Number()), cite(k.Origin))
		} else if k.Keyword == constraints.MaxItems && n > k.Number() {
			c.r.At(rules.Length, c.path(), "%s, more than the %s AWS allows (%s)", count(n, "item"), num(k.Number()), cite(k.Origin))
		}
	case constraints.Minimum, constraints.Maximum:
		f, ok := numberOf(v)
		if !ok {
			return
		}
		if k.Keyword == constraints.Minimum && f < k.Number() {
			c.r.At(rules.Range, c.path(), "%s is less than %s, the least AWS allows (%s)", template.Show(v), num(k.Number()), cite(k.Origin))
		} else if k.Keyword == constraints.Maximum && f > k.Number() {
			c.r.At(rules.Range, c.path(), "%s is more than %s, the most AWS allows (%s)", template.Show(v), num(k.Number()), cite(k.Origin))
		}
	case constraints.DependentExcluded, constraints.DependentRequired:
		obj, ok := v.(map[string]any)
		if !ok {
			return
		}
		c.dependent(obj)
	}
}

// text checks a string (or a scalar CloudFormation passes as one).
func (c *constraintCheck) text(s string) {
	k := c.k
	switch k.Keyword {
	case constraints.Pattern:
		matched, decided := pattern.For(k.Text()).Match(s, c.site)
		if decided && !matched {
			c.r.At(rules.Pattern, c.path(), "%s does not match %s, the pattern AWS enforces (%s)", template.Show(s), k.Text(), cite(k.Origin))
		}
	case constraints.Enum, constraints.EnumFold:
		probe := s
		if k.Keyword == constraints.EnumFold {
			probe = strings.ToLower(s)
		}
		if !slices.Contains(k.List(), probe) {
			// The lists are the API models' as of their release, and AWS
			// adds values after it (python3.14 to layers' runtimes): a
			// warning, or a value newer than the models would be an error.
			c.r.At(rules.ModelEnum, c.path(), "%s is not one of the values AWS's API models (%s) list: %s (%s); a value AWS added since is valid", template.Show(s), constraints.ModelsRelease, strings.Join(k.List(), ", "), cite(k.Origin))
		}
	case constraints.MinLength, constraints.MaxLength:
		n := float64(utf8.RuneCountInString(s))
		if k.Keyword == constraints.MinLength && n < k.Number() {
			c.r.At(rules.Length, c.path(), "%s, fewer than the %s AWS allows (%s)", count(n, "character"), num(k.Number()), cite(k.Origin))
		} else if k.Keyword == constraints.MaxLength && n > k.Number() {
			c.r.At(rules.Length, c.path(), "%s, more than the %s AWS allows (%s)", count(n, "character"), num(k.Number()), cite(k.Origin))
		}
	case constraints.Format:
		c.format(s)
	}
}

// format checks a string against the formats the constraint names: it
// must have one of them. The finding is the first format's rule.
func (c *constraintCheck) format(s string) {
	var whats []string
	var first *rules.Info
	for _, name := range c.k.List() {
		f := constraints.Formats[name]
		info := rules.Formats[name]
		if f == nil || info == nil {
			return // a format this build does not check
		}
		if f.Match(s) || formatExempt(name, s, c.rel) {
			return
		}
		if first == nil || name == "AWS::KMS::Key.Id" {
			first = info // a key id, ARN or alias: E1162, as the table says
		}
		whats = append(whats, f.What)
	}
	if first != nil {
		c.r.At(first, c.path(), "%s is not %s", template.Show(s), strings.Join(whats, ", nor "))
	}
}

// formatExempt are the values a format's pattern refuses that AWS takes:
// an AMI id may be an SSM parameter, resolve:ssm:NAME, which EC2 resolves
// at launch for instances and launch templates alike (EC2 User Guide,
// "Use a Systems Manager parameter instead of an AMI ID"; cfn-lint excepts
// launch templates only); an S3 bucket's own BucketName may be empty
// (CloudFormation then names it).
func formatExempt(name, s string, rel []string) bool {
	switch name {
	case "AWS::EC2::Image.Id":
		return strings.HasPrefix(s, "resolve:ssm:")
	case "AWS::S3::Bucket.Name":
		return s == "" && slices.Equal(rel, []string{"BucketName"})
	}
	return false
}

// dependent checks properties that exclude or require others.
func (c *constraintCheck) dependent(obj map[string]any) {
	deps := c.k.Map()
	path := c.path()
	for _, key := range sortedNames(deps) {
		if !present(obj, key) {
			continue
		}
		for _, other := range deps[key] {
			switch {
			case c.k.Keyword == constraints.DependentExcluded && present(obj, other):
				c.r.Key(rules.DependentExcluded, template.Path(path, other), "%s cannot be set with %s (%s)", other, key, cite(c.k.Origin))
			case c.k.Keyword == constraints.DependentRequired && !has(obj, other):
				c.r.Key(rules.DependentRequired, template.Path(path, key), "%s needs %s (%s)", key, other, cite(c.k.Origin))
			}
		}
	}
}

// present: set to a value that stays whatever the conditions (not
// Ref AWS::NoValue, not behind Fn::If).
func present(obj map[string]any, key string) bool {
	v, ok := obj[key]
	if !ok {
		return false
	}
	if fn, arg, isFn := template.Call(v); isFn && (fn == "Fn::If" || fn == "Ref" && arg == "AWS::NoValue") {
		return false
	}
	return true
}

// has: set at all (whatever a function may make of it).
func has(obj map[string]any, key string) bool {
	v, ok := obj[key]
	if !ok {
		return false
	}
	fn, arg, isFn := template.Call(v)
	return !isFn || !(fn == "Ref" && arg == "AWS::NoValue")
}

func sortedNames(m map[string][]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func numberOf(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case int:
		return float64(x), true
	case float64:
		return x, true
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		return f, err == nil
	}
	return 0, false
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func count(f float64, noun string) string {
	if f == 1 {
		return "1 " + noun
	}
	return num(f) + " " + noun + "s"
}

// cite shortens a constraint's origin for a message: the API model and
// member ("AWS API model codecommit CreateRepositoryInput.repositoryName"),
// or the page a hand-written one cites.
func cite(origin string) string {
	if file, rest, ok := strings.Cut(origin, "/service-2.json "); ok {
		svc, _, _ := strings.Cut(file, "/")
		member, _, _ := strings.Cut(rest, " ")
		return fmt.Sprintf("AWS API model %s %s", svc, member)
	}
	if i := strings.Index(origin, "(https://"); i >= 0 {
		if j := strings.IndexByte(origin[i:], ')'); j > 0 {
			return strings.TrimSpace(origin[:i]) + ", " + origin[i+1:i+j]
		}
	}
	return origin
}
