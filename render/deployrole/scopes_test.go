package deployrole

import (
	"strings"
	"testing"

	"github.com/pipegen/pipegen/render/iam/sar"
)

// TestKnownKeysUseTheirTypesOperators: a condition key typed String in
// the Service Authorization Reference takes a String operator (an Arn
// operator does not match a string key); an ARN key takes either (IAM's
// permissions boundary guide writes StringEquals on iam:PermissionsBoundary).
func TestKnownKeysUseTheirTypesOperators(t *testing.T) {
	for _, k := range knownKeys {
		key, ok := sar.LookupConditionKey(k.key)
		if !ok {
			t.Errorf("%s is not in the Service Authorization Reference", k.key)
			continue
		}
		ok = strings.HasPrefix(k.operator, "String") || key.Type == "ARN" && strings.HasPrefix(k.operator, "Arn")
		if !ok {
			t.Errorf("%s is typed %s; operator %s does not compare that type", k.key, key.Type, k.operator)
		}
	}
}
