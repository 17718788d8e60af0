package iam

import "strings"

// glob reports whether s matches pattern, where * matches any run of
// characters (none included) and ? exactly one. It runs in time
// proportional to len(pattern)*len(s) at worst (the classic greedy
// matcher with one backtrack point), so hostile patterns cannot blow up.
func glob(pattern, s string) bool {
	p, i := 0, 0
	starP, starI := -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[i]):
			p++
			i++
		case p < len(pattern) && pattern[p] == '*':
			starP, starI = p, i
			p++
		case starP >= 0:
			starI++
			p, i = starP+1, starI
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

// MatchAction reports whether an Action element matches action. Action
// names are case-insensitive in IAM, the service prefix included.
func MatchAction(pattern, action string) bool {
	return glob(strings.ToLower(pattern), strings.ToLower(action))
}

// MatchARN reports whether a Resource element (or an ArnLike value)
// matches arn, as IAM documents it: "*" alone matches everything; in an
// ARN, * matches any run of characters and ? one character, within the
// colon-separated segment they stand in, except that a * ending a segment
// (followed by ":" or the end of the pattern) may expand beyond the colon
// boundaries. Matching is case-sensitive. (IAM User Guide, "IAM JSON policy
// elements: Resource", read 2026-11-26.)
func MatchARN(pattern, arn string) bool {
	if pattern == "*" {
		return true
	}
	return arnGlob(pattern, arn)
}

// arnGlob matches with IAM's ARN wildcard rules by dynamic programming
// over (pattern position, ARN position): time len(pattern)*len(arn), no
// backtracking blow-up whatever the input.
func arnGlob(pattern, s string) bool {
	// match[j] is whether pattern[i:] matches s[j:], for the current i.
	next := make([]bool, len(s)+1)
	cur := make([]bool, len(s)+1)
	next[len(s)] = true // the empty pattern matches the empty rest
	for i := len(pattern) - 1; i >= 0; i-- {
		c := pattern[i]
		spans := c == '*' && (i+1 == len(pattern) || pattern[i+1] == ':')
		for j := len(s); j >= 0; j-- {
			switch {
			case c == '*':
				// match nothing, or one more character (a colon only if the
				// * ends its segment)
				cur[j] = next[j] || j < len(s) && (spans || s[j] != ':') && cur[j+1]
			case j == len(s):
				cur[j] = false
			case c == '?':
				cur[j] = s[j] != ':' && next[j+1]
			default:
				cur[j] = s[j] == c && next[j+1]
			}
		}
		next, cur = cur, next
	}
	return next[0]
}
