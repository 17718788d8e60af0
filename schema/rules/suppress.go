package rules

import (
	"strings"

	"github.com/pipegen/pipegen/schema/finding"
	"github.com/pipegen/pipegen/schema/template"
)

// Suppressions: a resource's Metadata may silence rules for the findings
// inside it.

// Suppressions reads the rules each resource silences in its Metadata, by
// logical id. Two forms are accepted:
//
//	Metadata:
//	  pipegen:
//	    ignore: [E3002, W2001]
//	  cfn-lint:                # cfn-lint's form, so existing templates keep working
//	    config:
//	      ignore_checks: [E3002]
//
// A list entry may also be a single string. Entries that are not strings are
// skipped. Rule ids are matched exactly, as cfn-lint does for resource
// directives, except the ids rules had before they took cfn-lint's
// (Expand: E3045 is E3040 in pipegen's form; in cfn-lint's form it stays
// cfn-lint's own E3045).
func Suppressions(root map[string]any) map[string]map[string]bool {
	res, _ := root["Resources"].(map[string]any)
	var out map[string]map[string]bool
	for id, r := range res {
		meta, _ := metaMap(r)["Metadata"].(map[string]any)
		if meta == nil {
			continue
		}
		add := func(ids []string, cfnLint bool) {
			for _, rule := range ids {
				rule = strings.TrimSpace(rule)
				if rule == "" {
					continue
				}
				if out == nil {
					out = map[string]map[string]bool{}
				}
				if out[id] == nil {
					out[id] = map[string]bool{}
				}
				for _, r := range Expand(rule, cfnLint) {
					out[id][r] = true
				}
			}
		}
		add(StringsOf(metaMap(meta["pipegen"])["ignore"]), false)
		add(StringsOf(metaMap(metaMap(meta["cfn-lint"])["config"])["ignore_checks"]), true)
	}
	return out
}

// Suppress drops the findings a resource's Metadata silences: those whose
// Path is Resources/<id> or below it and whose rule the resource lists (see
// Suppressions). The order of the rest is kept. A nil document changes nothing.
func Suppress(doc *template.Document, findings []finding.Finding) []finding.Finding {
	if doc == nil {
		return findings
	}
	sup := Suppressions(doc.Root)
	if len(sup) == 0 {
		return findings
	}
	out := findings[:0:0]
	for _, f := range findings {
		if !suppressed(sup, f) {
			out = append(out, f)
		}
	}
	return out
}

func suppressed(sup map[string]map[string]bool, f finding.Finding) bool {
	rest, ok := strings.CutPrefix(f.Path, "Resources/")
	if !ok {
		return false
	}
	id, _, _ := strings.Cut(rest, "/")
	return sup[id][f.Rule]
}

func metaMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// StringsOf reads a string or a list of strings; intrinsics are skipped.
func StringsOf(v any) []string {
	switch t := v.(type) {
	case string:
		return []string{t}
	case []any:
		var out []string
		for _, item := range t {
			if s, ok := item.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
