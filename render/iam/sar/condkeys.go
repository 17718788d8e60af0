package sar

import (
	"regexp"
	"strings"
)

// ConditionKey is a condition key and its IAM type: String, ARN, Bool,
// Numeric, Date, or ArrayOf one of them.
type ConditionKey struct {
	Name string // as the SAR spells it, e.g. lambda:FunctionArn, aws:RequestTag/${TagKey}
	Type string
}

// LookupConditionKey returns the condition key that name is, compared
// case-insensitively as IAM compares key names. A concrete key such as
// aws:ResourceTag/team matches its template aws:ResourceTag/${TagKey}
// (also s3:ExistingObjectTag/<key>), a variable standing for one or more
// characters. Keys of services outside Services are not found.
func LookupConditionKey(name string) (ConditionKey, bool) {
	ix := current()
	if ix == nil {
		return ConditionKey{}, false
	}
	lower := strings.ToLower(name)
	if k, ok := ix.keys[lower]; ok {
		return k, true
	}
	for _, k := range ix.keyTemplates {
		if matchParts(keyTemplate(strings.ToLower(k.Name)), lower) {
			return k, true
		}
	}
	return ConditionKey{}, false
}

// keyVariable is a variable in a condition key's name: ${TagKey} or <key>.
var keyVariable = regexp.MustCompile(`\$\{[^}]*\}|<[^>]*>`)

// keyTemplate splits a key name at its variables, each of which matches
// one or more characters of any kind (a tag key may hold "/" or ":").
func keyTemplate(tmpl string) []part {
	var parts []part
	last := 0
	for _, loc := range keyVariable.FindAllStringIndex(tmpl, -1) {
		if loc[0] > last {
			parts = append(parts, part{lit: tmpl[last:loc[0]]})
		}
		parts = append(parts, part{name: tmpl[loc[0]:loc[1]], allow: anyByte})
		last = loc[1]
	}
	if last < len(tmpl) {
		parts = append(parts, part{lit: tmpl[last:]})
	}
	return parts
}
