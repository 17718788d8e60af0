package lazyjson

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
)

func TestSplitObject(t *testing.T) {
	cases := []struct {
		in   string
		want map[string]string // nil: an error
	}{
		{`{}`, map[string]string{}},
		{` { } `, map[string]string{}},
		{`{"a":1,"b":"x"}`, map[string]string{"a": `1`, "b": `"x"`}},
		{`{"a": {"b": [1, {"c": "}]"}]}, "d" : null}`, map[string]string{"a": `{"b": [1, {"c": "}]"}]}`, "d": `null`}},
		{`{"q\"uote": "a\\\"b", "u\u0041": true}`, map[string]string{`q"uote`: `"a\\\"b"`, "uA": `true`}},
		{`{"a": 1, "a": 2}`, map[string]string{"a": `2`}}, // the last wins, as in encoding/json
		{"{\"a\":\t-1.5e3\n}", map[string]string{"a": `-1.5e3`}},
		{``, nil},
		{`[]`, nil},
		{`{`, nil},
		{`{"a"}`, nil},
		{`{"a":}`, nil},
		{`{"a":1,}`, nil},
		{`{"a":1 "b":2}`, nil},
		{`{"a":"unterminated}`, nil},
		{`{"a":[1,2}`, nil},
		{`{a:1}`, nil},
		{`{"a":1} trailing`, nil},
		{`{"bad\escape":1}`, nil},
	}
	for _, c := range cases {
		got, err := SplitObject([]byte(c.in))
		if c.want == nil {
			if err == nil {
				t.Errorf("SplitObject(%q) = %q, want an error", c.in, got)
			}
			continue
		}
		if err != nil {
			t.Errorf("SplitObject(%q): %v", c.in, err)
			continue
		}
		gotText := map[string]string{}
		for k, v := range got {
			gotText[k] = string(v)
		}
		if !reflect.DeepEqual(gotText, c.want) {
			t.Errorf("SplitObject(%q) = %q, want %q", c.in, gotText, c.want)
		}
	}
}

func TestLazyValue(t *testing.T) {
	l := &Value{raw: []byte(`{"n": 1.50, "s": "x"}`)}
	v, err := l.Get()
	if err != nil {
		t.Fatal(err)
	}
	if n := v.(map[string]any)["n"]; n != json.Number("1.50") {
		t.Errorf("numbers must stay json.Number as written, got %#v", n)
	}
	for _, bad := range []string{`{"a":`, `1 2`, `[}`} {
		if _, err := (&Value{raw: []byte(bad)}).Get(); err == nil {
			t.Errorf("%q decoded without an error", bad)
		}
		if _, ok := Resolve(&Value{raw: []byte(bad)}); ok {
			t.Errorf("Resolve(%q) is ok", bad)
		}
	}
}

// FuzzSplitObject: no panic on any bytes, and on every JSON object the
// members are those encoding/json finds, each decoding to the same value.
func FuzzSplitObject(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":1,"b":[true,null,{"c":"]"}]}`, `{"k\u00e9":"\\"}`, `{"a":1,"a":{}}`, `{"a":`, `[1]`} {
		f.Add([]byte(s))
	}
	if data, err := os.ReadFile("../cfn/SOURCE.json"); err == nil {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := SplitObject(data)
		var want map[string]json.RawMessage
		if json.Unmarshal(data, &want) != nil || !strings.HasPrefix(strings.TrimLeft(string(data), " \t\r\n"), "{") {
			return // not a JSON object: any error will do, as long as nothing panics
		}
		if err != nil {
			t.Fatalf("SplitObject(%q): %v", data, err)
		}
		if len(got) != len(want) {
			t.Fatalf("SplitObject(%q) has %d members, encoding/json %d", data, len(got), len(want))
		}
		for k, raw := range want {
			var a, b any
			if json.Unmarshal(raw, &a) != nil || json.Unmarshal(got[k], &b) != nil || !reflect.DeepEqual(a, b) {
				t.Fatalf("member %q: %q, encoding/json %q", k, got[k], raw)
			}
		}
	})
}
