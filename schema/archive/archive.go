// Package archive is the format of pipegen's vendored resource schemas
// (and of schema/constraints' data), written by the generators (schema/gen,
// schema/constraints/gen) and read by the schema registry:
//
//   - schemas.zip, a standard zip with one minified <stem>.json entry per
//     type (aws-s3-bucket.json for AWS::S3::Bucket);
//
//   - index.txt, one line per type, sorted by stem, saying where the type's
//     data lies in the zip:
//
//     <stem> <TypeName> <method> <offset> <compressed size> <size> <crc-32>
//     aws-s3-bucket AWS::S3::Bucket 8 1035688 9934 91120 5c0e2b1d
//
// Reading a type seeks to its data and inflates it: neither the zip's
// central directory (archive/zip parses all 1,395 records before it finds
// one) nor any other entry is read. The index also lets types be listed,
// suggested and checked for case without decompressing a schema.
//
// The package embeds nothing, so the generator can write the files even
// when they are missing.
package archive

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ZipTime is every entry's modification time: a fixed one keeps an
// archive byte for byte the same from run to run.
var ZipTime = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

// WriteZip writes entries as a standard zip, deflated at the best level,
// in name order, with ZipTime. The same entries and the same Go toolchain
// give the same bytes (compress/flate's output is not promised across Go
// versions; a change there only means the generators rewrite the zip).
func WriteZip(entries map[string][]byte) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestCompression)
	})
	names := make([]string, 0, len(entries))
	for name := range entries {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: ZipTime})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(entries[name]); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// EncodeEntry writes v as an entry is stored: compact JSON (map keys
// sorted, as encoding/json sorts them), no final newline, and <, > and &
// left as they are. For all the schemas that is 7.7 MB instead of 10.6 MB
// indented, 1.85 MB instead of 2.0 MB deflated, and less to inflate and
// decode per type.
func EncodeEntry(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// File names in the vendored folder.
const (
	ZipName   = "schemas.zip"
	IndexName = "index.txt"
)

// Stem is a type's entry name without .json: AWS::S3::Bucket -> aws-s3-bucket.
func Stem(typeName string) string {
	return strings.ToLower(strings.ReplaceAll(typeName, "::", "-"))
}

// Index lists types as parallel lists sorted by stem.
type Index struct {
	Stems []string // entry stems: aws-s3-bucket
	Names []string // canonical type names: AWS::S3::Bucket
	// locations are the rest of each line, parsed when the entry is read:
	// parsing 1,395 lines of numbers up front would cost a millisecond of a
	// run that reads a handful. nil for a names-only index.
	locations []string
}

// Entry locates one entry's data in the zip.
type Entry struct {
	Method             uint16 // zip.Store or zip.Deflate
	Offset, Compressed int64
	Size               int64
	CRC                uint32
}

// Position returns where stem s is in the index.
func (x Index) Position(s string) (int, bool) {
	i := sort.SearchStrings(x.Stems, s)
	return i, i < len(x.Stems) && x.Stems[i] == s
}

// Len, Less and Swap sort the index by stem.
func (x Index) Len() int           { return len(x.Stems) }
func (x Index) Less(i, j int) bool { return x.Stems[i] < x.Stems[j] }
func (x Index) Swap(i, j int) {
	x.Stems[i], x.Stems[j] = x.Stems[j], x.Stems[i]
	x.Names[i], x.Names[j] = x.Names[j], x.Names[i]
	if x.locations != nil {
		x.locations[i], x.locations[j] = x.locations[j], x.locations[i]
	}
}

// Add appends a type to a names-only index; Sort it when done.
func (x *Index) Add(stem, name string) {
	x.Stems, x.Names = append(x.Stems, stem), append(x.Names, name)
}

// WriteIndex returns the index of a zip of <stem>.json entries; typeNames
// gives the type each entry holds, by entry name.
func WriteIndex(zipData []byte, typeNames map[string]string) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(zipData), int64(len(zipData)))
	if err != nil {
		return nil, err
	}
	lines := make([]string, 0, len(zr.File))
	for _, f := range zr.File {
		typ, ok := typeNames[f.Name]
		if !ok || Stem(typ)+".json" != f.Name {
			return nil, fmt.Errorf("entry %s: no type of that name (%q)", f.Name, typ)
		}
		offset, err := f.DataOffset()
		if err != nil {
			return nil, err
		}
		lines = append(lines, fmt.Sprintf("%s %s %d %d %d %d %08x\n", Stem(typ), typ,
			f.Method, offset, f.CompressedSize64, f.UncompressedSize64, f.CRC32))
	}
	sort.Strings(lines) // by stem: a stem never holds the space
	return []byte(strings.Join(lines, "")), nil
}

// ParseIndex reads an index. With located, every line must locate its entry
// (the numbers are checked when the entry is read); without, lines may only
// name the types ("<stem> <TypeName>"), as for a folder of plain files.
func ParseIndex(text string, located bool) (Index, error) {
	text = strings.TrimSuffix(text, "\n")
	n := strings.Count(text, "\n") + 1
	x := Index{Stems: make([]string, 0, n), Names: make([]string, 0, n)}
	if located {
		x.locations = make([]string, 0, n)
	}
	lineNo := 0
	for line := range strings.SplitSeq(text, "\n") {
		lineNo++
		stem, after, ok1 := strings.Cut(line, " ")
		name, location, _ := strings.Cut(after, " ")
		if !ok1 || stem == "" || name == "" || located && strings.Count(location, " ") != 4 {
			want := "<stem> <TypeName>"
			if located {
				want += " <method> <offset> <compressed size> <size> <crc-32>"
			}
			return x, fmt.Errorf("%s:%d: want %q, got %q", IndexName, lineNo, want, line)
		}
		x.Add(stem, name)
		if located {
			x.locations = append(x.locations, location)
		}
	}
	if !sort.IsSorted(x) {
		sort.Sort(x)
	}
	return x, nil
}

// Entry returns where the i-th type's entry lies in the zip.
func (x Index) Entry(i int) (Entry, error) {
	if x.locations == nil {
		return Entry{}, errors.New("the index does not locate the entries")
	}
	f := strings.Split(x.locations[i], " ")
	method, err1 := strconv.ParseUint(f[0], 10, 16)
	offset, err2 := strconv.ParseInt(f[1], 10, 64)
	compressed, err3 := strconv.ParseInt(f[2], 10, 64)
	size, err4 := strconv.ParseInt(f[3], 10, 64)
	crc, err5 := strconv.ParseUint(f[4], 16, 32)
	if err := errors.Join(err1, err2, err3, err4, err5); err != nil {
		return Entry{}, fmt.Errorf("%s, %s: %w", IndexName, x.Stems[i], err)
	}
	if offset < 0 || compressed < 0 || size < 0 {
		return Entry{}, fmt.Errorf("%s, %s: negative offset or size in %q", IndexName, x.Stems[i], x.locations[i])
	}
	return Entry{uint16(method), offset, compressed, size, uint32(crc)}, nil
}

// MaxEntrySize bounds an entry's declared size.
const MaxEntrySize = 64 << 20

// Reader reads entries of a zip by its index.
type Reader struct {
	zip   io.ReaderAt
	size  int64
	Index Index
}

// NewReader reads the entries of a zip of size bytes that index locates.
func NewReader(zipData io.ReaderAt, size int64, index Index) (*Reader, error) {
	if index.locations == nil && len(index.Stems) > 0 {
		return nil, errors.New("the index does not locate the entries")
	}
	return &Reader{zip: zipData, size: size, Index: index}, nil
}

// Read inflates the entry of stem and checks its size and CRC-32.
func (r *Reader) Read(stem string) ([]byte, error) {
	i, ok := r.Index.Position(stem)
	if !ok {
		return nil, fmt.Errorf("%s.json: not in %s", stem, IndexName)
	}
	e, err := r.Index.Entry(i)
	if err != nil {
		return nil, err
	}
	if e.Offset > r.size-e.Compressed {
		return nil, fmt.Errorf("%s.json lies outside %s (%d bytes)", stem, ZipName, r.size)
	}
	data, err := readEntry(r.zip, e)
	if err != nil {
		return nil, fmt.Errorf("%s.json in %s: %w", stem, ZipName, err)
	}
	return data, nil
}

// inflaters reuses decompressors: each holds a 32 KB window, and a check
// reads several entries.
var inflaters sync.Pool

func readEntry(zipData io.ReaderAt, e Entry) ([]byte, error) {
	if e.Size > MaxEntrySize {
		return nil, fmt.Errorf("declares %d bytes, more than %d", e.Size, MaxEntrySize)
	}
	var r io.Reader = io.NewSectionReader(zipData, e.Offset, e.Compressed)
	switch e.Method {
	case zip.Store:
	case zip.Deflate:
		inflater, ok := inflaters.Get().(io.ReadCloser)
		if ok {
			ok = inflater.(flate.Resetter).Reset(r, nil) == nil
		}
		if !ok {
			inflater = flate.NewReader(r)
		}
		defer inflaters.Put(inflater)
		r = inflater
	default:
		return nil, fmt.Errorf("unsupported compression method %d", e.Method)
	}
	data := make([]byte, e.Size)
	if _, err := io.ReadFull(r, data); err != nil {
		return nil, err
	}
	if got := crc32.ChecksumIEEE(data); got != e.CRC {
		return nil, fmt.Errorf("CRC-32 %08x, the index says %08x", got, e.CRC)
	}
	return data, nil
}
