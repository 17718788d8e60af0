package resources

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/pipegen/pipegen/schema/jsonschema"
	"github.com/pipegen/pipegen/schema/pattern"
	"github.com/pipegen/pipegen/schema/registry"
	"github.com/pipegen/pipegen/schema/rules"
	"github.com/pipegen/pipegen/schema/suggest"
	"github.com/pipegen/pipegen/schema/template"
)

// Resources: each entry's shape (E3001), its type (E3006), read-only
// properties (E3040), and its properties against the type's registry
// schema (E3000, E3002, E3003, E3012, E3030-E3034, E3037). Outputs
// (E6001) are here too: the other entries of a template.

// schemaRules give each kind of schema violation its rule.
var schemaRules = map[jsonschema.Kind]*rules.Info{
	jsonschema.Other:           rules.Schema,
	jsonschema.UnknownProperty: rules.Property,
	jsonschema.Required:        rules.Required,
	jsonschema.Type:            rules.ValueType,
	jsonschema.Enum:            rules.Enum,
	jsonschema.Pattern:         rules.Pattern,
	jsonschema.Length:          rules.Length,
	jsonschema.Items:           rules.Items,
	jsonschema.Unique:          rules.Unique,
	jsonschema.Range:           rules.Range,
}

// properties returns a resource's Properties as its checks see them: an
// absent Properties is an empty one.
func properties(res rules.ResourceEntry) any {
	props, has := res.Map["Properties"]
	if !has {
		return map[string]any{}
	}
	return props
}

// resourceSchema checks one resource against its type's registry schema.
// Custom resources, AWS::CDK::Metadata, modules and SAM resources have
// none (sam.go reports the last).
func resourceSchema(m *rules.Model, res rules.ResourceEntry, r *rules.Report) {
	if res.Type == "" || rules.IsCustomType(res.Type) || rules.IsServerlessType(res.Type) || rules.IsModuleType(res.Type) {
		return
	}
	typePath := template.Path(res.Path, "Type")
	t, known, err := m.Registry.Lookup(res.Type)
	switch {
	case err != nil:
		r.At(rules.ResourceType, typePath, "%v", err)
		return
	case !known:
		r.At(rules.ResourceType, typePath, "unknown resource type %s%s", res.Type, suggest.Phrase(m.Registry.Suggest(res.Type)))
		return
	}
	props := properties(res)
	if _, _, isFn := template.Call(props); !isFn && !m.NoValueIfs[res.ID] {
		checkProperties(m, r, t, res, props, template.Path(res.Path, "Properties")) // the common case: no trail to build
		return
	}
	for _, v := range variants(m, props, template.TrailOf("Resources").To(res.ID).To("Properties")) {
		checkProperties(m, r, t, res, v.value, v.path.String())
		if len(m.Conditions) > 0 && m.NoValueIfs[res.ID] {
			removedRequired(m, r, t, v)
		}
	}
}

// variant is one Properties a resource may have, and where it stands.
type variant struct {
	value any
	path  *template.Trail
}

// variants lists the Properties a resource may have: Properties itself,
// or, when it is a Fn::If between two mappings (a whole property map
// behind a condition), each branch, itself perhaps a Fn::If; a branch that
// is Ref AWS::NoValue is no properties. A branch no deployment takes (the
// resource's own Condition rules it out) is left out.
func variants(m *rules.Model, props any, path *template.Trail) []variant {
	fn, arg, isFn := template.Call(props)
	list, isList := arg.([]any)
	if !isFn || fn != "Fn::If" || !isList || len(list) != 3 {
		return []variant{{props, path}}
	}
	var out []variant
	for i := 1; i <= 2; i++ {
		branch, at := list[i], path.To(fn).To(strconv.Itoa(i))
		if taken(m, at) == rules.Impossible {
			continue
		}
		if isNoValue(branch) {
			branch = map[string]any{}
		}
		out = append(out, variants(m, branch, at)...)
	}
	return out
}

// isNoValue reports {Ref: AWS::NoValue}.
func isNoValue(v any) bool {
	fn, arg, ok := template.Call(v)
	return ok && fn == "Ref" && arg == "AWS::NoValue"
}

// taken answers whether some deployment evaluates the value at the trail:
// one that makes its resource's Condition and the conditions of the Fn::Ifs
// around it what they must be.
func taken(m *rules.Model, at *template.Trail) rules.Answer {
	if len(m.Conditions) == 0 {
		return rules.Possible
	}
	ctx, ok := m.ContextOf(at)
	if !ok || len(ctx.True)+len(ctx.False) == 0 {
		return rules.Unknown
	}
	return m.Logic.Can(ctx.True, ctx.False)
}

// removedRequired reports a required property that an Fn::If takes away
// (a branch of Ref AWS::NoValue) in a deployment that takes that branch:
// the property's object (Properties, or a mapping within it, reached
// through no other function) is checked again without it, for that
// property's E3003 only.
func removedRequired(m *rules.Model, r *rules.Report, t *registry.ResourceType, v variant) {
	type removal struct {
		segs   []string // from Properties to the property
		branch *template.Trail
	}
	var found []removal
	template.Walk(v.value, v.path, func(val any, at *template.Trail) bool {
		fn, arg, isFn := template.Call(val)
		if !isFn {
			return true
		}
		list, isList := arg.([]any)
		if fn != "Fn::If" || !isList || len(list) != 3 {
			return false // inside another function: the schema does not look there
		}
		segs, ok := below(at, v.path)
		for i := 1; i <= 2 && ok && len(segs) > 0; i++ {
			if isNoValue(list[i]) {
				found = append(found, removal{segs, at.To("Fn::If").To(strconv.Itoa(i))})
			}
		}
		return false
	})
	for _, f := range found {
		if taken(m, f.branch) != rules.Possible {
			continue
		}
		without, ok := deleted(v.value, f.segs)
		if !ok {
			continue
		}
		object := v.path
		for _, s := range f.segs[:len(f.segs)-1] {
			object = object.To(s)
		}
		prop := f.segs[len(f.segs)-1]
		violations, err := jsonschema.Check(m.Doc, t, without, v.path.String(), pattern.Site{Budget: m.Patterns, Path: v.path.String()}, m.Schema)
		if err != nil {
			return
		}
		ctx, _ := m.ContextOf(f.branch)
		for _, viol := range violations {
			if viol.Kind == jsonschema.Required && viol.Path == object.String() && strings.HasSuffix(viol.Message, " "+prop) {
				r.Add(rules.Required, viol.Pos, viol.Path, "%s when the Fn::If at line %d gives AWS::NoValue (%s)", viol.Message, m.Doc.PosOf(f.branch.Up().String()).Line, describe(ctx))
			}
		}
	}
}

// below returns the segments of at below base, false when at is not in it
// or passes through a function on the way.
func below(at, base *template.Trail) ([]string, bool) {
	var segs []string
	for t := at; t != nil; t = t.Up() {
		if t == base {
			slices.Reverse(segs)
			return segs, true
		}
		if strings.HasPrefix(t.Seg(), "Fn::") || t.Seg() == "Ref" {
			return nil, false
		}
		segs = append(segs, t.Seg())
	}
	return nil, false
}

// deleted returns a copy of v without the mapping key at the end of segs
// (copying only the mappings and lists on the way).
func deleted(v any, segs []string) (any, bool) {
	switch n := v.(type) {
	case map[string]any:
		child, ok := n[segs[0]]
		if !ok {
			return nil, false
		}
		out := maps.Clone(n)
		if len(segs) == 1 {
			delete(out, segs[0])
			return out, true
		}
		c, ok := deleted(child, segs[1:])
		out[segs[0]] = c
		return out, ok
	case []any:
		i, err := strconv.Atoi(segs[0])
		if err != nil || i < 0 || i >= len(n) || len(segs) == 1 {
			return nil, false
		}
		out := slices.Clone(n)
		c, ok := deleted(n[i], segs[1:])
		out[i] = c
		return out, ok
	}
	return nil, false
}

// describe says under which conditions a branch is taken.
func describe(ctx rules.Context) string {
	var parts []string
	for _, c := range ctx.True {
		parts = append(parts, "condition "+c+" true")
	}
	for _, c := range ctx.False {
		parts = append(parts, "condition "+c+" false")
	}
	return strings.Join(parts, ", ")
}

// checkProperties checks one variant of a resource's Properties against
// its type's schema, read-only properties first. Values CloudFormation
// replaces before the resource sees them (dynamic references, and the
// local paths `aws cloudformation package` uploads: W3002) stand as
// intrinsic functions do: whatever they become is not known here.
func checkProperties(m *rules.Model, r *rules.Report, t *registry.ResourceType, res rules.ResourceEntry, props any, propsPath string) {
	if pm, ok := props.(map[string]any); ok {
		for _, k := range slices.Sorted(maps.Keys(pm)) {
			if t.ReadOnly(k) {
				r.Key(rules.ReadOnly, template.Path(propsPath, k), "%s is read-only: AWS sets it, a template cannot (read it with !GetAtt instead)", k)
			}
		}
		props = packaged(m, r, res.Type, pm, propsPath)
	}
	if m.DynamicRefs > 0 {
		props, _ = resolvedLater(props)
	}
	violations, err := jsonschema.Check(m.Doc, t, props, propsPath, pattern.Site{Budget: m.Patterns, Path: propsPath}, m.Schema)
	if err != nil {
		r.At(rules.ResourceType, template.Path(res.Path, "Type"), "%v", err)
		return
	}
	for _, v := range violations {
		r.Add(schemaRules[v.Kind], v.Pos, v.Path, "%s", v.Message)
	}
}

// deployTime stands for a value known only at deploy time: an intrinsic
// function call, which every schema check accepts (its text is kept for
// anyone who prints it).
func deployTime(s string) any { return map[string]any{"Fn::Sub": s} }

// resolvedLater returns v with every string that holds a dynamic reference
// ({{resolve:ssm:...}}, {{resolve:secretsmanager:...}}) made a deploy-time
// value: CloudFormation resolves it before the resource sees it, so the
// text is never what a pattern, an enum or a length judges. v is copied
// only where it changes (changed).
func resolvedLater(v any) (out any, changed bool) {
	switch n := v.(type) {
	case string:
		if strings.Contains(n, rules.DynamicRefPrefix) {
			return deployTime(n), true
		}
	case map[string]any:
		var cp map[string]any
		for k, child := range n {
			if c, ch := resolvedLater(child); ch {
				if cp == nil {
					cp = maps.Clone(n)
				}
				cp[k] = c
			}
		}
		if cp != nil {
			return cp, true
		}
	case []any:
		var cp []any
		for i, child := range n {
			if c, ch := resolvedLater(child); ch {
				if cp == nil {
					cp = slices.Clone(n)
				}
				cp[i] = c
			}
		}
		if cp != nil {
			return cp, true
		}
	}
	return v, false
}
