// Package suggest finds the known name a misspelled one most likely meant,
// for the "did you mean" of findings and usage errors.
package suggest

import "strings"

// DidYouMean returns " (did you mean K?)" for the known name K closest to
// got, compared without case, or "" when none is within a third of got's
// length. A name whose length differs from got's by the best distance so
// far or more is not compared (its distance is at least that): a long name
// then costs nothing against short ones.
func DidYouMean(got string, known []string) string {
	return Phrase(Closest(got, known))
}

// Closest is the name DidYouMean suggests, or "".
func Closest(got string, known []string) string {
	best, bestDist := "", len(got)/3+1
	lower := strings.ToLower(got)
	for _, k := range known {
		if abs(len(k)-len(got)) >= bestDist {
			continue
		}
		if d := Distance(lower, strings.ToLower(k)); d < bestDist {
			best, bestDist = k, d
		}
	}
	return best
}

// Phrase is " (did you mean s?)", or "" for no suggestion.
func Phrase(s string) string {
	if s == "" {
		return ""
	}
	return " (did you mean " + s + "?)"
}

// Distance is the Levenshtein distance between a and b, in bytes.
func Distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	cur := make([]int, len(b)+1)
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
