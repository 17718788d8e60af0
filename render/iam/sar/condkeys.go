package sar

import (
	"regexp"
	"strings"

	"github.com/pipegen/pipegen/render/iam/sar/internal/sarfile"
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
// characters. An exact name wins over a template. Keys of services outside
// Services are not found, except those that a service in Services lists:
// the global keys the SAR lists beside a service's own (aws:TagKeys,
// aws:ResourceTag/${TagKey}, ...; not aws:SourceIp), and the identity
// providers' keys that STS lists (accounts.google.com:aud, ...).
//
// It decodes at most one service, the key's prefix before ":", since the
// index holds every key that a service lists under another prefix.
func LookupConditionKey(name string) (ConditionKey, bool) {
	ix, err := state.loadIndex()
	if err != nil {
		return ConditionKey{}, false
	}
	tables := []*keyTable{&ix.foreign}
	if svc := state.service(sarfile.Owner(name)); svc != nil {
		tables = []*keyTable{&svc.keys, &ix.foreign}
	}
	lower := strings.ToLower(name)
	for _, t := range tables {
		if k, ok := t.byName[lower]; ok {
			return k, true
		}
	}
	for _, t := range tables {
		if k, ok := t.match(lower); ok {
			return k, true
		}
	}
	return ConditionKey{}, false
}

// match returns the first template that the lower-case name matches.
func (t *keyTable) match(lower string) (ConditionKey, bool) {
	for _, k := range t.templates {
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
