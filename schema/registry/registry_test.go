package registry

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io/fs"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/pipegen/pipegen/schema/archive"
	"github.com/pipegen/pipegen/schema/cfn"
	"testing/fstest"
)

// vendored is the registry of the embedded schemas.
func vendored() *Registry { return NewArchive(cfn.Files, cfn.Index) }

func TestVendoredRegistry(t *testing.T) {
	r := vendored()
	known := r.Known()
	var src struct{ Types int }
	data, err := cfn.Files.ReadFile("SOURCE.json")
	if err == nil {
		err = json.Unmarshal(data, &src)
	}
	if err != nil || len(known) != src.Types || src.Types < 1000 {
		t.Fatalf("Known() has %d types, SOURCE.json says %d (%v)", len(known), src.Types, err)
	}
	for _, name := range []string{"AWS::Lambda::Function", "AWS::DynamoDB::Table", "AWS::EC2::VPC", "AWS::ApiGateway::RestApi", "AWS::CodePipeline::Pipeline"} {
		if _, ok, err := r.Lookup(name); !ok || err != nil {
			t.Errorf("Lookup(%s) = ok %v, %v", name, ok, err)
		}
	}
	if got := r.Suggest("AWS::Lambda::Functon"); got != "AWS::Lambda::Function" {
		t.Errorf("Suggest(AWS::Lambda::Functon) = %q", got)
	}
	if got := r.Suggest("AWS::EC2::vpc"); got != "AWS::EC2::VPC" {
		t.Errorf("Suggest(AWS::EC2::vpc) = %q", got)
	}
	if _, ok, err := r.Lookup("AWS::EC2::Vpc"); ok || err != nil {
		t.Errorf("Lookup(AWS::EC2::Vpc) = ok %v, %v; type names are case-sensitive", ok, err)
	}
	if got := r.Suggest("Nothing::Like::ThisAtAll"); got != "" {
		t.Errorf("Suggest of a name far from every type = %q", got)
	}
}

const (
	testBucketSchema = `{"typeName": "AWS::S3::Bucket",
		"properties": {"BucketName": {"type": "string", "pattern": "^[a-z0-9.-]+$"}, "Arn": {"type": "string"}},
		"readOnlyProperties": ["/properties/Arn"], "additionalProperties": false}`
	testTopicSchema = `{"typeName": "AWS::SNS::Topic",
		"properties": {"TopicName": {"type": "string"}}, "additionalProperties": false}`
)

// testArchive writes a zip and its index as the generator does; raw
// entries are stored uncompressed, so their bytes stay as given (a broken
// entry stays broken). types names the type of each entry; without it,
// there is no index.
func testArchive(t *testing.T, types, entries, raw map[string]string) fstest.MapFS {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name, body string, method uint16) {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method})
		if err == nil {
			_, err = w.Write([]byte(body))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	for name, body := range entries {
		add(name, body, zip.Deflate)
	}
	for name, body := range raw {
		add(name, body, zip.Store)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if types == nil {
		return fstest.MapFS{archive.ZipName: {Data: buf.Bytes()}}
	}
	index, err := archive.WriteIndex(buf.Bytes(), types)
	if err != nil {
		t.Fatal(err)
	}
	return fstest.MapFS{archive.ZipName: {Data: buf.Bytes()}, archive.IndexName: {Data: index}}
}

var testTypes = map[string]string{"aws-s3-bucket.json": "AWS::S3::Bucket", "aws-sns-topic.json": "AWS::SNS::Topic"}

// TestRegistryFromFolder builds a registry from plain <type>.json files, as
// tests do, with no index: names come from each file's typeName.
func TestRegistryFromFolder(t *testing.T) {
	r := New(fstest.MapFS{
		"aws-s3-bucket.json": {Data: []byte(testBucketSchema)},
		"aws-sns-topic.json": {Data: []byte(testTopicSchema)},
		"SOURCE.json":        {Data: []byte(`{"module": "m", "types": 2}`)},
		"LICENSE":            {Data: []byte("licence")},
	})
	if got, want := r.Known(), []string{"AWS::S3::Bucket", "AWS::SNS::Topic"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Known() = %v, want %v", got, want)
	}
	typ, ok, err := r.Lookup("AWS::S3::Bucket")
	if !ok || err != nil {
		t.Fatalf("Lookup = ok %v, %v", ok, err)
	}
	if !typ.HasAttribute("Arn") || !typ.ReadOnly("Arn") || !reflect.DeepEqual(typ.Properties(), []string{"BucketName"}) {
		t.Errorf("type = attributes %v, properties %v", typ.Attributes(), typ.Properties())
	}
	if _, ok, err := r.Lookup("AWS::S3::bucket"); ok || err != nil {
		t.Errorf("Lookup(AWS::S3::bucket) = ok %v, %v", ok, err)
	}
	if _, ok, _ := r.Lookup(""); ok {
		t.Error("Lookup of the empty name found a type")
	}
	if got := r.Suggest("AWS::S3::bucket"); got != "AWS::S3::Bucket" {
		t.Errorf("Suggest = %q", got)
	}
}

// TestZipRegistryReadsOnlyWhatItUses puts an entry in the zip that does not
// decode: listing, suggesting and refusing a miscased name must not touch it,
// only a Lookup of that very type.
func TestZipRegistryReadsOnlyWhatItUses(t *testing.T) {
	files := testArchive(t, testTypes, map[string]string{"aws-s3-bucket.json": testBucketSchema},
		map[string]string{"aws-sns-topic.json": "not JSON"})
	// The zip opened as a file system is a plain folder: its index names the types only.
	plain := testArchive(t, nil, nil, map[string]string{
		archive.IndexName:    "aws-sns-topic AWS::SNS::Topic\naws-s3-bucket AWS::S3::Bucket\n", // unsorted: sorted on load
		"aws-s3-bucket.json": testBucketSchema,
		"aws-sns-topic.json": "not JSON",
	})
	registries := map[string]*Registry{
		"New(archive)": New(files),
		"New(zip.FS)":  New(mustZipReader(t, plain[archive.ZipName].Data)),
		"New(no-seek)": New(noReaderAt{files}),
	}
	for name, r := range registries {
		t.Run(name, func(t *testing.T) {
			if got, want := r.Known(), []string{"AWS::S3::Bucket", "AWS::SNS::Topic"}; !reflect.DeepEqual(got, want) {
				t.Errorf("Known() = %v, want %v", got, want)
			}
			if got := r.Suggest("AWS::SNS::Topik"); got != "AWS::SNS::Topic" {
				t.Errorf("Suggest = %q", got)
			}
			if _, ok, err := r.Lookup("AWS::SNS::TOPIC"); ok || err != nil {
				t.Errorf("Lookup(AWS::SNS::TOPIC) = ok %v, %v; want unknown, without reading the entry", ok, err)
			}
			if _, ok, err := r.Lookup("AWS::SNS::Topic"); !ok || err == nil {
				t.Errorf("Lookup(AWS::SNS::Topic) = ok %v, %v; want the broken entry's error", ok, err)
			}
			if typ, ok, err := r.Lookup("AWS::S3::Bucket"); !ok || err != nil || typ.Name != "AWS::S3::Bucket" {
				t.Errorf("Lookup(AWS::S3::Bucket) = %v, ok %v, %v", typ, ok, err)
			}
		})
	}
}

func mustZipReader(t *testing.T, data []byte) *zip.Reader {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	return zr
}

// noReaderAt hides the files' ReadAt, so the registry must read the zip whole.
type noReaderAt struct{ fsys fs.FS }

func (n noReaderAt) Open(name string) (fs.File, error) {
	f, err := n.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	return struct{ fs.File }{f}, nil
}

func TestBrokenArchive(t *testing.T) {
	good := testArchive(t, testTypes, map[string]string{"aws-s3-bucket.json": testBucketSchema}, nil)
	index := string(good[archive.IndexName].Data)
	with := func(name, data string) fstest.MapFS {
		files := fstest.MapFS{}
		for k, v := range good {
			files[k] = v
		}
		if data == "" {
			delete(files, name)
		} else {
			files[name] = &fstest.MapFile{Data: []byte(data)}
		}
		return files
	}
	fields := strings.Fields(index)
	for name, files := range map[string]fstest.MapFS{
		"no index":         with(archive.IndexName, ""),
		"names only":       with(archive.IndexName, "aws-s3-bucket AWS::S3::Bucket\n"),
		"bad number":       with(archive.IndexName, strings.Replace(index, fields[3], "x", 1)),
		"outside the zip":  with(archive.IndexName, strings.Replace(index, " "+fields[3]+" ", " 99999999 ", 1)),
		"wrong CRC":        with(archive.IndexName, strings.Replace(index, fields[6], "00000000", 1)),
		"unknown method":   with(archive.IndexName, strings.Replace(index, " 8 ", " 99 ", 1)),
		"huge size":        with(archive.IndexName, strings.Replace(index, " "+fields[5]+" ", " 999999999999 ", 1)),
		"zip is truncated": with(archive.ZipName, string(good[archive.ZipName].Data[:40])),
	} {
		t.Run(name, func(t *testing.T) {
			r := New(files)
			if _, _, err := r.Lookup("AWS::S3::Bucket"); err == nil {
				t.Error("Lookup gave no error")
			}
		})
	}
}

// TestLookupConcurrent asks for one type from many goroutines: it compiles
// once and everyone gets the same value.
func TestLookupConcurrent(t *testing.T) {
	r := New(testArchive(t, testTypes, map[string]string{"aws-s3-bucket.json": testBucketSchema}, nil))
	got := make([]*ResourceType, 8)
	var wg sync.WaitGroup
	for i := range got {
		wg.Go(func() { got[i], _, _ = r.Lookup("AWS::S3::Bucket") })
	}
	wg.Wait()
	for _, typ := range got {
		if typ == nil || typ != got[0] {
			t.Fatalf("Lookup gave %v and %v", typ, got[0])
		}
	}
}

func TestAWSTypeNames(t *testing.T) {
	text := []byte("Resources:\n  A:\n    Type: AWS::S3::Bucket\n  B:\n    Type: \"AWS::SNS::Topic\"\n" +
		"  C:\n    Type: AWS::S3::Bucket\n    Properties:\n      Name: !Sub ${AWS::Region}-${AWS::StackName}\n" +
		"  D:\n    Type: AWS::EC2::VPC::Extra\n  E:\n    Type: Custom::Thing\n")
	got := awsTypeNames(text, maxPrefetch)
	want := []string{"AWS::S3::Bucket", "AWS::SNS::Topic"} // pseudo parameters and four-part names are skipped
	if !reflect.DeepEqual(got, want) {
		t.Errorf("awsTypeNames = %v, want %v", got, want)
	}
	if got := awsTypeNames(text, 1); len(got) != 1 {
		t.Errorf("limit 1 gave %v", got)
	}
}

func TestHandlerPermissions(t *testing.T) {
	perms, ok, err := vendored().HandlerPermissions("AWS::IAM::Role")
	if err != nil || !ok {
		t.Fatalf("AWS::IAM::Role: ok %v, err %v", ok, err)
	}
	if !slices.Contains(perms["delete"], "iam:ListRolePolicies") || !slices.Contains(perms["create"], "iam:CreateRole") {
		t.Errorf("AWS::IAM::Role handlers: %v", perms)
	}
	if _, ok, err := vendored().HandlerPermissions("AWS::IAM::Rol"); ok || err != nil {
		t.Errorf("an unknown type: ok %v, err %v", ok, err)
	}
	if _, ok, _ := vendored().HandlerPermissions("aws::iam::role"); ok {
		t.Error("type names are case-sensitive")
	}
}
