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

// arnSegments is the number of colon-separated parts before an ARN's
// resource part: arn, partition, service, region, account.
const arnSegments = 5

// MatchARN reports whether a Resource element matches arn, as IAM matches
// resources: "*" matches everything; otherwise wildcards stay within the
// segments partition, service, region and account, except that a * ending
// the pattern's last segment spans colons; the resource part (after the
// fifth colon) matches as one string, colons included. Matching is
// case-sensitive.
func MatchARN(pattern, arn string) bool {
	if pattern == "*" {
		return true
	}
	ps := strings.SplitN(pattern, ":", arnSegments+1)
	as := strings.SplitN(arn, ":", arnSegments+1)
	for i, p := range ps {
		last := i == len(ps)-1
		if last {
			rest := strings.Join(as[min(i, len(as)):], ":")
			if i < arnSegments && !strings.HasSuffix(p, "*") && i < len(as)-1 {
				return false // the pattern ends before the ARN does
			}
			return i < len(as) && glob(p, rest)
		}
		if i >= len(as) || !glob(p, as[i]) {
			return false
		}
	}
	return false
}
