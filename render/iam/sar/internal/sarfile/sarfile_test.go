package sarfile

import (
	"bytes"
	"compress/gzip"
	"reflect"
	"testing"
)

func testService() Service {
	return Service{
		Name:          "svc",
		Actions:       []Action{{Name: "Do", AccessLevel: "Write", ResourceTypes: []ActionResource{{Name: "t", Required: true}}}},
		ResourceTypes: []ResourceType{{Key: "t", ARNs: []string{"arn:${Partition}:svc:::t/${Id}"}}},
		ConditionKeys: []ConditionKey{{Name: "aws:TagKeys", Type: "ArrayOfString"}, {Name: "svc:K", Type: "String"}},
	}
}

func TestServiceRoundTrip(t *testing.T) {
	svc := testService()
	b, err := EncodeService(svc)
	if err != nil {
		t.Fatal(err)
	}
	again, err := EncodeService(testService())
	if err != nil || !bytes.Equal(b, again) {
		t.Errorf("two encodings differ (%v)", err)
	}
	got, err := DecodeService(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, svc) {
		t.Errorf("round trip: got %+v, want %+v", got, svc)
	}
}

func TestIndexRoundTrip(t *testing.T) {
	ix := Index{Source: "p@1", Services: []string{"codestar-connections", "ec2", "svc"},
		ForeignConditionKeys: []ConditionKey{{Name: "aws:TagKeys", Type: "ArrayOfString"}}}
	b, err := EncodeIndex(ix)
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeIndex(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, ix) {
		t.Errorf("round trip: got %+v, want %+v", got, ix)
	}
}

func TestDecodeServiceRejects(t *testing.T) {
	for name, js := range map[string]string{
		"unknown field":  `{"name": "svc", "actions": [], "resourceTypes": [], "conditionKeys": [], "extra": 1}`,
		"unknown deeper": `{"name": "svc", "actions": [{"name": "Do", "description": "d"}]}`,
		"trailing data":  `{"name": "svc"} {}`,
		"trailing ]":     `{"name": "svc"}]`,
		"not JSON":       `{`,
		"not an object":  `[]`,
		"wrong type":     `{"name": 1}`,
		"a second value": `{"name": "svc"}"x"`,
	} {
		if _, err := DecodeService(gz(t, js)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := DecodeService([]byte("plain")); err == nil {
		t.Error("not gzip: no error")
	}
}

func TestDecodeIndexRejects(t *testing.T) {
	for name, js := range map[string]string{
		"unknown field": `{"source": "p@1", "services": [], "extra": 1}`,
		"trailing data": `{"source": "p@1", "services": []} {}`,
		"not JSON":      `{`,
		"unsorted":      `{"source": "p@1", "services": ["s3", "ec2"]}`,
		"duplicate":     `{"source": "p@1", "services": ["s3", "s3"]}`,
		"upper case":    `{"source": "p@1", "services": ["S3"]}`,
		"a path":        `{"source": "p@1", "services": ["../s3"]}`,
		"empty name":    `{"source": "p@1", "services": [""]}`,
	} {
		if _, err := DecodeIndex([]byte(js)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestEncodeRejectsBadServiceNames(t *testing.T) {
	svc := testService()
	svc.Name = "a/b"
	if _, err := EncodeService(svc); err == nil {
		t.Error("EncodeService(a/b): no error")
	}
	if _, err := EncodeIndex(Index{Services: []string{"b", "a"}}); err == nil {
		t.Error("EncodeIndex(unsorted): no error")
	}
}

func TestOwner(t *testing.T) {
	for key, want := range map[string]string{
		"lambda:FunctionArn":                            "lambda",
		"AWS:ResourceTag/${TagKey}":                     "aws",
		"kms:EncryptionContext:${EncryptionContextKey}": "kms",
		"accounts.google.com:aud":                       "accounts.google.com",
		"nocolon":                                       "nocolon",
	} {
		if got := Owner(key); got != want {
			t.Errorf("Owner(%q) = %q, want %q", key, got, want)
		}
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
