// Package buildspec holds a JSON Schema (draft-07) for AWS CodeBuild
// buildspec files, version 0.2.
//
// The schema is written by hand from AWS's "Build specification reference
// for CodeBuild"; README.md in this directory names the sources and lists
// what is deliberately loose. Validate a buildspec by decoding its YAML into
// plain Go values (maps with string keys, slices, scalars) and checking them
// against Schema with a draft-07 validator such as gojsonschema.
package buildspec

import _ "embed"

// Schema is the buildspec JSON Schema document (buildspec.schema.json).
//
//go:embed buildspec.schema.json
var Schema []byte
