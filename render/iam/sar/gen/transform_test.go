package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pipegen/pipegen/render/iam/sar/internal/sarfile"
)

// fixture is a one-service package in the upstream layout. The second copy
// lists the same entries in another order, as a new upstream build might.
func fixture(reordered bool) map[string][]byte {
	actions := `{
  "deletething": {"name": "DeleteThing", "description": "d", "accessLevel": "Write",
    "resourceTypes": [{"name": "thing", "required": true, "conditionKeys": ["svc:Zed", "aws:ResourceTag/${TagKey}"], "dependentActions": []}],
    "conditionKeys": ["svc:B", "svc:A"], "dependentActions": ["svc:ListThings"]},
  "creatething": {"name": "CreateThing", "accessLevel": "Write", "resourceTypes": [], "conditionKeys": ["svc:A"]}
}`
	types := `{
  "thing": {"key": "thing", "arn": "arn:${Partition}:svc:${Region}:${Account}:thing/${ThingId}", "conditionKeys": ["aws:ResourceTag/${TagKey}"]},
  "pair": {"key": "Pair", "arn": "arn:${Partition}:svc:${Region}::/a/${Id}, arn:${Partition}:svc:${Region}::/b/${Id}"}
}`
	keys := `{
  "svc:a": {"key": "svc:A", "description": "x", "type": "String"},
  "aws:resourcetag/${tagkey}": {"key": "aws:ResourceTag/${TagKey}", "type": "String"}
}`
	if reordered {
		actions = `{
  "creatething": {"conditionKeys": ["svc:A"], "resourceTypes": [], "accessLevel": "Write", "name": "CreateThing"},
  "deletething": {"name": "DeleteThing", "accessLevel": "Write",
    "resourceTypes": [{"name": "thing", "required": true, "conditionKeys": ["aws:ResourceTag/${TagKey}", "svc:Zed"]}],
    "conditionKeys": ["svc:A", "svc:B"]}
}`
		types = `{
  "pair": {"arn": "arn:${Partition}:svc:${Region}::/a/${Id}, arn:${Partition}:svc:${Region}::/b/${Id}", "key": "Pair"},
  "thing": {"key": "thing", "arn": "arn:${Partition}:svc:${Region}:${Account}:thing/${ThingId}", "conditionKeys": ["aws:ResourceTag/${TagKey}"]}
}`
		keys = `{
  "aws:resourcetag/${tagkey}": {"type": "String", "key": "aws:ResourceTag/${TagKey}"},
  "svc:a": {"key": "svc:A", "type": "String"}
}`
	}
	return map[string][]byte{
		"actions/svc.json":       []byte(actions),
		"resourceTypes/svc.json": []byte(types),
		"conditionKeys/svc.json": []byte(keys),
	}
}

// encoded returns the data files of the fixture's one service.
func encoded(t *testing.T, src map[string][]byte) map[string][]byte {
	t.Helper()
	svcs, err := transform(src, []string{"svc"})
	if err != nil {
		t.Fatal(err)
	}
	files, err := dataFiles("pkg@1", svcs)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestTransformIsReproducible(t *testing.T) {
	first := encoded(t, fixture(false))
	if got := slices.Sorted(maps.Keys(first)); !slices.Equal(got, []string{"data/index.json", "data/svc.json.gz"}) {
		t.Fatalf("files %v", got)
	}
	if again := encoded(t, fixture(false)); !maps.EqualFunc(first, again, bytes.Equal) {
		t.Fatal("two runs on the same input differ")
	}
	if other := encoded(t, fixture(true)); !maps.EqualFunc(first, other, bytes.Equal) {
		t.Fatal("the same data in another key order gives other bytes")
	}
}

func TestTransformKeepsOnlyUsedFields(t *testing.T) {
	files := encoded(t, fixture(false))
	b := files["data/svc.json.gz"]
	svc, err := sarfile.DecodeService(b)
	if err != nil {
		t.Fatal(err)
	}
	if got := []string{svc.Actions[0].Name, svc.Actions[1].Name}; got[0] != "CreateThing" || got[1] != "DeleteThing" {
		t.Errorf("actions %v, want sorted", got)
	}
	del := svc.Actions[1]
	if strings.Join(del.ConditionKeys, ",") != "svc:A,svc:B" || del.ResourceTypes[0].ConditionKeys[0] != "aws:ResourceTag/${TagKey}" {
		t.Errorf("condition keys not sorted: %+v", del)
	}
	if pair := svc.ResourceTypes[0]; pair.Key != "Pair" || len(pair.ARNs) != 2 {
		t.Errorf("resource type %+v, want Pair with its two ARN templates split", pair)
	}
	for _, unwanted := range []string{"description", "dependentActions"} {
		if plain := decompressed(t, b); strings.Contains(plain, unwanted) {
			t.Errorf("output keeps %s", unwanted)
		}
	}
	ix, err := sarfile.DecodeIndex(files["data/index.json"])
	if err != nil {
		t.Fatal(err)
	}
	want := sarfile.Index{Source: "pkg@1", Services: []string{"svc"},
		ForeignConditionKeys: []sarfile.ConditionKey{{Name: "aws:ResourceTag/${TagKey}", Type: "String"}}}
	if !reflect.DeepEqual(ix, want) {
		t.Errorf("index %+v, want %+v", ix, want)
	}
}

func TestForeignKeys(t *testing.T) {
	key := func(name, typ string) sarfile.ConditionKey { return sarfile.ConditionKey{Name: name, Type: typ} }
	svcs := []sarfile.Service{
		{Name: "ec2", ConditionKeys: []sarfile.ConditionKey{key("aws:TagKeys", "ArrayOfString"), key("ec2:SourceInstanceARN", "ARN")}},
		{Name: "ssm", ConditionKeys: []sarfile.ConditionKey{key("aws:TagKeys", "ArrayOfString"), key("ec2:SourceInstanceARN", "ARN"), key("ssm:Overwrite", "String")}},
		{Name: "sts", ConditionKeys: []sarfile.ConditionKey{key("accounts.google.com:aud", "String"), key("aws:TagKeys", "ArrayOfString")}},
	}
	got, err := foreignKeys(svcs)
	if err != nil {
		t.Fatal(err)
	}
	// The owner listing ec2:SourceInstanceARN does not keep it out: the
	// index lists every key a service lists under another prefix.
	want := []sarfile.ConditionKey{key("aws:TagKeys", "ArrayOfString"), key("ec2:SourceInstanceARN", "ARN"), key("accounts.google.com:aud", "String")}
	if !slices.Equal(got, want) {
		t.Errorf("foreignKeys = %v, want %v", got, want)
	}
	svcs[2].ConditionKeys[1].Type = "String"
	if _, err := foreignKeys(svcs); err == nil {
		t.Error("a key with two types: no error")
	}
	svcs[2].ConditionKeys[1] = key("aws:tagkeys", "ArrayOfString")
	if _, err := foreignKeys(svcs); err == nil {
		t.Error("a key with two spellings: no error")
	}
}

func TestTransformRejectsBrokenInput(t *testing.T) {
	cases := map[string]func(map[string][]byte){
		"missing file": func(m map[string][]byte) { delete(m, "conditionKeys/svc.json") },
		"unknown resource type": func(m map[string][]byte) {
			m["actions/svc.json"] = []byte(`{"x": {"name": "X", "resourceTypes": [{"name": "nothing", "required": true}]}}`)
		},
		"key not the lower-case name": func(m map[string][]byte) {
			m["actions/svc.json"] = []byte(`{"x": {"name": "Y"}}`)
		},
		"not an ARN": func(m map[string][]byte) {
			m["resourceTypes/svc.json"] = []byte(`{"t": {"key": "t", "arn": "*"}}`)
		},
		"bad JSON": func(m map[string][]byte) { m["actions/svc.json"] = []byte(`{`) },
	}
	for name, breakIt := range cases {
		src := fixture(false)
		breakIt(src)
		if _, err := transform(src, []string{"svc"}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestWantedPath(t *testing.T) {
	cases := map[string]string{
		"package/data/actions/lambda.json":       "actions/lambda.json",
		"package/data/conditionKeys/sts.json":    "conditionKeys/sts.json",
		"package/LICENSE.txt":                    "LICENSE.txt",
		"package/data/actions/a2c.json":          "",
		"package/data/categories/lambda.json":    "",
		"package/dist/cjs/actions.js":            "",
		"package/data/resourceTypes/lambda.json": "resourceTypes/lambda.json",
	}
	for name, want := range cases {
		if got, _ := wantedPath(name); got != want {
			t.Errorf("wantedPath(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestIntegrity(t *testing.T) {
	// The SRI string of "abc", as `npm view` would print it.
	const want = "sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw=="
	if got := integrity([]byte("abc")); got != want {
		t.Errorf("integrity = %s, want %s", got, want)
	}
}

func decompressed(t *testing.T, gz []byte) string {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
