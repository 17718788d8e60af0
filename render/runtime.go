package render

import (
	"fmt"
	"strings"
	"time"

	"github.com/pipegen/pipegen/render/lambdaruntime"
)

// Runtime is a Python version CodeBuild can run and the image that has it.
type Runtime struct {
	Name    string // Lambda runtime name, e.g. python3.12
	Version string // buildspec runtime-versions value, e.g. 3.12
	Image   string // default CodeBuild image
}

// runtimes lists the Python versions pipegen supports and the standard
// x86_64 CodeBuild image of each. Whether Lambda still deploys them on a
// given day is lambdaruntime's table: a runtime stays listed here after
// Lambda retires it, so the refusal can name the date and the successor.
//
// Sources, read 2026-11-25: AWS CodeBuild user guide, "Available runtimes"
// (https://docs.aws.amazon.com/codebuild/latest/userguide/available-runtimes.html)
// and "Docker images provided by CodeBuild" (build-env-ref-available.html),
// which name the image "Amazon Linux 2023 x86_64 standard:5.0" with the
// identifier aws/codebuild/amazonlinux-x86_64-standard:5.0 and link its
// definition, al/x86_64/standard/5.0/runtimes.yml in aws/aws-codebuild-docker-images,
// whose python runtimes are 3.9 to 3.14. chalice spells the image
// "amazonlinux2023-x86_64-standard:5.0", a name AWS does not document.
var runtimes = []Runtime{
	{Name: "python3.10", Version: "3.10", Image: "aws/codebuild/amazonlinux-x86_64-standard:5.0"},
	{Name: "python3.11", Version: "3.11", Image: "aws/codebuild/amazonlinux-x86_64-standard:5.0"},
	{Name: "python3.12", Version: "3.12", Image: "aws/codebuild/amazonlinux-x86_64-standard:5.0"},
	{Name: "python3.13", Version: "3.13", Image: "aws/codebuild/amazonlinux-x86_64-standard:5.0"},
	{Name: "python3.14", Version: "3.14", Image: "aws/codebuild/amazonlinux-x86_64-standard:5.0"},
}

// SupportedRuntimes lists the accepted --runtime values.
func SupportedRuntimes() []string {
	names := make([]string, len(runtimes))
	for i, r := range runtimes {
		names[i] = r.Name
	}
	return names
}

// normalizeRuntime accepts "3.12" as well as "python3.12".
func normalizeRuntime(s string) string {
	s = strings.TrimSpace(s)
	if s != "" && s[0] >= '0' && s[0] <= '9' {
		return "python" + s
	}
	return s
}

func runtimeByName(name string) (Runtime, bool) {
	for _, r := range runtimes {
		if r.Name == name {
			return r, true
		}
	}
	return Runtime{}, false
}

// noticeDays is how long before a runtime's deprecation generate starts to
// warn: a pipeline is meant to run for a long time, and ninety days leave
// room to move the app to the successor before Lambda blocks deployments.
const noticeDays = 90

// runtimeBlocked says why Lambda refuses the app's functions on today's
// date, or "" while it still creates them: the pipeline's first deployment
// creates them, so a runtime whose creation is blocked cannot deploy.
func runtimeBlocked(name string, today time.Time) string {
	l, ok := lambdaruntime.Lookup(name)
	if !ok {
		return ""
	}
	switch l.PhaseAt(today) {
	case lambdaruntime.CreateBlocked:
		return fmt.Sprintf("Lambda has blocked creating functions with %s since %s (updates are blocked from %s), so the app's stack could not deploy; use %s",
			name, lambdaruntime.Date(l.CreateBlocked), lambdaruntime.Date(l.UpdateBlocked), moveTo(l))
	case lambdaruntime.UpdateBlocked:
		return fmt.Sprintf("Lambda has blocked creating functions with %s since %s and updating them since %s, so the app's stack could not deploy; use %s",
			name, lambdaruntime.Date(l.CreateBlocked), lambdaruntime.Date(l.UpdateBlocked), moveTo(l))
	}
	return ""
}

// RuntimeWarning tells what a user should plan for when the runtime still
// deploys on today's date but is deprecated, or will be within noticeDays;
// it returns "" otherwise (and for runtimes Check refuses).
func RuntimeWarning(runtime string, today time.Time) string {
	name := normalizeRuntime(runtime)
	l, ok := lambdaruntime.Lookup(name)
	if _, supported := runtimeByName(name); !ok || !supported {
		return ""
	}
	blocks := fmt.Sprintf("blocks creating functions with it from %s and updating them from %s; move to %s before then",
		lambdaruntime.Date(l.CreateBlocked), lambdaruntime.Date(l.UpdateBlocked), moveTo(l))
	switch l.PhaseAt(today) {
	case lambdaruntime.Deprecated:
		return fmt.Sprintf("--runtime %s: Lambda deprecated %s on %s (no more security patches) and %s", name, name, lambdaruntime.Date(l.Deprecated), blocks)
	case lambdaruntime.Supported:
		if days, ok := l.DaysToDeprecation(today); ok && days <= noticeDays {
			return fmt.Sprintf("--runtime %s: Lambda deprecates %s on %s, in %d day(s), and %s", name, name, lambdaruntime.Date(l.Deprecated), days, blocks)
		}
	}
	return ""
}

// moveTo names the runtime to move to: the table's successor, or for the
// newest runtime one that a later table (a newer pipegen) will list.
func moveTo(l lambdaruntime.Lifecycle) string {
	if l.Successor != "" {
		return "--runtime " + l.Successor
	}
	return "a runtime newer than " + l.Name + " (a newer pipegen lists it)"
}
