package render

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// testToday pins the runtime lifecycle checks: python3.10 is deprecated but
// still creatable on it, and python3.11 to python3.14 are supported.
func testToday() time.Time { return time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC) }

func validParams() Params {
	return Params{AppName: "helloworld"}.WithDefaults()
}

func TestCheckAcceptsDefaults(t *testing.T) {
	if err := Check(validParams(), testToday()); err != nil {
		t.Fatalf("defaults rejected: %v", err)
	}
	gh := Params{AppName: "app", Source: SourceGitHub, GitHub: GitHub{Owner: "octo-org", Repo: "my.repo_1"}}.WithDefaults()
	if err := Check(gh, testToday()); err != nil {
		t.Fatalf("github params rejected: %v", err)
	}
}

func TestCheckRejects(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*Params)
		flag   string
		want   string
	}{
		{"no app name", func(p *Params) { p.AppName = "" }, "app-name", "application name is required"},
		{"underscore in app name", func(p *Params) { p.AppName = "my_app" }, "app-name", "letters, digits and hyphens"},
		{"app name starts with digit", func(p *Params) { p.AppName = "1app" }, "app-name", "starting with a letter"},
		{"app name too long", func(p *Params) { p.AppName = "a" + strings.Repeat("b", 92) }, "app-name", "1 to 92 characters"},
		{"yaml injection in app name", func(p *Params) { p.AppName = "x\"\nResources: {}" }, "app-name", "letters, digits"},
		{"unsupported runtime", func(p *Params) { p.Runtime = "python3.9" }, "runtime", "python3.10, python3.11"},
		{"nonsense runtime", func(p *Params) { p.Runtime = "node20" }, "runtime", "unsupported runtime"},
		{"branch with space", func(p *Params) { p.Branch = "my branch" }, "branch", "git branch name"},
		{"branch with dots", func(p *Params) { p.Branch = "a..b" }, "branch", "git branch name"},
		{"branch ending .lock", func(p *Params) { p.Branch = "feature.lock" }, "branch", "git branch name"},
		{"branch starting dash", func(p *Params) { p.Branch = "-x" }, "branch", "git branch name"},
		{"repo ending .git", func(p *Params) { p.RepoName = "app.git" }, "repo-name", "cannot end in .git"},
		{"repo with slash", func(p *Params) { p.RepoName = "a/b" }, "repo-name", "CodeCommit repository"},
		{"image with space", func(p *Params) { p.CodeBuildImage = "my image" }, "codebuild-image", "container image"},
		{"chalice version injection", func(p *Params) { p.ChaliceVersion = "chalice'; rm -rf /; '" }, "chalice-version", "pip requirement"},
		{"chalice version other package", func(p *Params) { p.ChaliceVersion = "requests" }, "chalice-version", "pip requirement"},
		{"unknown source", func(p *Params) { p.Source = "bitbucket" }, "source", "expected codecommit, github or connection"},
		{"github without owner", func(p *Params) { p.Source = SourceGitHub; p.GitHub.Repo = "r" }, "source", "needs --github-owner"},
		{"github owner with codecommit", func(p *Params) { p.GitHub.Owner = "o" }, "github-owner", "go with --source github"},
		{"bad github owner", func(p *Params) {
			p.Source = SourceGitHub
			p.GitHub = GitHub{Owner: "-o", Repo: "r", SecretID: "s", SecretKey: "k"}
		}, "github-owner", "GitHub user"},
		{"bad secret key", func(p *Params) {
			p.Source = SourceGitHub
			p.GitHub = GitHub{Owner: "o", Repo: "r", SecretID: "s", SecretKey: "a}}b"}
		}, "github-secret-key", "without ':'"},
		{"bad stage", func(p *Params) { p.Stages = []Stage{{Name: "Prod!"}} }, "stage", "lower-case"},
		{"stage starting with stack", func(p *Params) { p.Stages = []Stage{{Name: "stackb"}} }, "stage", `not with "stack"`},
		{"app name holding Stack", func(p *Params) { p.AppName = "shopBetaStack-x" }, "app-name", `no "Stack"`},
		{"app name with --", func(p *Params) { p.AppName = "a--b" }, "app-name", "no --"},
		{"duplicate stage", func(p *Params) { p.Stages = []Stage{{Name: "beta"}, {Name: "beta"}} }, "stage", "given twice"},
		{"connection without repository", func(p *Params) { p.Source = SourceConnection; p.Connection.Provider = "GitHub" }, "repository", "needs --repository"},
		{"connection without arn or provider", func(p *Params) { p.Source = SourceConnection; p.Connection.Repository = "o/r" }, "source", "--connection-arn ARN"},
		{"connection with both", func(p *Params) {
			p.Source = SourceConnection
			p.Connection = Connection{Repository: "o/r", Arn: "arn:aws:codeconnections:us-east-1:123456789012:connection/x", Provider: "GitHub"}
		}, "connection-provider", "not both"},
		{"unsupported provider", func(p *Params) {
			p.Source = SourceConnection
			p.Connection = Connection{Repository: "o/r", Provider: "SVN"}
		}, "connection-provider", "make others in the console"},
		{"bad connection arn", func(p *Params) {
			p.Source = SourceConnection
			p.Connection = Connection{Repository: "o/r", Arn: "arn:aws:s3:::x"}
		}, "connection-arn", "CodeConnections"},
		{"bad repository", func(p *Params) {
			p.Source = SourceConnection
			p.Connection = Connection{Repository: "noslash", Provider: "GitHub"}
		}, "repository", "OWNER/NAME"},
		{"trigger path without connection", func(p *Params) { p.TriggerPaths = []string{"src/**"} }, "trigger-path", "--source connection only"},
		{"bad email", func(p *Params) { p.NotifyEmails = []string{"not-an-address"} }, "notify-email", "email address"},
		{"bad deploy policy", func(p *Params) { p.DeployPolicyArns = []string{"AdministratorAccess"} }, "deploy-policy-arn", "managed policy"},
		{"bad kms key", func(p *Params) { p.KMSKeyArn = "alias/x" }, "kms-key-arn", "KMS key"},
		{"kms key twice", func(p *Params) { p.KMSKeyArn = "arn:aws:kms:us-east-1:123456789012:key/abc"; p.CreateKMSKey = true }, "create-kms-key", "not both"},
		{"bad chalice stage", func(p *Params) { p.Stages = []Stage{{Name: "prod", ChaliceStage: "a b"}} }, "stage", "chalice stage name"},
		{"approval before unknown stage", func(p *Params) { p.ApprovalBefore = []string{"prod"} }, "approval-before", "the stages are beta"},
		{"empty test command", func(p *Params) { p.TestCommands = []string{" "} }, "test-command", "one non-empty line"},
		{"multi-line test command", func(p *Params) { p.TestCommands = []string{"a\nb"} }, "test-command", "one non-empty line"},
		{"multi-line integration command", func(p *Params) { p.IntegrationTestCommands = []string{"a\rb"} }, "integration-test-command", "one non-empty line"},
		{"app name with a final line break", func(p *Params) { p.AppName = "myapp\n" }, "app-name", "control character U+000A at byte 5"},
		{"NUL in an email address", func(p *Params) { p.NotifyEmails = []string{"a\x00@b.c"} }, "notify-email", "control character U+0000"},
		{"line break in the chalice version", func(p *Params) { p.ChaliceVersion = "chalice>=1.33\n" }, "chalice-version", "control character U+000A"},
		{"line break in a stage", func(p *Params) { p.Stages = []Stage{{Name: "beta\n"}} }, "stage", "control character U+000A"},
		{"line break in a chalice stage", func(p *Params) { p.Stages = []Stage{{Name: "prod", ChaliceStage: "prod\r"}} }, "stage", "control character U+000D"},
		{"NEL in a repository name", func(p *Params) { p.RepoName = "app\u0085" }, "repo-name", "control character U+0085"},
		{"line separator in a trigger path", func(p *Params) { p.TriggerPaths = []string{"src/\u2028**"} }, "trigger-path", "control character U+2028"},
		{"invalid UTF-8 in a branch", func(p *Params) { p.Branch = "main\xff" }, "branch", "not valid UTF-8"},
		{"escape code in a test command", func(p *Params) { p.TestCommands = []string{"pytest \x1b[2J"} }, "test-command", "control character U+001B"},
		{"51 stages in all", func(p *Params) { p.Stages = manyStages(49) }, "stage", "48 deployment stages at most"},
		{"51 stages with the Test stage", func(p *Params) { p.Stages = manyStages(48); p.TestCommands = []string{"pytest"} }, "stage", "47 deployment stages at most"},
		{"a command too long", func(p *Params) { p.TestCommands = []string{strings.Repeat("x", MaxCommandLength+1)} }, "test-command", "4097 characters: a command may have 4096 at most"},
		{"unknown linter", func(p *Params) { p.AppLint = "pylint" }, "app-lint", "expected cfn-lint or none"},
		{"unknown notification event", func(p *Params) { p.NotifyEmails = []string{"a@b.c"}; p.NotifyEvents = []string{"exploded"} }, "notify-events", "expected one of started"},
		{"events without anyone to tell", func(p *Params) { p.NotifyEvents = []string{"failed"} }, "notify-events", "needs --notify-email or --notify-chatbot-arn"},
		{"a chat configuration ARN of another service", func(p *Params) { p.NotifyChatbotArns = []string{"arn:aws:sns:us-east-1:123456789012:t"} }, "notify-chatbot-arn", "chat channel configuration"},
		{"a chat told only of rollbacks", func(p *Params) {
			p.NotifyChatbotArns = []string{"arn:aws:chatbot::123456789012:chat-configuration/slack-channel/x"}
			p.NotifyEvents = []string{"rolled-back"}
		}, "notify-chatbot-arn", "would receive nothing"},
		{"traffic for a stage not deployed", func(p *Params) { p.Traffic = []TrafficShift{{"prod", "AllAtOnce"}} }, "traffic", "not a deployment stage"},
		{"traffic of an unknown configuration", func(p *Params) { p.Traffic = []TrafficShift{{"beta", "Canary50Percent"}} }, "traffic", "CONFIG one of Canary10Percent5Minutes"},
		{"traffic twice for a stage", func(p *Params) { p.Traffic = []TrafficShift{{"beta", "AllAtOnce"}, {"beta", "AllAtOnce"}} }, "traffic", "given twice"},
		{"an alarm ARN of another service", func(p *Params) {
			p.Traffic = []TrafficShift{{"beta", "AllAtOnce"}}
			p.AlarmArns = []string{"arn:aws:sns:us-east-1:123456789012:alarm:x"}
		}, "alarm-arn", "CloudWatch alarm"},
		{"an alarm name with a quote", func(p *Params) {
			p.Traffic = []TrafficShift{{"beta", "AllAtOnce"}}
			p.AlarmArns = []string{"arn:aws:cloudwatch:us-east-1:123456789012:alarm:it's"}
		}, "alarm-arn", "no single quote"},
		{"alarms without traffic", func(p *Params) { p.AlarmArns = []string{"arn:aws:cloudwatch:us-east-1:123456789012:alarm:x"} }, "alarm-arn", "give --traffic too"},
		{"a negative threshold", func(p *Params) { p.ErrorsThreshold = -1 }, "traffic-errors-threshold", "a count of 1 to"},
		{"reports without tests", func(p *Params) { p.TestReports = "r.xml" }, "test-reports", "needs --test-command"},
		{"reports outside the source", func(p *Params) { p.TestCommands = []string{"t"}; p.TestReports = "../r.xml" }, "test-reports", "relative to the repository root"},
		{"absolute reports", func(p *Params) { p.TestCommands = []string{"t"}; p.TestReports = "/r.xml" }, "test-reports", "relative to the repository root"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := validParams()
			tt.mutate(&p)
			err := Check(p, testToday())
			var errs InputErrors
			if !errors.As(err, &errs) {
				t.Fatalf("Check accepted it (err=%v)", err)
			}
			for _, e := range errs {
				if e.Flag == tt.flag && strings.Contains(e.Error(), tt.want) {
					return
				}
			}
			t.Fatalf("no error for --%s containing %q in:\n%v", tt.flag, tt.want, err)
		})
	}
}

func manyStages(n int) []Stage {
	stages := make([]Stage, n)
	for i := range stages {
		stages[i] = Stage{Name: fmt.Sprintf("s%d", i)}
	}
	return stages
}

// 50 stages in all is CodePipeline's limit, not past it.
func TestFiftyStagesPassTheCount(t *testing.T) {
	p := validParams()
	p.Stages = manyStages(48)
	if why := tooManyStages(p); why != "" {
		t.Fatal(why)
	}
}

// A value of megabytes makes an error of a line.
func TestErrorsQuoteLongValuesShort(t *testing.T) {
	p := validParams()
	p.TestCommands = []string{strings.Repeat("é", 1<<20)}
	err := Check(p, testToday())
	if err == nil || len(err.Error()) > 400 || !strings.Contains(err.Error(), "... (2097152 bytes)") {
		t.Fatalf("%d bytes: %.500v", len(err.Error()), err)
	}
}

func TestCheckTemplateSize(t *testing.T) {
	tests := []struct {
		size             int
		warning, failure bool
	}{
		{MaxTemplateBody, false, false},
		{MaxTemplateBody + 1, true, false},
		{MaxTemplateS3, true, false},
		{MaxTemplateS3 + 1, false, true},
	}
	for _, tt := range tests {
		warning, err := CheckTemplateSize(tt.size)
		if (warning != "") != tt.warning || (err != nil) != tt.failure {
			t.Errorf("%d bytes: warning %q, error %v", tt.size, warning, err)
		}
	}
}

// A tab is the one control character a command may hold.
func TestCommandsMayHoldTabs(t *testing.T) {
	p := validParams()
	p.TestCommands = []string{"pytest\t-q"}
	if err := Check(p, testToday()); err != nil {
		t.Fatal(err)
	}
}

func TestRuntimeAliases(t *testing.T) {
	p := Params{AppName: "a", Runtime: "3.11"}.WithDefaults()
	if p.Runtime != "python3.11" || p.CodeBuildImage != "aws/codebuild/amazonlinux-x86_64-standard:5.0" {
		t.Fatalf("got runtime %q image %q", p.Runtime, p.CodeBuildImage)
	}
}

func TestCheckReportsAllErrorsAtOnce(t *testing.T) {
	p := validParams()
	p.AppName, p.Branch = "bad_name", "bad branch"
	var errs InputErrors
	if !errors.As(Check(p, testToday()), &errs) || len(errs) != 2 {
		t.Fatalf("want 2 errors, got %v", errs)
	}
}

func TestParseStage(t *testing.T) {
	got := Params{AppName: "a", Stages: []Stage{ParseStage("beta"), ParseStage("prod"), ParseStage("qa:staging")}}.WithDefaults().Stages
	want := []Stage{{"beta", "dev"}, {"prod", "prod"}, {"qa", "staging"}}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("stage %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}
