// Package cfnnames computes the physical names CloudFormation generates for
// resources a template leaves unnamed, and the IAM wildcard pattern that
// covers every such name of one stack.
//
// chalice package names no function, role or rule, so CloudFormation names
// them from the stack name and the logical id, truncating both: a deploy
// role scoped to "<stack name>-*" stops matching once the two are long.
//
// Source: the CloudFormation resource-provider plugin's
// IdentifierUtils.generateResourceIdentifier(stackId, logicalResourceId,
// clientRequestToken, maxLength) (aws-cloudformation/cloudformation-cli-java-plugin,
// src/main/java/software/amazon/cloudformation/resource/IdentifierUtils.java,
// read 2026-11-26), which the Lambda function, IAM role and EventBridge rule
// providers call with maxLength 64.
package cfnnames

import (
	"fmt"
	"regexp"
	"strings"
)

// MaxLength is the name limit of the unnamed resources a Chalice app's
// stack creates: Lambda functions, IAM roles and EventBridge rules.
const MaxLength = 64

// SuffixLength is the length of the random suffix CloudFormation appends.
const SuffixLength = 12

// minPreferredLength: above it, stack name and logical id are separated by "-".
const minPreferredLength = 17

// Clean is the stack name as it enters generated names: leading hyphens
// dropped, runs of hyphens collapsed to one.
func Clean(stackName string) string {
	s := strings.TrimLeft(stackName, "-")
	return hyphens.ReplaceAllString(s, "-")
}

var hyphens = regexp.MustCompile(`-{2,}`)

// MinLength is the shortest maxLength the plugin generates names for.
const MinLength = 15

// Generate returns the name CloudFormation gives the resource logicalID of
// stack stackName, with suffix standing for its 12 random characters. As
// the plugin, it refuses a maxLength under MinLength.
func Generate(stackName, logicalID, suffix string, maxLength int) (string, error) {
	if maxLength < MinLength {
		return "", fmt.Errorf("cannot generate names shorter than %d characters (asked for %d)", MinLength, maxLength)
	}
	stack := Clean(stackName)
	separate := maxLength > minPreferredLength
	free := maxLength - SuffixLength - 1
	if separate {
		free--
	}
	share := fairSplit(free, len(stack), len(logicalID))
	prefix := stack[:share[0]]
	if separate {
		prefix += "-"
	}
	prefix += logicalID[:share[1]]
	// The plugin's two-argument form cuts the prefix to maxLength - 13 and
	// appends "-" and the suffix.
	if n := maxLength - (SuffixLength + 1); len(prefix) > n {
		prefix = prefix[:n]
	}
	if prefix == "" {
		return suffix, nil
	}
	return prefix + "-" + suffix, nil
}

// fairSplit shares capacity between the stack name and the logical id:
// each gets an equal share in turn, a part shorter than its share gives the
// rest to the other, and an odd unit goes to the stack name first.
func fairSplit(capacity, stackLen, logicalLen int) [2]int {
	want := [2]int{stackLen, logicalLen}
	var got [2]int
	remaining := capacity
	for remaining > 0 {
		each := remaining / 2
		if remaining < 2 {
			each = 1
		}
		satisfied := 0
		for i := range want {
			if got[i] < want[i] {
				add := min(each, want[i]-got[i])
				got[i] += add
				remaining -= add
			} else {
				satisfied++
			}
			if remaining <= 0 || satisfied == len(want) {
				return got
			}
		}
	}
	return got
}

// StackShare is how many characters of the stack name every generated name
// keeps, whatever the logical id: half of what the suffix and separators
// leave (25 for maxLength 64).
func StackShare(maxLength int) int {
	return (maxLength - SuffixLength - 2) / 2
}

// Pattern returns the IAM wildcard pattern that every name CloudFormation
// generates in stack stackName matches, for names of at most maxLength
// characters. It is exact (the whole stack name followed by "-") when the
// stack name fits in StackShare; otherwise only the stack name's first
// StackShare characters are certain, and the pattern is that prefix and *.
func Pattern(stackName string, maxLength int) (pattern string, exact bool) {
	stack := Clean(stackName)
	if share := StackShare(maxLength); len(stack) > share {
		return stack[:share] + "*", false
	}
	return stack + "-*", true
}
