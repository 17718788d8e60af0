package cfnnames

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/pipegen/pipegen/render/iam"
)

func TestGenerate(t *testing.T) {
	const suffix = "AbCdEf123456"
	cases := []struct {
		stack, logical, want string
	}{
		// The example of testdata/chalice/README.md, facts item 1.
		{"customer-orders-svcBetaStack", "HourlyReportHourlyReportEvent", "customer-orders-svcBetaSt-HourlyReportHourlyReportE-" + suffix},
		// Short parts are kept whole.
		{"ordersBetaStack", "APIHandler", "ordersBetaStack-APIHandler-" + suffix},
		// A short logical id leaves its share to the stack name.
		{"a-very-long-application-name-for-testingBetaStack", "Fn", "a-very-long-application-name-for-testingBetaStac-Fn-" + suffix},
		// Leading hyphens dropped, runs collapsed.
		{"--a---b", "X", "a-b-X-" + suffix},
	}
	for _, c := range cases {
		got, err := Generate(c.stack, c.logical, suffix, MaxLength)
		if err != nil || got != c.want {
			t.Errorf("Generate(%q, %q) = %q, want %q", c.stack, c.logical, got, c.want)
		}
		if len(got) > MaxLength {
			t.Errorf("Generate(%q, %q) = %q: %d characters, more than %d", c.stack, c.logical, got, len(got), MaxLength)
		}
	}
}

func TestGenerateRefusesTooShortALimit(t *testing.T) {
	if _, err := Generate("abc", "Fn", "AbCdEf123456", 12); err == nil {
		t.Error("a 12-character limit must be refused, as the plugin refuses it")
	}
	if name, err := Generate("abc", "Fn", "AbCdEf123456", MinLength); err != nil || len(name) > MinLength {
		t.Errorf("MinLength: %q, %v", name, err)
	}
}

func TestPattern(t *testing.T) {
	cases := []struct {
		stack, want string
		exact       bool
	}{
		{"shopBetaStack", "shopBetaStack-*", true},
		{"abcdefghijklmnopBetaStack", "abcdefghijklmnopBetaStack-*", true}, // 25 characters
		{"abcdefghijklmnopqBetaStack", "abcdefghijklmnopqBetaStac*", false},
		{"a--bBetaStack", "a-bBetaStack-*", true},
	}
	for _, c := range cases {
		got, exact := Pattern(c.stack, MaxLength)
		if got != c.want || exact != c.exact {
			t.Errorf("Pattern(%q) = %q, %v; want %q, %v", c.stack, got, exact, c.want, c.exact)
		}
	}
}

// TestPatternCoversEveryGeneratedName checks Pattern against Generate for
// stack names and logical ids of every length up to CloudFormation's
// limits (stack names 128, logical ids 255): every generated name matches
// its stack's pattern, as IAM matches it.
func TestPatternCoversEveryGeneratedName(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	letters := "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-"
	word := func(n int, alphabet string) string {
		var b strings.Builder
		b.WriteByte('a')
		for b.Len() < n {
			b.WriteByte(alphabet[rng.IntN(len(alphabet))])
		}
		return b.String()
	}
	for stackLen := 1; stackLen <= 128; stackLen++ {
		for _, logicalLen := range []int{1, 2, 10, 24, 25, 26, 40, 50, 100, 255} {
			stack := word(stackLen, letters)
			logical := word(logicalLen, letters[:62])
			name, err := Generate(stack, logical, "AbCdEf123456", MaxLength)
			if err != nil {
				t.Fatal(err)
			}
			pattern, _ := Pattern(stack, MaxLength)
			arn := "arn:aws:lambda:us-east-1:123456789012:function:" + name
			if !iam.MatchARN("arn:aws:lambda:us-east-1:123456789012:function:"+pattern, arn) {
				t.Fatalf("stack %q, logical id %q: name %q does not match pattern %q", stack, logical, name, pattern)
			}
		}
	}
}
