// Package render turns pipegen's parameters into the text of the pipeline
// template and its buildspec, through text/template and sprig.
package render

import (
	"fmt"
	"strconv"
	"strings"
)

// Source kinds: where the pipeline gets the application's code.
const (
	SourceCodeCommit = "codecommit"
	SourceGitHub     = "github"     // GitHub OAuth (version 1) action: deprecated by AWS
	SourceConnection = "connection" // AWS CodeConnections: GitHub, GitHub Enterprise, GitLab, Bitbucket
)

// Defaults of the generate command.
const (
	DefaultRuntime        = "python3.13" // Lambda deprecates it on 2029-06-30 (render/lambdaruntime)
	DefaultBranch         = "main"
	DefaultChaliceVersion = "chalice>=1.33,<2"
	DefaultSecretID       = "GithubRepoAccess"
	DefaultSecretKey      = "OAuthToken"
	DefaultStage          = "beta"
	DefaultChaliceStage   = "dev"
)

// Params is everything a user decides about the pipeline. The zero value of
// an optional field means "use the default" (see WithDefaults).
type Params struct {
	AppName        string     // application name, from --app-name or .chalice/config.json
	RepoName       string     // CodeCommit repository name; defaults to AppName
	Branch         string     // branch the pipeline watches
	Runtime        string     // python3.10 ... python3.14
	CodeBuildImage string     // overrides the image the runtime implies
	ChaliceVersion string     // pip requirement for chalice, e.g. "chalice>=1.33,<2"
	Source         string     // SourceCodeCommit or SourceGitHub
	GitHub         GitHub     // with Source == SourceGitHub
	Connection     Connection // with Source == SourceConnection
	BuildspecFile  string     // when set, the buildspec goes to this file instead of the template
	BuildspecPath  string     // that file's path in the repository ("" or buildspec.yml: CodeBuild's default)
	Stages         []Stage    // deployment stages, in pipeline order

	TestCommands            []string // run after Source, before packaging; a failure stops the pipeline
	TestReports             string   // JUnit report files the tests write (a path or glob), published to a report group
	IntegrationTestCommands []string // run after each stage's deploy, with the stack's outputs as environment variables
	ApprovalBefore          []string // stages that wait for a manual approval before they deploy
	NotifyEmails            []string // addresses told of the NotifyEvents, through an SNS topic
	NotifyEvents            []string // the events told (NotifyEvents' values); empty: DefaultNotifyEvents
	NotifyChatbotArns       []string // chat channel configurations (Amazon Q Developer in chat applications) told of the events CodeStar Notifications has
	TriggerPaths            []string // with a connection source: only pushes touching these globs start the pipeline
	DeployPolicyArns        []string // managed policies added to the deploy role, for what the app's stack needs beyond the built-in set
	AppRoleArns             []string // roles the app uses that its stacks do not create (chalice iam_role_arn, authorizer roles): the deploy role may pass them
	EdgeDomains             bool     // the app has an edge-optimized custom domain: the deploy role may update CloudFront distributions
	NoStageRollback         bool     // a failed deployment stage stays failed instead of rolling back to its last good release
	AppLint                 string   // the linter of the packaged templates: AppLintCfnLint (default) or AppLintNone

	Traffic                []TrafficShift // stages deployed gradually through CodeDeploy (render/traffic.go)
	AlarmArns              []string       // CloudWatch alarms that also stop a shift
	ErrorsThreshold        int            // errors of a new version in a minute that stop its shift; 0: DefaultErrorsThreshold
	FiveXXThreshold        int            // 5XX responses of the REST API in a minute that stop the API handler's shift; 0: Default5xxThreshold
	PermissionsBoundaryArn string         // managed policy every role of the app's stacks must carry as permissions boundary; the deploy role may manage no other
	KMSKeyArn              string         // existing KMS key for artifacts and build output
	CreateKMSKey           bool           // the template creates a KMS key with rotation instead
}

// Connection is a repository reached through AWS CodeConnections: an
// existing connection (Arn) or one the template creates (Provider).
type Connection struct {
	Repository string // OWNER/NAME (GitLab groups may nest: group/sub/name)
	Arn        string // existing connection
	Provider   string // GitHub, Bitbucket or GitLab: the template creates the connection
}

// GitHub locates an existing GitHub repository and its token in Secrets Manager.
type GitHub struct {
	Owner     string
	Repo      string
	SecretID  string // Secrets Manager secret name or ARN
	SecretKey string // JSON key inside the secret
}

// Stage is one deployment of the application stack.
type Stage struct {
	Name         string // pipeline stage name in lower case, e.g. "beta"
	ChaliceStage string // chalice config stage packaged for it, e.g. "dev"
}

// ParseStage reads a --stage value: NAME, or NAME:CHALICE_STAGE when the
// chalice config stage has another name. A plain NAME packages the chalice
// stage of the same name, except the default beta stage, which packages
// chalice's default stage dev, as chalice's own pipeline does.
func ParseStage(s string) Stage {
	name, chalice, _ := strings.Cut(s, ":")
	return Stage{Name: name, ChaliceStage: chalice}
}

// WithDefaults returns p with every unset optional field filled in.
func (p Params) WithDefaults() Params {
	if p.RepoName == "" {
		p.RepoName = p.AppName
	}
	if p.Branch == "" {
		p.Branch = DefaultBranch
	}
	if p.Runtime == "" {
		p.Runtime = DefaultRuntime
	}
	p.Runtime = normalizeRuntime(p.Runtime)
	if p.CodeBuildImage == "" {
		if rt, ok := runtimeByName(p.Runtime); ok {
			p.CodeBuildImage = rt.Image
		}
	}
	if p.ChaliceVersion == "" {
		p.ChaliceVersion = DefaultChaliceVersion
	}
	if p.Source == "" {
		p.Source = SourceCodeCommit
	}
	if p.AppLint == "" {
		p.AppLint = AppLintCfnLint
	}
	if p.ErrorsThreshold == 0 {
		p.ErrorsThreshold = DefaultErrorsThreshold
	}
	if p.FiveXXThreshold == 0 {
		p.FiveXXThreshold = Default5xxThreshold
	}
	if p.GitHub.SecretID == "" {
		p.GitHub.SecretID = DefaultSecretID
	}
	if p.GitHub.SecretKey == "" {
		p.GitHub.SecretKey = DefaultSecretKey
	}
	if len(p.Stages) == 0 {
		p.Stages = []Stage{{Name: DefaultStage}}
	}
	p.Stages = append([]Stage(nil), p.Stages...) // never write through the caller's slice
	for i, s := range p.Stages {
		switch {
		case s.ChaliceStage != "":
		case s.Name == DefaultStage:
			p.Stages[i].ChaliceStage = DefaultChaliceStage
		default:
			p.Stages[i].ChaliceStage = s.Name
		}
	}
	return p
}

// InputError is a value a user gave that AWS would refuse, named by its flag.
type InputError struct {
	Flag  string
	Value string
	Rule  string
}

func (e *InputError) Error() string {
	return fmt.Sprintf("--%s %s: %s", e.Flag, shortQuote(e.Value), e.Rule)
}

// shortQuote quotes a value for an error, cut after 100 bytes: a value of
// megabytes must not become a message of megabytes.
func shortQuote(v string) string {
	const keep = 100
	if len(v) <= keep {
		return strconv.Quote(v)
	}
	return strconv.Quote(strings.ToValidUTF8(v[:keep], "")) + fmt.Sprintf("... (%d bytes)", len(v))
}

// InputErrors collects every bad value, so a user fixes them in one go.
type InputErrors []*InputError

func (es InputErrors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}
