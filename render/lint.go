package render

import "fmt"

// The Build stage lints every packaged template before any stage deploys
// it, so a template CloudFormation would refuse stops the pipeline in
// Build with the linter's message, not in a failed change set (chalice's
// own aws/chalice#2079, a log group's Fn::Sub naming ApiHandler, is such
// a template).
const (
	AppLintCfnLint = "cfn-lint" // the default
	AppLintNone    = "none"
)

// AppLinters are the values of --app-lint.
var AppLinters = []string{AppLintCfnLint, AppLintNone}

// CfnLintVersion is the cfn-lint the build installs from PyPI: the newest
// release when this was written (1.58.0, October 2026), which supports
// Python 3.10 to 3.14 (its pyproject.toml: requires-python >=3.10,<3.15),
// every runtime pipegen offers. Pinned, so a new rule cannot fail a
// pipeline that passed yesterday; raise it deliberately.
const CfnLintVersion = "1.58.0"

// lintVenv keeps cfn-lint and its dependencies (aws-sam-translator,
// jsonschema ...) apart from the app's requirements.
const lintVenv = "/tmp/cfn-lint"

// lintInstall is the install-phase command of the linter.
func lintInstall() string {
	return fmt.Sprintf("python3 -m venv %s && %s/bin/pip install --quiet 'cfn-lint==%s'", lintVenv, lintVenv, CfnLintVersion)
}

// lintCommand lints one packaged template for the pipeline's region. cfn-lint
// exits with bit 2 set for errors, 4 for warnings and 8 for informational
// findings; --non-zero-exit-code error fails the build on errors only and
// prints the rest (cfn-lint README, "Exit Codes").
//
// Its Lambda runtime checks are left out (lintIgnored): the pinned
// cfn-lint's dates are frozen with it, and AWS moves them (python3.10 and
// 3.11 moved after cfn-lint 1.51.0). generate checks --runtime against
// pipegen's own table, which is updated with AWS's page, and the packaged
// runtime is that one (review M6: cfn-lint 1.51 failed every build of a
// python3.11 app that Lambda still creates).
func lintCommand(file string) string {
	return fmt.Sprintf(`%s/bin/cfn-lint --non-zero-exit-code error --ignore-checks %s --regions "$AWS_REGION" -- %s`, lintVenv, lintIgnored, file)
}

// lintIgnored are cfn-lint's Lambda runtime lifecycle rules: W2531
// (deprecated), E2531 (updates blocked), E2533 (creation blocked).
const lintIgnored = "W2531 E2531 E2533"
