// Package sarfile is the format of the embedded Service Authorization
// Reference data: the generator (render/iam/sar/gen) writes it and package
// sar reads it, so both share these types and one codec instead of two
// copies that could drift apart.
//
// The data is a folder: index.json (Index: the source package, the
// services, and the condition keys that services list under another
// prefix) and one <service>.json.gz a service (Service). One file a service
// lets package sar decode only the services a run looks up: EC2 alone is
// 0.33 MB of the 0.72 MB of JSON, Lambda 18 KB.
//
// A service file is gzip-compressed, compact JSON: compressed because most
// of it is repeated condition keys (gzip shrinks the services 12 times, to
// 59 KB), and compact because the decoder's time grows with the bytes it
// scans (indenting all services made decoding them take 30 ms instead of
// 18 ms). The index is indented JSON, 11 KB: compact it would decode about
// 0.05 ms faster, but a data update's diff of it should be readable. To
// compare two versions of a service:
//
//	diff <(zcat a/ec2.json.gz | jq .) <(zcat b/ec2.json.gz | jq .)
package sarfile

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// IndexName is the index's file name in the data folder.
const IndexName = "index.json"

// ServiceFileName is the name of a service's file in the data folder.
func ServiceFileName(service string) string { return service + ".json.gz" }

// Index is what a lookup needs before it knows which service to decode.
type Index struct {
	Source   string   `json:"source"`   // npm package@version
	Services []string `json:"services"` // sorted; each has a ServiceFileName
	// ForeignConditionKeys are the keys that services list but do not own
	// (see Owner): the global aws:TagKeys, ..., which almost every service
	// lists; the identity providers' keys that STS lists
	// (accounts.google.com:aud, ...); and a few keys of another service
	// (SSM lists ec2:SourceInstanceARN). A key lookup reads the owner's
	// file and this list, so it never needs every service's file. Each key
	// is here once, in the order of first appearance when the services are
	// read in order, because that order decides which template a concrete
	// key matches first.
	ForeignConditionKeys []ConditionKey `json:"foreignConditionKeys"`
}

// Service holds one IAM service prefix's actions, resource types and
// condition keys, each sorted by lower-case name. ConditionKeys are all
// the keys the SAR lists for the service, also those it does not own,
// which Index.ForeignConditionKeys repeats.
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

// Owner returns the service prefix of a condition key, the lower-case text
// before its first ":" (lambda for lambda:FunctionArn, aws for
// aws:TagKeys). A service owns a key when Owner is its name.
func Owner(key string) string {
	prefix, _, _ := strings.Cut(key, ":")
	return strings.ToLower(prefix)
}

// EncodeIndex writes ix as indented JSON.
func EncodeIndex(ix Index) ([]byte, error) {
	if err := checkServices(ix.Services); err != nil {
		return nil, err
	}
	js, err := json.MarshalIndent(ix, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(js, '\n'), nil
}

// DecodeIndex reads what EncodeIndex wrote and checks the service names,
// which become file names and lookup keys.
func DecodeIndex(b []byte) (Index, error) {
	var ix Index
	if err := decodeStrict(b, &ix); err != nil {
		return ix, err
	}
	if err := checkServices(ix.Services); err != nil {
		return ix, fmt.Errorf("sarfile: %w", err)
	}
	return ix, nil
}

// checkServices requires sorted, distinct names of lower-case letters,
// digits and "-": IAM's prefixes look so, a lookup compares them in lower
// case, and no name can reach outside the data folder.
func checkServices(names []string) error {
	for i, name := range names {
		if name == "" || strings.Trim(name, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
			return fmt.Errorf("service name %q: want lower-case letters, digits and -", name)
		}
		if i > 0 && names[i-1] >= name {
			return fmt.Errorf("services %q and %q: want sorted and distinct", names[i-1], name)
		}
	}
	return nil
}

// EncodeService writes svc as compact JSON in gzip. The output depends
// only on svc (no time or name in the gzip header), so a regenerated file
// is the same byte for byte with the same Go toolchain.
func EncodeService(svc Service) ([]byte, error) {
	if err := checkServices([]string{svc.Name}); err != nil {
		return nil, err
	}
	return gzipJSON(svc)
}

// DecodeService reads what EncodeService wrote.
func DecodeService(b []byte) (Service, error) {
	var svc Service
	js, err := gunzip(b)
	if err != nil {
		return svc, err
	}
	return svc, decodeStrict(js, &svc)
}

func gzipJSON(v any) ([]byte, error) {
	js, err := json.Marshal(v)
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

func gunzip(b []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("sarfile: %w", err)
	}
	js, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("sarfile: %w", err)
	}
	return js, nil
}

// decodeStrict decodes one JSON value. Unknown fields are an error, so a
// file written by a newer generator is not half read.
func decodeStrict(js []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("sarfile: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("sarfile: data after the JSON value")
	}
	return nil
}
