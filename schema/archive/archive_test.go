package archive

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"testing"
)

var testEntries = map[string]string{
	"aws-s3-bucket.json": `{"typeName":"AWS::S3::Bucket"}`,
	"aws-sns-topic.json": strings.Repeat(`{"typeName":"AWS::SNS::Topic"}`, 50),
	"aws-x-y.json":       `{"typeName":"AWS::X::Y"}`, // sorts before aws-x.json by name, after it by stem
	"aws-x.json":         `{"typeName":"AWS::X"}`,
}

var testTypes = map[string]string{"aws-s3-bucket.json": "AWS::S3::Bucket", "aws-sns-topic.json": "AWS::SNS::Topic",
	"aws-x-y.json": "AWS::X::Y", "aws-x.json": "AWS::X"}

func testZip(t testing.TB, method uint16) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"aws-s3-bucket.json", "aws-sns-topic.json", "aws-x-y.json", "aws-x.json"} {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method})
		if err == nil {
			_, err = w.Write([]byte(testEntries[name]))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRoundTrip(t *testing.T) {
	for _, method := range []uint16{zip.Deflate, zip.Store} {
		data := testZip(t, method)
		index, err := WriteIndex(data, testTypes)
		if err != nil {
			t.Fatal(err)
		}
		x, err := ParseIndex(string(index), true)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(x.Stems, " "); got != "aws-s3-bucket aws-sns-topic aws-x aws-x-y" {
			t.Errorf("stems %s: want them sorted by stem", got)
		}
		r, err := NewReader(bytes.NewReader(data), int64(len(data)), x)
		if err != nil {
			t.Fatal(err)
		}
		for name, want := range testEntries {
			got, err := r.Read(strings.TrimSuffix(name, ".json"))
			if err != nil || string(got) != want {
				t.Errorf("Read(%s) = %q, %v", name, got, err)
			}
		}
		if _, err := r.Read("aws-nope"); err == nil {
			t.Error("Read of a missing stem gave no error")
		}
	}
}

func TestWriteIndexNeedsEveryType(t *testing.T) {
	data := testZip(t, zip.Deflate)
	if _, err := WriteIndex(data, map[string]string{"aws-s3-bucket.json": "AWS::S3::Bucket"}); err == nil {
		t.Error("an entry without a type gave no error")
	}
	wrong := map[string]string{}
	for k, v := range testTypes {
		wrong[k] = v
	}
	wrong["aws-x.json"] = "AWS::Y"
	if _, err := WriteIndex(data, wrong); err == nil {
		t.Error("an entry named for another type gave no error")
	}
	if _, err := WriteIndex([]byte("no zip"), testTypes); err == nil {
		t.Error("a non-zip gave no error")
	}
}

func TestParseIndexErrors(t *testing.T) {
	for _, c := range []struct {
		in      string
		located bool
	}{
		{"", false},
		{"aws-x\n", false},
		{" AWS::X\n", false},
		{"aws-x AWS::X\n\n", false},
		{"aws-x AWS::X\n", true},
		{"aws-x AWS::X 8 1 2 3\n", true},
		{"aws-x AWS::X 8 1 2 3 0 extra\n", true},
	} {
		if _, err := ParseIndex(c.in, c.located); err == nil {
			t.Errorf("ParseIndex(%q, %v) gave no error", c.in, c.located)
		}
	}
	// Numbers are checked when the entry is read.
	for _, line := range []string{
		"aws-x AWS::X 8 1 2 3 zz", "aws-x AWS::X 8 -1 2 3 0", "aws-x AWS::X 70000 1 2 3 0",
		"aws-x AWS::X 8 1 2 3 100000000", "aws-x AWS::X 8 1  3 0",
	} {
		x, err := ParseIndex(line, true)
		if err != nil {
			t.Errorf("ParseIndex(%q): %v", line, err)
			continue
		}
		if _, err := x.Entry(0); err == nil {
			t.Errorf("Entry of %q gave no error", line)
		}
	}
	if x, err := ParseIndex("b B\na A extra fields are ignored\n", false); err != nil || x.Names[0] != "A" || x.Stems[1] != "b" {
		t.Errorf("a names-only index: %+v, %v", x, err)
	}
}

func TestReadRefusesBadEntries(t *testing.T) {
	data := testZip(t, zip.Deflate)
	index, _ := WriteIndex(data, testTypes)
	good, _ := ParseIndex(string(index), true)
	i, _ := good.Position("aws-sns-topic")
	e, err := good.Entry(i)
	if err != nil {
		t.Fatal(err)
	}
	for name, bad := range map[string]Entry{
		"outside":     {e.Method, int64(len(data)), e.Compressed, e.Size, e.CRC},
		"wrong crc":   {e.Method, e.Offset, e.Compressed, e.Size, e.CRC + 1},
		"short data":  {e.Method, e.Offset, e.Compressed / 2, e.Size, e.CRC},
		"too long":    {e.Method, e.Offset, e.Compressed, e.Size + 1, e.CRC},
		"method":      {99, e.Offset, e.Compressed, e.Size, e.CRC},
		"huge":        {e.Method, e.Offset, e.Compressed, MaxEntrySize + 1, e.CRC},
		"not deflate": {e.Method, 0, e.Compressed, e.Size, e.CRC},
	} {
		line := fmt.Sprintf("aws-sns-topic AWS::SNS::Topic %d %d %d %d %08x\n", bad.Method, bad.Offset, bad.Compressed, bad.Size, bad.CRC)
		x, err := ParseIndex(line, true)
		if err != nil {
			t.Fatal(err)
		}
		r, err := NewReader(bytes.NewReader(data), int64(len(data)), x)
		if err == nil {
			_, err = r.Read("aws-sns-topic")
		}
		if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := NewReader(bytes.NewReader(data), int64(len(data)), Index{Stems: []string{"a"}, Names: []string{"A"}}); err == nil {
		t.Error("a names-only index opened an archive")
	}
}

// FuzzParseIndex: no panic on any index, and whatever parses reads without
// a panic (errors are fine) from a real zip.
func FuzzParseIndex(f *testing.F) {
	data := testZip(f, zip.Deflate)
	index, err := WriteIndex(data, testTypes)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(index, true)
	f.Add([]byte("aws-x AWS::X\n"), false)
	f.Add([]byte("aws-x AWS::X 8 0 99999 5 0\n"), true)
	f.Fuzz(func(t *testing.T, in []byte, located bool) {
		x, err := ParseIndex(string(in), located)
		if err != nil || !located {
			return
		}
		r, err := NewReader(bytes.NewReader(data), int64(len(data)), x)
		if err != nil {
			return
		}
		for _, s := range x.Stems {
			r.Read(s) //nolint:errcheck // only a panic fails
		}
	})
}
