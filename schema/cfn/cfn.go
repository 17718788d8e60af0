// Package cfn holds the vendored CloudFormation resource schemas, as `make
// schema` writes them (schemas.zip and its index, with their origin,
// LICENSE and NOTICE), embedded in the binary as they are.
package cfn

import (
	"embed"
	"encoding/json"
)

// Files holds schemas.zip, index.txt, SOURCE.json, LICENSE and NOTICE.
//
//go:embed schemas.zip index.txt SOURCE.json LICENSE NOTICE
var Files embed.FS

// Index is index.txt, embedded as a string: read in place.
//
//go:embed index.txt
var Index string

// SourceInfo returns the schemas' origin, e.g.
// "github.com/aws-cloudformation/rain v1.24.4", or "unknown".
func SourceInfo() string {
	data, err := Files.ReadFile("SOURCE.json")
	if err != nil {
		return "unknown"
	}
	var src struct{ Module, Version string }
	if json.Unmarshal(data, &src) != nil {
		return "unknown"
	}
	return src.Module + " " + src.Version
}
