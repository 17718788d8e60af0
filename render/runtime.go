package render

import (
	"strings"
)

// Runtime is a Python version CodeBuild can run and the image that has it.
type Runtime struct {
	Name    string // Lambda runtime name, e.g. python3.12
	Version string // buildspec runtime-versions value, e.g. 3.12
	Image   string // default CodeBuild image
}

// runtimes lists the Python versions pipegen supports and the standard
// x86_64 CodeBuild image of each.
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
