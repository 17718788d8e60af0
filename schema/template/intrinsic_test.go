package template

import "testing"

// TestCall: a function call is a mapping of one key, Ref, Condition or Fn::
// and any name: whether CloudFormation knows the function is the rules'
// question, so every check agrees on what is a call.
func TestCall(t *testing.T) {
	for v, want := range map[string]bool{"Ref": true, "Condition": true, "Fn::Sub": true, "Fn::GetAZs": true,
		"Fn::Jo-in": true, "Fn::": true, "Fn::ForEach::Topics": true, "ref": false, "Fn:Sub": false, "Type": false} {
		if got := IntrinsicName(v); got != want {
			t.Errorf("IntrinsicName(%q) = %v", v, got)
		}
		if _, _, got := Call(map[string]any{v: "x"}); got != want {
			t.Errorf("Call({%q: x}) = %v", v, got)
		}
	}
	if IsIntrinsic(map[string]any{"Ref": "A", "Fn::Sub": "b"}) || IsIntrinsic("Ref") || IsIntrinsic([]any{map[string]any{"Ref": "A"}}) {
		t.Error("only a mapping of one key is a call")
	}
}
