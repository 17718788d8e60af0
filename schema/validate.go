package schema

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/xeipuuv/gojsonschema"
)

// Validator checks parsed templates against the resource schemas of a Registry
// and CloudFormation's template rules.
type Validator struct {
	Registry *Registry
	// Now dates the Lambda runtime rules (W2531, E2531, E2533: a runtime's
	// retirement depends on the day); nil means the system clock. Tests
	// set it so their findings do not change with the calendar.
	Now func() time.Time
}

// NewValidator returns a validator over the schemas built into the binary.
func NewValidator() *Validator { return &Validator{Registry: Vendored()} }

// Check parses and validates one file's bytes.
// A file that looks like a CodeBuild buildspec (phases, no Resources) is
// checked as one, so a folder with a pipeline and its buildspec validates.
func (v *Validator) Check(file string, data []byte) []Finding {
	v.Registry.prefetch(data)
	doc, findings := Parse(file, data)
	if doc != nil && looksLikeBuildspec(doc.Root) {
		return v.CheckBuildspec(file, data)
	}
	if doc != nil {
		findings = v.Validate(doc)
	}
	Sort(findings)
	return findings
}

func looksLikeBuildspec(root map[string]any) bool {
	_, phases := root["phases"]
	_, resources := root["Resources"]
	_, format := root["AWSTemplateFormatVersion"]
	return phases && !resources && !format
}

// Validate runs every rule over a parsed document. Each resource's own
// checks (its schema, an inline buildspec, pipeline rules) run in a goroutine
// per resource, and the rules that read the whole template run concurrently
// with them and with the sections' own rules; each writes to its own fork of
// the check, so the findings, sorted, do not depend on scheduling.
func (v *Validator) Validate(doc *Document) []Finding {
	c := &check{doc: doc, reg: v.Registry, today: v.clock(), patterns: newPatternBudget(patternTime)}
	ext := c.languageExtensions() // Fn::ForEach expanded into c.doc: schema/foreach.go
	c.types = c.knownTypes()
	waitResources := c.startResourceChecks()
	waitRules := c.start((*check).outputs, (*check).references, (*check).templateRules, (*check).security, (*check).lambdaRuntimes)
	c.sections()
	c.parameters()
	waitResources()
	c.resources()
	waitRules()
	c.reportPatternTime()
	Sort(c.out)
	return Suppress(c.doc, ext.after(c.out)) // resource Metadata ignore lists: schema/suppress.go
}

// check carries one document's state through the rules.
type check struct {
	doc   *Document
	reg   *Registry
	today time.Time // the day the Lambda runtime rules judge by
	out   []Finding
	// patterns is the file's time for backtracking patterns, shared by
	// every fork (patterns.go).
	patterns *patternBudget
	types    map[string]*ResourceType // logical id -> schema, where known (knownTypes)
	// resourceChecks holds each resource's own findings, found concurrently
	// by startResourceChecks and reported in order by resource().
	resourceChecks map[string]*resourceCheck
}

// fork returns a check that shares c's document and settled state and
// collects its own findings.
func (c *check) fork() *check {
	return &check{doc: c.doc, reg: c.reg, today: c.today, types: c.types, resourceChecks: c.resourceChecks, patterns: c.patterns}
}

// start runs rules concurrently, each on a fork of c; the returned func
// waits for them and adds their findings to c.
func (c *check) start(rules ...func(*check)) (wait func()) {
	forks := make([]*check, len(rules))
	var wg sync.WaitGroup
	for i, rule := range rules {
		forks[i] = c.fork()
		wg.Go(func() { rule(forks[i]) })
	}
	return func() {
		wg.Wait()
		for _, f := range forks {
			c.out = append(c.out, f.out...)
		}
	}
}

// knownTypes looks up the type of every resource whose type is vendored
// (prefetch has usually read them while the template was parsed).
func (c *check) knownTypes() map[string]*ResourceType {
	types := map[string]*ResourceType{}
	for id, r := range c.section("Resources") {
		m, _ := r.(map[string]any)
		typ, _ := m["Type"].(string)
		if isCustomType(typ) || isServerlessType(typ) {
			continue
		}
		if t, ok, err := c.reg.Lookup(typ); ok && err == nil {
			types[id] = t
		}
	}
	return types
}

func (c *check) add(sev Severity, rule string, pos Pos, path, format string, args ...any) {
	c.out = append(c.out, Finding{File: c.doc.File, Pos: pos, Severity: sev, Rule: rule, Path: shortPath(path), Message: fmt.Sprintf(format, args...)})
}

// errAt reports an error about the value at path.
func (c *check) errAt(rule, path, format string, args ...any) {
	c.add(Error, rule, c.doc.PosOf(path), path, format, args...)
}

// errKey reports an error about the key that names path.
func (c *check) errKey(rule, path, format string, args ...any) {
	c.add(Error, rule, c.doc.KeyPosOf(path), path, format, args...)
}

var templateSections = []string{
	"AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Rules",
	"Mappings", "Conditions", "Transform", "Resources", "Outputs", "Hooks",
}

var logicalID = regexp.MustCompile(`^[A-Za-z0-9]+$`)

func (c *check) sections() {
	for _, name := range sortedKeys(c.doc.Root) {
		if !contains(templateSections, name) && !(name == "Globals" && c.hasTransform(samTransform)) {
			c.errKey(RuleTemplate, name, "unknown top-level section%s; expected one of %s", didYouMean(name, templateSections), strings.Join(templateSections, ", "))
		}
	}
	if v, ok := c.doc.Root["AWSTemplateFormatVersion"]; ok && v != "2010-09-09" {
		c.errAt(RuleTemplate, "AWSTemplateFormatVersion", "must be the string \"2010-09-09\", got %s", show(v))
	}
	if v, ok := c.doc.Root["Description"]; ok {
		if _, isString := v.(string); !isString {
			c.errAt(RuleDescription, "Description", "must be a string, got a %s", kindName(v))
		}
	}
	res, ok := c.doc.Root["Resources"]
	if !ok {
		c.add(Error, RuleTemplate, Pos{1, 1}, "", "the template has no Resources section: CloudFormation needs at least one resource")
		return
	}
	if m, isMap := res.(map[string]any); !isMap || len(m) == 0 {
		c.errAt(RuleTemplate, "Resources", "must be a mapping with at least one resource")
	}
	for _, section := range []string{"Parameters", "Mappings", "Conditions", "Outputs", "Resources"} {
		m, isMap := c.doc.Root[section].(map[string]any)
		if _, present := c.doc.Root[section]; present && !isMap {
			c.errAt(RuleTemplate, section, "must be a mapping of logical ids, got a %s", kindName(c.doc.Root[section]))
		}
		for _, id := range sortedKeys(m) {
			if !logicalID.MatchString(id) {
				c.errKey(RuleTemplate, Path(section, id), "logical id %q must contain only letters and digits", id)
			}
		}
	}
}

// section returns a top-level mapping section, or nil.
func (c *check) section(name string) map[string]any {
	m, _ := c.doc.Root[name].(map[string]any)
	return m
}

var parameterKeys = []string{"Type", "Default", "Description", "AllowedPattern", "AllowedValues",
	"ConstraintDescription", "MaxLength", "MinLength", "MaxValue", "MinValue", "NoEcho"}

var parameterTypes = regexp.MustCompile(`^(String|Number|List<Number>|CommaDelimitedList|` +
	`AWS::EC2::[A-Za-z]+::[A-Za-z]+(::[A-Za-z]+)?|AWS::Route53::HostedZone::Id|` +
	`List<AWS::EC2::[A-Za-z]+::[A-Za-z]+(::[A-Za-z]+)?>|List<AWS::Route53::HostedZone::Id>|` +
	`AWS::SSM::Parameter::(Name|Value<.+>))$`)

func (c *check) parameters() {
	params := c.section("Parameters")
	for _, id := range sortedKeys(params) {
		path := Path("Parameters", id)
		p, ok := params[id].(map[string]any)
		if !ok {
			c.errAt(RuleParameter, path, "a parameter must be a mapping with at least a Type")
			continue
		}
		for _, k := range sortedKeys(p) {
			if !contains(parameterKeys, k) {
				c.errKey(RuleParameter, Path(path, k), "unknown parameter attribute%s", didYouMean(k, parameterKeys))
			}
		}
		typ, _ := p["Type"].(string)
		if !parameterTypes.MatchString(typ) {
			c.errAt(RuleParameter, Path(path, "Type"), "parameter Type %s is not a CloudFormation parameter type (String, Number, List<Number>, CommaDelimitedList, AWS-specific or SSM types)", show(p["Type"]))
		}
		if def, has := p["Default"]; has && typ == "String" {
			c.parameterDefault(path, p, def)
		}
	}
}

// parameterDefault checks a String parameter's Default against its own
// constraints, as CloudFormation does when the stack is created.
func (c *check) parameterDefault(path string, p map[string]any, def any) {
	s := fmt.Sprint(def)
	at := Path(path, "Default")
	if pattern, ok := p["AllowedPattern"].(string); ok {
		// CloudFormation uses Java regular expressions, matched against the
		// whole value; a match the file's pattern budget stops is no finding.
		expr := `^(?:` + pattern + `)$`
		if _, err := c.patterns.regexp(expr); err != nil {
			c.errAt(RuleParameter, Path(path, "AllowedPattern"), "AllowedPattern does not compile: %v", err)
		} else if matched, decided := c.patterns.match(expr, s, at, "AllowedPattern "+pattern+" against the Default"); decided && !matched {
			c.errAt(RuleParamDefault, at, "Default %q does not match AllowedPattern %s", s, pattern)
		}
	}
	if allowed, ok := p["AllowedValues"].([]any); ok && !containsValue(allowed, s) {
		c.errAt(RuleParamDefault, at, "Default %q is not one of AllowedValues", s)
	}
	n := int64(len([]rune(s)))
	if min, ok := p["MinLength"].(int64); ok && n < min {
		c.errAt(RuleParamDefault, at, "Default %q is shorter than MinLength %d", s, min)
	}
	if max, ok := p["MaxLength"].(int64); ok && n > max {
		c.errAt(RuleParamDefault, at, "Default %q is longer than MaxLength %d", s, max)
	}
}

var resourceKeys = []string{"Type", "Properties", "DependsOn", "Condition", "Metadata",
	"DeletionPolicy", "UpdateReplacePolicy", "CreationPolicy", "UpdatePolicy", "Version"}

func (c *check) resources() {
	res := c.section("Resources")
	for _, id := range sortedKeys(res) {
		path := Path("Resources", id)
		r, ok := res[id].(map[string]any)
		if !ok {
			c.errAt(RuleResource, path, "a resource must be a mapping with a Type")
			continue
		}
		for _, k := range sortedKeys(r) {
			if !contains(resourceKeys, k) {
				c.errKey(RuleResource, Path(path, k), "unknown resource attribute%s; expected one of %s", didYouMean(k, resourceKeys), strings.Join(resourceKeys, ", "))
			}
		}
		typ, ok := r["Type"].(string)
		if !ok {
			c.errAt(RuleResource, path, "the resource has no Type (a string such as AWS::S3::Bucket)")
			continue
		}
		c.resource(id, path, typ, r)
	}
}

// resourceCheck is what one resource's own checks found.
type resourceCheck struct {
	schemaErrs []gojsonschema.ResultError
	err        error     // the schema could not be read or compiled
	findings   []Finding // inline buildspec and pipeline rules
}

// startResourceChecks checks, concurrently, every resource against its
// type's schema (so a template pays for its slowest type rather than for
// their sum), and runs the rules of CodeBuild and CodePipeline resources.
// The returned func waits for them all.
func (c *check) startResourceChecks() (wait func()) {
	res := c.section("Resources")
	c.resourceChecks = make(map[string]*resourceCheck, len(res))
	var wg sync.WaitGroup
	for id, r := range res {
		m, _ := r.(map[string]any)
		typ, ok := m["Type"].(string)
		if !ok || isCustomType(typ) || isServerlessType(typ) {
			continue
		}
		result := &resourceCheck{}
		c.resourceChecks[id] = result
		fork := c.fork()
		wg.Go(func() { fork.resourceOwn(id, typ, m, result) })
	}
	return wg.Wait
}

// resourceOwn runs one resource's own checks into result.
func (c *check) resourceOwn(id, typ string, r map[string]any, result *resourceCheck) {
	t, ok, err := c.reg.Lookup(typ)
	if !ok || err != nil {
		return // resource() reports it
	}
	propsPath := Path("Resources", id, "Properties")
	props, has := r["Properties"]
	if !has {
		props = map[string]any{} // an absent Properties is an empty one
	}
	if m, ok := props.(map[string]any); ok {
		props = t.withoutReadOnly(m)
	}
	result.schemaErrs, result.err = t.validate(props, patternSite{budget: c.patterns, path: propsPath})
	switch typ {
	case "AWS::CodeBuild::Project":
		c.inlineBuildspec(propsPath, props)
	case "AWS::CodePipeline::Pipeline":
		c.pipeline(propsPath, props)
	}
	result.findings = c.out
}

// resource reports one resource: its type, read-only properties, and what
// its own checks found.
func (c *check) resource(id, path, typ string, r map[string]any) {
	if isCustomType(typ) || isServerlessType(typ) { // SAM types: schema/rules_sam.go
		return
	}
	t, known, err := c.reg.Lookup(typ)
	switch {
	case err != nil:
		c.errAt(RuleResourceType, Path(path, "Type"), "%v", err)
		return
	case !known:
		c.errAt(RuleResourceType, Path(path, "Type"), "unknown resource type %s%s", typ, suggestion(c.reg.Suggest(typ)))
		return
	}
	propsPath := Path(path, "Properties")
	if m, ok := r["Properties"].(map[string]any); ok {
		c.readOnly(t, propsPath, m)
	}
	if result := c.resourceChecks[id]; result != nil {
		if result.err != nil {
			c.errAt(RuleResourceType, Path(path, "Type"), "%v", result.err)
		}
		c.schemaFindings(result.schemaErrs, propsPath, t.properties)
		c.out = append(c.out, result.findings...)
	}
}

// readOnly reports properties only AWS sets; the schema check does not see
// them (withoutReadOnly), so they are not reported twice.
func (c *check) readOnly(t *ResourceType, path string, props map[string]any) {
	for _, k := range sortedKeys(props) {
		if t.readOnly[k] {
			c.errKey(RuleReadOnly, Path(path, k), "%s is read-only: AWS sets it, a template cannot (read it with !GetAtt instead)", k)
		}
	}
}

// withoutReadOnly returns props less the type's read-only properties (props
// itself when it has none).
func (t *ResourceType) withoutReadOnly(props map[string]any) map[string]any {
	var rest map[string]any
	for k := range props {
		if !t.readOnly[k] {
			continue
		}
		if rest == nil {
			rest = make(map[string]any, len(props))
			for k2, v := range props {
				rest[k2] = v
			}
		}
		delete(rest, k)
	}
	if rest == nil {
		return props
	}
	return rest
}

func isCustomType(typ string) bool {
	return strings.HasPrefix(typ, "Custom::") || typ == "AWS::CloudFormation::CustomResource"
}

var outputKeys = []string{"Value", "Description", "Export", "Condition"}

func (c *check) outputs() {
	outs := c.section("Outputs")
	for _, id := range sortedKeys(outs) {
		path := Path("Outputs", id)
		o, ok := outs[id].(map[string]any)
		if !ok {
			c.errAt(RuleOutput, path, "an output must be a mapping with a Value")
			continue
		}
		if _, has := o["Value"]; !has {
			c.errAt(RuleOutput, path, "the output has no Value")
		}
		for _, k := range sortedKeys(o) {
			if !contains(outputKeys, k) {
				c.errKey(RuleOutput, Path(path, k), "unknown output attribute%s; expected one of %s", didYouMean(k, outputKeys), strings.Join(outputKeys, ", "))
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func containsValue(list []any, s string) bool {
	for _, x := range list {
		if fmt.Sprint(x) == s {
			return true
		}
	}
	return false
}

// didYouMean suggests the closest known name, if any is close.
// A name whose length differs from got's by bestDist or more is not
// compared (its distance is at least that): a long name then costs nothing
// against short ones.
func didYouMean(got string, known []string) string {
	best, bestDist := "", len(got)/3+1
	lower := strings.ToLower(got)
	for _, k := range known {
		if abs(len(k)-len(got)) >= bestDist {
			continue
		}
		if d := editDistance(lower, strings.ToLower(k)); d < bestDist {
			best, bestDist = k, d
		}
	}
	return suggestion(best)
}

func suggestion(s string) string {
	if s == "" {
		return ""
	}
	return " (did you mean " + s + "?)"
}

func show(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprintf("%v (a %s)", v, kindName(v))
}
