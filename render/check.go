package render

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/dlclark/regexp2"
)

// Constraint is a rule AWS applies to a value pipegen puts into a name. The
// same constraint checks the flag before rendering and goes into the
// template as the parameter's AllowedPattern, so a value given at deploy
// time is checked too. Patterns use the syntax common to Java (CloudFormation)
// and regexp2, and match the whole value.
type Constraint struct {
	Pattern   string
	MinLength int
	MaxLength int
	Rule      string // what the pattern means, for people
	re        *regexp2.Regexp
}

func constraint(pattern string, min, max int, rule string) *Constraint {
	re := regexp2.MustCompile(pattern, regexp2.None) // constants: a bad one fails every test
	re.MatchTimeout = time.Second
	return &Constraint{Pattern: pattern, MinLength: min, MaxLength: max, Rule: rule, re: re}
}

// check returns why value breaks the constraint, or "". Control
// characters are refused before the pattern: a pattern's $ also matches
// before a final line break, and no AWS name holds one.
func (c *Constraint) check(value string) string {
	if why := unprintable(value, false); why != "" {
		return why + "; " + c.Rule
	}
	n := utf8.RuneCountInString(value)
	if n < c.MinLength || n > c.MaxLength {
		return fmt.Sprintf("must be %d to %d characters long (%s)", c.MinLength, c.MaxLength, c.Rule)
	}
	if ok, err := c.re.MatchString(value); err != nil || !ok {
		return c.Rule
	}
	return ""
}

// Constraints of the template parameters, by parameter name.
//
// ApplicationName is the tightest of the names built from it: the stack
// ${ApplicationName}BetaStack (letters, digits, hyphens, starting with a
// letter, 128 at most), the pipeline ${ApplicationName}Pipeline (100 at
// most) and the CodeBuild project ${ApplicationName}Build.
var Constraints = map[string]*Constraint{
	"ApplicationName": constraint(`^[A-Za-z](?!.*--)(?!.*Stack)[A-Za-z0-9-]*$`, 1, 92,
		"letters, digits and hyphens, starting with a letter, with no -- and no \"Stack\": it names the CloudFormation stacks <app><Stage>Stack, the pipeline and the CodeBuild projects; CloudFormation collapses -- in the names it generates, and \"Stack\" marks where the app name ends, so the deploy role can tell this app's resources from any other's"),
	"RepositoryName": constraint(`^(?!.*\.git$)[A-Za-z0-9_.-]+$`, 1, 100,
		"CodeCommit repository names use letters, digits, '.', '_' and '-' and cannot end in .git"),
	"BranchName": constraint(`^(?![-/.])(?!.*(?:\.\.|@\{|//|/\.|\.lock$|[/.]$))[^\x00-\x20\x7f~^:?*\[\\]+$`, 1, 255,
		"a git branch name: no spaces or any of ~ ^ : ? * [ \\, no '..', '//' or '@{', not starting with '-', '/' or '.', not ending with '/', '.' or .lock"),
	"CodeBuildImage": constraint(`^[A-Za-z0-9][A-Za-z0-9._/:@-]*$`, 1, 255,
		"a container image such as aws/codebuild/amazonlinux-x86_64-standard:5.0 or an ECR image URI"),
	"GithubOwner": constraint(`^[A-Za-z0-9][A-Za-z0-9-]*$`, 1, 39,
		"a GitHub user or organization: letters, digits and hyphens, not starting with a hyphen"),
	"GithubRepoName": constraint(`^[A-Za-z0-9._-]+$`, 1, 100,
		"a GitHub repository name: letters, digits, '.', '_' and '-'"),
	"GithubRepoSecretId": constraint(`^[A-Za-z0-9/_+=.@:-]+$`, 1, 2048,
		"a Secrets Manager secret name or ARN: letters, digits and /_+=.@-"),
	"FullRepositoryId": constraint(`^[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)+$`, 3, 200,
		"OWNER/NAME of the repository (GitLab groups may nest: group/subgroup/name)"),
	"ConnectionArn": constraint(`^arn:aws[a-z-]*:(?:codestar-connections|codeconnections):[a-z0-9-]+:[0-9]{12}:connection/[A-Za-z0-9-]+$`, 1, 256,
		"the ARN of an AWS CodeConnections connection, arn:aws:codeconnections:REGION:ACCOUNT:connection/ID"),
	"KmsKeyArn": constraint(`^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:(?:key|alias)/[A-Za-z0-9/_-]+$`, 20, 2048,
		"the ARN of a KMS key (or alias) in the pipeline's region, arn:aws:kms:REGION:ACCOUNT:key/ID"),
	"GithubRepoSecretJSONKey": constraint(`^[^:{}]+$`, 1, 256,
		"a JSON key of the secret, without ':', '{' or '}' (it goes into a Secrets Manager dynamic reference)"),
}

var chaliceRequirement = constraint(
	`^chalice(?:\[[A-Za-z0-9_,-]+\])?(?:\s*(?:===|==|!=|~=|>=|<=|>|<)\s*[0-9][0-9A-Za-z.*+!]*(?:\s*,\s*(?:===|==|!=|~=|>=|<=|>|<)\s*[0-9][0-9A-Za-z.*+!]*)*)?$`,
	7, 200, "a pip requirement for chalice such as chalice>=1.33,<2 or chalice==1.33.0")

// Check validates p (after WithDefaults) as of today (the runtime must still
// be deployable then) and returns every bad value at once.
func Check(p Params, today time.Time) error {
	var errs InputErrors
	bad := func(flag, value, rule string) { errs = append(errs, &InputError{Flag: flag, Value: value, Rule: rule}) }
	named := func(flag, param, value string) {
		if why := Constraints[param].check(value); why != "" {
			bad(flag, value, why)
		}
	}
	if p.AppName == "" {
		bad("app-name", "", "an application name is required: pass --app-name or set app_name in .chalice/config.json")
	} else {
		named("app-name", "ApplicationName", p.AppName)
	}
	if _, ok := runtimeByName(p.Runtime); !ok {
		bad("runtime", p.Runtime, "unsupported runtime; supported: "+strings.Join(SupportedRuntimes(), ", ")+" (or 3.10 ... 3.14)")
	} else if why := runtimeBlocked(p.Runtime, today); why != "" {
		bad("runtime", p.Runtime, why)
	}
	named("branch", "BranchName", p.Branch)
	if _, ok := runtimeByName(p.Runtime); ok || p.CodeBuildImage != "" {
		// An unknown runtime implies no image: one cause, one message.
		named("codebuild-image", "CodeBuildImage", p.CodeBuildImage)
	}
	if why := chaliceRequirement.check(p.ChaliceVersion); why != "" {
		bad("chalice-version", p.ChaliceVersion, why)
	}
	if why := tooManyStages(p); why != "" {
		bad("stage", fmt.Sprintf("%d stages", len(p.Stages)), why)
	} else {
		checkStages(p.Stages, bad)
	}
	if !slices.Contains(AppLinters, p.AppLint) {
		bad("app-lint", p.AppLint, "expected "+strings.Join(AppLinters, " or "))
	}
	checkCommands("test-command", p.TestCommands, bad)
	checkCommands("integration-test-command", p.IntegrationTestCommands, bad)
	checkApprovals(p, bad)
	if p.TestReports != "" {
		if why := reportPath.check(p.TestReports); why != "" {
			bad("test-reports", p.TestReports, why)
		} else if len(p.TestCommands) == 0 {
			bad("test-reports", p.TestReports, "--test-reports needs --test-command: the tests write the reports")
		}
	}
	switch p.Source {
	case SourceCodeCommit:
		named("repo-name", "RepositoryName", p.RepoName)
		if p.GitHub.Owner != "" || p.GitHub.Repo != "" {
			bad("github-owner", p.GitHub.Owner+"/"+p.GitHub.Repo, "--github-owner and --github-repo go with --source github")
		}
	case SourceGitHub:
		if p.GitHub.Owner == "" || p.GitHub.Repo == "" {
			bad("source", p.Source, "--source github needs --github-owner and --github-repo")
		} else {
			named("github-owner", "GithubOwner", p.GitHub.Owner)
			named("github-repo", "GithubRepoName", p.GitHub.Repo)
		}
		named("github-secret-id", "GithubRepoSecretId", p.GitHub.SecretID)
		named("github-secret-key", "GithubRepoSecretJSONKey", p.GitHub.SecretKey)
	case SourceConnection:
		checkConnection(p.Connection, named, bad)
	default:
		bad("source", p.Source, "unknown source; expected codecommit, github or connection")
	}
	if len(p.TriggerPaths) > 0 && p.Source != SourceConnection {
		bad("trigger-path", p.TriggerPaths[0], "path filters work with --source connection only (CodePipeline V2 Git triggers)")
	}
	for _, tp := range p.TriggerPaths {
		if why := triggerPath.check(tp); why != "" {
			bad("trigger-path", tp, why)
		}
	}
	for _, a := range p.DeployPolicyArns {
		if why := managedPolicyArn.check(a); why != "" {
			bad("deploy-policy-arn", a, why)
		}
	}
	if p.PermissionsBoundaryArn != "" {
		if why := managedPolicyArn.check(p.PermissionsBoundaryArn); why != "" {
			bad("permissions-boundary", p.PermissionsBoundaryArn, why)
		}
	}
	for _, a := range p.AppRoleArns {
		if why := roleArn.check(a); why != "" {
			bad("app-role-arn", a, why)
		}
	}
	if p.KMSKeyArn != "" {
		named("kms-key-arn", "KmsKeyArn", p.KMSKeyArn)
		if p.CreateKMSKey {
			bad("create-kms-key", "true", "give --kms-key-arn for an existing key or --create-kms-key, not both")
		}
	}
	checkNotify(p, bad)
	checkTraffic(p, bad)
	for _, e := range p.NotifyEmails {
		if why := emailAddress.check(e); why != "" {
			bad("notify-email", e, why)
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

var stageName = constraint(`^(?!stack)[a-z][a-z0-9]*$`, 1, 20,
	"a stage name: lower-case letters and digits, starting with a letter, not with \"stack\" (its stack is <app><Stage>Stack, and \"Stack\" marks where the app name ends)")

var chaliceStageName = constraint(`^[A-Za-z0-9_-]+$`, 1, 64, "a chalice stage name: letters, digits, '_' and '-'")

func checkStages(stages []Stage, bad func(flag, value, rule string)) {
	seen := map[string]bool{}
	for _, s := range stages {
		if why := stageName.check(s.Name); why != "" {
			bad("stage", s.Name, why)
		} else if seen[s.Name] {
			bad("stage", s.Name, "the stage is given twice")
		}
		if why := chaliceStageName.check(s.ChaliceStage); why != "" {
			bad("stage", s.Name+":"+s.ChaliceStage, why)
		}
		seen[s.Name] = true
	}
}

// reportPath is a path or glob relative to the source root.
var reportPath = constraint(`^(?!/)(?!.*(?:^|/)\.\.(?:/|$))[^\x00-\x1f'"]+$`, 1, 1024,
	"a path or glob of JUnit XML files relative to the repository root, such as reports/junit.xml or reports/*.xml")

// MaxPipelineStages is CodePipeline's quota on a pipeline's stages
// ("Number of stages in a pipeline: minimum of 2, maximum of 50", fixed),
// from https://docs.aws.amazon.com/codepipeline/latest/userguide/limits.html.
const MaxPipelineStages = 50

// tooManyStages says why the deployment stages do not fit in one pipeline
// beside Source, Build and the Test stage, or "". It runs before anything
// looks at each stage, so a list of 100,000 costs nothing.
func tooManyStages(p Params) string {
	own := 2 // Source, Build
	if len(p.TestCommands) > 0 {
		own++
	}
	if len(p.Stages)+own <= MaxPipelineStages {
		return ""
	}
	return fmt.Sprintf("CodePipeline allows %d stages in a pipeline, and this one has %d of its own (Source, Build and Test when there are tests): %d deployment stages at most",
		MaxPipelineStages, own, MaxPipelineStages-own)
}

// MaxCommandLength bounds one test command. AWS sets no limit of its own
// on a buildspec line; this is pipegen's, far above any real command, so a
// pasted file or a runaway variable is refused instead of written.
const MaxCommandLength = 4096

// checkCommands refuses empty commands and control characters but tab:
// each command is one buildspec line, and a line break would silently
// split it.
func checkCommands(flag string, cmds []string, bad func(flag, value, rule string)) {
	for _, c := range cmds {
		if n := utf8.RuneCountInString(c); n > MaxCommandLength {
			bad(flag, c, fmt.Sprintf("%d characters: a command may have %d at most", n, MaxCommandLength))
		} else if why := unprintable(c, true); why != "" {
			bad(flag, c, why+"; a command is one non-empty line: give the flag once per command")
		} else if strings.TrimSpace(c) == "" {
			bad(flag, c, "a command is one non-empty line; give the flag once per command")
		}
	}
}

// unprintable says why s cannot be printed on one line: it is not UTF-8,
// or it holds a control character (C0, DEL, C1) or a Unicode line or
// paragraph separator. A tab passes when allowTab is set.
func unprintable(s string, allowTab bool) string {
	if !utf8.ValidString(s) {
		return "not valid UTF-8"
	}
	for i, r := range s {
		if r == '\t' && allowTab {
			continue
		}
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return fmt.Sprintf("holds the control character %U at byte %d", r, i)
		}
	}
	return ""
}

func checkApprovals(p Params, bad func(flag, value, rule string)) {
	names := map[string]bool{}
	var list []string
	for _, s := range p.Stages {
		names[s.Name] = true
		list = append(list, s.Name)
	}
	for _, a := range p.ApprovalBefore {
		if !names[a] {
			bad("approval-before", a, "not a deployment stage; the stages are "+strings.Join(list, ", "))
		}
	}
}

// ConnectionProviders are the providers whose connection the template can
// create; GitHub Enterprise Server and self-managed GitLab need a host, so
// their connections are made in the console and passed with --connection-arn.
var ConnectionProviders = []string{"Bitbucket", "GitHub", "GitLab"}

var (
	managedPolicyArn = constraint(`^arn:aws[a-z-]*:iam::(?:aws|[0-9]{12}):policy/[\w+=,.@/-]+$`, 20, 2048,
		"the ARN of an IAM managed policy, arn:aws:iam::ACCOUNT:policy/NAME")
	roleArn = constraint(`^arn:aws[a-z-]*:iam::[0-9]{12}:role/(?!pipegen/)[\w+=,.@/-]+$`, 20, 2048,
		"the ARN of an IAM role, arn:aws:iam::ACCOUNT:role/NAME (not one of a pipeline's own roles under /pipegen/)")
	triggerPath  = constraint(`^[^\x00-\x1f]+$`, 1, 255, "a file path glob such as src/** or *.py")
	emailAddress = constraint(`^[^@\s"'<>]+@[^@\s"'<>]+\.[^@\s"'<>]+$`, 3, 254, "an email address such as team@example.com")
)

func checkConnection(c Connection, named func(flag, param, value string), bad func(flag, value, rule string)) {
	if c.Repository == "" {
		bad("repository", "", "--source connection needs --repository OWNER/NAME")
	} else {
		named("repository", "FullRepositoryId", c.Repository)
	}
	switch {
	case c.Arn != "" && c.Provider != "":
		bad("connection-provider", c.Provider, "give --connection-arn for an existing connection or --connection-provider to create one, not both")
	case c.Arn != "":
		named("connection-arn", "ConnectionArn", c.Arn)
	case c.Provider != "":
		ok := false
		for _, p := range ConnectionProviders {
			ok = ok || p == c.Provider
		}
		if !ok {
			bad("connection-provider", c.Provider, "the template can create connections to "+strings.Join(ConnectionProviders, ", ")+"; make others in the console and pass --connection-arn")
		}
	default:
		bad("source", SourceConnection, "--source connection needs --connection-arn ARN (an existing connection) or --connection-provider (GitHub, Bitbucket, GitLab) to create one")
	}
}
