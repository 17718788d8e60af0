package template

import (
	"fmt"
	"strconv"
	"strings"
)

// IntrinsicName reports whether a mapping key names an intrinsic function:
// Ref, Condition, or Fn:: and a name. CloudFormation treats a one-key
// mapping with such a key as a function call, whether or not the name is a
// function it knows (that is for the rules to say: E1001).
func IntrinsicName(key string) bool {
	return key == "Ref" || key == "Condition" || strings.HasPrefix(key, "Fn::")
}

// Call returns the name and argument of v when v is an intrinsic function
// call: a mapping with one key, which IntrinsicName accepts. It is the one
// test of what a function call is, for the rules, the Fn::ForEach
// expansion and the schema checks alike.
func Call(v any) (fn string, arg any, ok bool) {
	m, isMap := v.(map[string]any)
	if !isMap || len(m) != 1 {
		return "", nil, false
	}
	for k, a := range m {
		if IntrinsicName(k) {
			return k, a, true
		}
	}
	return "", nil, false
}

// IsIntrinsic reports whether v is an intrinsic function call (Call).
func IsIntrinsic(v any) bool {
	_, _, ok := Call(v)
	return ok
}

// Kind names a value's kind for messages: mapping, list, string, null,
// boolean or number.
func Kind(v any) string {
	switch v.(type) {
	case map[string]any:
		return "mapping"
	case []any:
		return "list"
	case string:
		return "string"
	case nil:
		return "null"
	case bool:
		return "boolean"
	default:
		return "number"
	}
}

// Describe names what a value is, for messages: "Fn::Join", "a string".
func Describe(v any) string {
	if fn, _, ok := Call(v); ok {
		return fn
	}
	return "a " + Kind(v)
}

// Show quotes a string, and names the kind of anything else: "x",
// 3 (a number).
func Show(v any) string {
	if s, ok := v.(string); ok {
		return strconv.Quote(s)
	}
	return fmt.Sprintf("%v (a %s)", v, Kind(v))
}

// Items describes an argument that should have been a list of items:
// "1 item", "3 items", or what it is instead.
func Items(arg any) string {
	if list, ok := arg.([]any); ok {
		if len(list) == 1 {
			return "1 item"
		}
		return strconv.Itoa(len(list)) + " items"
	}
	return Describe(arg)
}

// Scalar prints a number or boolean the way a YAML mapping key spells it,
// "" for anything else.
func Scalar(v any) string {
	switch n := v.(type) {
	case int64:
		return strconv.FormatInt(n, 10)
	case float64:
		return strconv.FormatFloat(n, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(n)
	}
	return ""
}

// ScalarText is the text CloudFormation compares for a scalar: a string
// itself, an integer or a boolean as the template spells it. A float is
// not one (false): its spelling in the template (1.0, 1.50, 1e3) is not
// kept, and 1.0 printed back as "1" would make a check compare the wrong
// text (a condition on "1.0" taken for one on "1"). Callers leave such a
// value unjudged.
func ScalarText(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case bool:
		return strconv.FormatBool(x), true
	case int64:
		return strconv.FormatInt(x, 10), true
	case int:
		return strconv.Itoa(x), true
	}
	return "", false
}

// IsLogicalID reports what CloudFormation takes as a logical id (and a
// Fn::ForEach loop name): one or more ASCII letters and digits.
func IsLogicalID(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return s != ""
}

// IsScalar reports a string, number or boolean.
func IsScalar(v any) bool {
	switch v.(type) {
	case map[string]any, []any, nil:
		return false
	}
	return true
}
