// Package sarfile is the format of the embedded Service Authorization
// Reference data: the generator (render/iam/sar/gen) writes it and package
// sar reads it, so both share these types and one codec instead of two
// copies that could drift apart.
//
// The file is gzip-compressed, compact JSON: compressed because the JSON of
// the services pipegen needs is about 0.8 MB, most of it repeated condition
// keys (gzip makes it 51 KB), and compact because indenting it made the
// first lookup, which decodes it, take 30 ms instead of 18 ms. To compare
// two versions: diff <(zcat a | jq .) <(zcat b | jq .).
package sarfile

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
)

// File is the whole data set: where it came from and one entry a service.
type File struct {
	Source   string    `json:"source"` // npm package@version
	Services []Service `json:"services"`
}

// Service holds one IAM service prefix's actions, resource types and
// condition keys, each sorted by lower-case name.
type Service struct {
	Name          string         `json:"name"` // the action prefix, e.g. lambda
	Actions       []Action       `json:"actions"`
	ResourceTypes []ResourceType `json:"resourceTypes"`
	ConditionKeys []ConditionKey `json:"conditionKeys"`
}

// Action is one row group of the SAR actions table.
type Action struct {
	Name          string           `json:"name"` // canonical case, e.g. CreateFunction
	AccessLevel   string           `json:"accessLevel"`
	ResourceTypes []ActionResource `json:"resourceTypes,omitempty"`
	ConditionKeys []string         `json:"conditionKeys,omitempty"`
}

// ActionResource is a resource type an action takes; Name is a
// ResourceType.Key of the same service.
type ActionResource struct {
	Name          string   `json:"name"`
	Required      bool     `json:"required"`
	ConditionKeys []string `json:"conditionKeys,omitempty"`
}

// ResourceType is one row of the SAR resource types table. ARNs has more than
// one template where AWS lists several (API Gateway's HTTP and REST forms).
type ResourceType struct {
	Key           string   `json:"key"`
	ARNs          []string `json:"arns"`
	ConditionKeys []string `json:"conditionKeys,omitempty"`
}

// ConditionKey is a condition key and its IAM type (String, ARN, Bool, ...).
type ConditionKey struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// Encode writes f as compact JSON in gzip. The output depends only on f
// (no time or name in the gzip header), so a regenerated file is the same
// byte for byte with the same Go toolchain.
func Encode(f File) ([]byte, error) {
	js, err := json.Marshal(f)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(append(js, '\n')); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Decode reads what Encode wrote. Unknown fields are an error, so a file
// written by a newer generator is not half read.
func Decode(b []byte) (File, error) {
	var f File
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return f, fmt.Errorf("sarfile: %w", err)
	}
	js, err := io.ReadAll(zr)
	if err != nil {
		return f, fmt.Errorf("sarfile: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return f, fmt.Errorf("sarfile: %w", err)
	}
	if dec.More() {
		return f, fmt.Errorf("sarfile: data after the JSON value")
	}
	return f, nil
}
