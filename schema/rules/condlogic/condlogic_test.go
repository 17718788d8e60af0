package condlogic

import (
	"strconv"
	"testing"
)

// TestCan: what the search finds, proves impossible, or leaves unknown.
func TestCan(t *testing.T) {
	ref := func(name string) map[string]any { return map[string]any{"Ref": name} }
	eq := func(a, b any) map[string]any { return map[string]any{"Fn::Equals": []any{a, b}} }
	cond := func(name string) map[string]any { return map[string]any{"Condition": name} }
	not := func(c any) map[string]any { return map[string]any{"Fn::Not": []any{c}} }
	and := func(c ...any) map[string]any { return map[string]any{"Fn::And": c} }
	or := func(c ...any) map[string]any { return map[string]any{"Fn::Or": c} }
	params := map[string]any{
		"Env":     map[string]any{"Type": "String", "AllowedValues": []any{"prod", "dev"}},
		"Only":    map[string]any{"Type": "String", "AllowedValues": []any{"prod"}},
		"Free":    map[string]any{"Type": "String"},
		"Count":   map[string]any{"Type": "Number"},
		"Pattern": map[string]any{"Type": "String", "AllowedPattern": "[a-z]+"},
		"Subnets": map[string]any{"Type": "List<AWS::EC2::Subnet::Id>"},
	}
	conditions := map[string]any{
		"IsProd":      eq(ref("Env"), "prod"),
		"IsDev":       eq("dev", ref("Env")),
		"NotProd":     not(cond("IsProd")),
		"OnlyProd":    eq(ref("Only"), "prod"),
		"HasFree":     eq(ref("Free"), "yes"),
		"ProdAndFree": and(cond("IsProd"), cond("HasFree")),
		"ProdOrFree":  or(cond("IsProd"), cond("HasFree")),
		"Count3":      eq(ref("Count"), 3),
		"CountX":      eq(ref("Count"), "x"),
		"East":        eq(ref("AWS::Region"), "us-east-1"),
		"Nowhere":     eq(ref("AWS::Region"), "moon"),
		"AwsCn":       eq(ref("AWS::Partition"), "aws-cn"),
		"Same":        eq("a", "a"),
		"Pat":         eq(ref("Pattern"), "abc"),
		"TwoParams":   eq(ref("Env"), ref("Free")),
		"FromMap":     eq(map[string]any{"Fn::FindInMap": []any{"M", ref("AWS::Region"), "On"}}, "true"),
		"Stack":       eq(ref("AWS::StackName"), "s"),
		"List":        eq(ref("Subnets"), "s"),
		"Loop":        cond("Loop2"),
		"Loop2":       cond("Loop"),
		"Bool":        and(true, cond("IsProd")),
	}
	l := New(conditions, params)
	for _, tc := range []struct {
		yes, no []string
		want    Answer
	}{
		{nil, []string{"IsProd"}, Possible},
		{[]string{"IsProd"}, []string{"IsProd"}, Impossible},
		{[]string{"ProdAndFree"}, []string{"IsProd"}, Impossible}, // And implies its parts
		{[]string{"ProdOrFree"}, []string{"IsProd"}, Possible},
		{[]string{"IsDev"}, []string{"IsProd"}, Possible},
		{[]string{"IsProd", "IsDev"}, nil, Impossible}, // one value at a time
		{nil, []string{"IsProd", "IsDev"}, Impossible}, // AllowedValues has no third
		{[]string{"NotProd"}, []string{"IsDev"}, Impossible},
		{nil, []string{"OnlyProd"}, Impossible}, // the only allowed value
		{nil, []string{"HasFree"}, Possible},
		{[]string{"Count3"}, nil, Possible},
		{[]string{"CountX"}, nil, Impossible}, // a Number is never "x"
		{[]string{"East"}, []string{"IsProd"}, Possible},
		{[]string{"Nowhere"}, nil, Impossible},
		{nil, []string{"AwsCn"}, Possible},
		{nil, []string{"Same"}, Impossible},
		{[]string{"Bool"}, []string{"IsProd"}, Impossible},
		{nil, []string{"Pat"}, Unknown},
		{nil, []string{"TwoParams"}, Unknown},
		{nil, []string{"FromMap"}, Unknown},
		{nil, []string{"Stack"}, Unknown},
		{nil, []string{"List"}, Unknown},
		{nil, []string{"Loop"}, Unknown},
		{nil, []string{"Undefined"}, Unknown},
		{[]string{"IsProd"}, []string{"FromMap"}, Unknown},
	} {
		if got := l.Can(tc.yes, tc.no); got != tc.want {
			t.Errorf("Can(true %v, false %v) = %v, want %v", tc.yes, tc.no, got, tc.want)
		}
		if got := l.Can(tc.yes, tc.no); got != tc.want { // kept
			t.Errorf("again: Can(true %v, false %v) = %v, want %v", tc.yes, tc.no, got, tc.want)
		}
	}
	var none *Logic
	if none.Can(nil, []string{"IsProd"}) != Unknown {
		t.Error("a nil Logic knows nothing")
	}
}

// TestCanIsBounded: conditions over many parameters give up instead of
// searching every combination.
func TestCanIsBounded(t *testing.T) {
	params := map[string]any{}
	var parts []any
	for i := range 20 {
		name := string(rune('A' + i))
		params[name] = map[string]any{"Type": "String"}
		parts = append(parts, map[string]any{"Fn::Equals": []any{map[string]any{"Ref": name}, "x"}})
	}
	l := New(map[string]any{"Many": map[string]any{"Fn::And": parts}}, params)
	if got := l.Can(nil, []string{"Many"}); got != Unknown {
		t.Errorf("20 free parameters: %v, want Unknown", got)
	}
}

// TestSharedConditionsAreLinear: forty conditions, each the And of the one
// before with itself, name one comparison 2^40 times as a tree; as the
// graph they are, the question is answered at once (review of issue 12:
// a 2 KB template took minutes). The test's own timeout is the bound: a
// tree walk does not finish.
func TestSharedConditionsAreLinear(t *testing.T) {
	conds := map[string]any{"C0": map[string]any{"Fn::Equals": []any{map[string]any{"Ref": "P"}, "x"}}}
	for i := 1; i <= 40; i++ {
		prev := map[string]any{"Condition": "C" + strconv.Itoa(i-1)}
		conds["C"+strconv.Itoa(i)] = map[string]any{"Fn::And": []any{prev, prev}}
	}
	l := New(conds, map[string]any{"P": map[string]any{"Type": "String"}})
	if got := l.Can([]string{"C40"}, []string{"C0"}); got != Impossible {
		t.Errorf("C40 without C0: %v, want Impossible", got)
	}
	if got := l.Can([]string{"C40"}, nil); got != Possible {
		t.Errorf("C40: %v, want Possible", got)
	}
}

// TestFloatLiteralsAreUnknown: a float's spelling is not kept (1.0 reads
// as 1), so a condition comparing one is unknown, never taken for a
// condition on "1" (review of issue 12: a false E3005 when one condition
// said 1.0 and another "1.0").
func TestFloatLiteralsAreUnknown(t *testing.T) {
	params := map[string]any{"Version": map[string]any{"Type": "String", "AllowedValues": []any{"1.0", "2.0"}}}
	conds := map[string]any{
		"IsV1":  map[string]any{"Fn::Equals": []any{map[string]any{"Ref": "Version"}, 1.0}},
		"IsV1b": map[string]any{"Fn::Equals": []any{map[string]any{"Ref": "Version"}, "1.0"}},
	}
	l := New(conds, params)
	if got := l.Can([]string{"IsV1b"}, []string{"IsV1"}); got != Unknown {
		t.Errorf("IsV1b without IsV1: %v, want Unknown", got)
	}
}
