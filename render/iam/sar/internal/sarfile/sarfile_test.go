package sarfile

import (
	"bytes"
	"compress/gzip"
	"reflect"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	f := File{Source: "p@1", Services: []Service{{
		Name:          "svc",
		Actions:       []Action{{Name: "Do", AccessLevel: "Write", ResourceTypes: []ActionResource{{Name: "t", Required: true}}}},
		ResourceTypes: []ResourceType{{Key: "t", ARNs: []string{"arn:${Partition}:svc:::t/${Id}"}}},
		ConditionKeys: []ConditionKey{{Name: "svc:K", Type: "String"}},
	}}}
	b, err := Encode(f)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, f) {
		t.Errorf("round trip: got %+v, want %+v", got, f)
	}
}

func TestDecodeRejects(t *testing.T) {
	for name, js := range map[string]string{
		"unknown field": `{"source": "p@1", "services": [], "extra": 1}`,
		"trailing data": `{"source": "p@1", "services": []} {}`,
		"not JSON":      `{`,
	} {
		if _, err := Decode(gz(t, js)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := Decode([]byte("plain")); err == nil {
		t.Error("not gzip: no error")
	}
}

func gz(t *testing.T, s string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
