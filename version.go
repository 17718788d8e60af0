package main

import (
	"runtime/debug"
	"strings"

	"github.com/pipegen/pipegen/schema"
)

// version is set by make release and make install with
// -ldflags "-X main.version=..." (git describe); otherwise the module's
// version from the build information (a tag when installed with
// go install github.com/pipegen/pipegen@vX.Y.Z), else this.
var version = "0.1.0-dev"

// versionString is what --version prints: the version, the commit the
// binary was built from (Go stamps it from the work tree, with its time
// and whether it had uncommitted changes), and the vendored schemas.
func versionString() string {
	info, _ := debug.ReadBuildInfo()
	return describeVersion(version, info) + " (CloudFormation schemas: " + schema.SourceInfo() + ")"
}

func describeVersion(v string, info *debug.BuildInfo) string {
	if info == nil {
		return v
	}
	if v == "0.1.0-dev" && info.Main.Version != "" && info.Main.Version != "(devel)" {
		v = info.Main.Version
	}
	var rev, at string
	modified := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev == "" {
		return v
	}
	parts := []string{"commit " + rev[:min(12, len(rev))]}
	if at != "" {
		parts = append(parts, at)
	}
	if modified {
		parts = append(parts, "with uncommitted changes")
	}
	return v + " (" + strings.Join(parts, ", ") + ")"
}
