package config

import "strings"

// suggestion returns a "did you mean" hint naming the candidate closest to
// got, or a hint listing the candidates when none is close.
func suggestion(got string, candidates []string) string {
	if best := closest(got, candidates); best != "" {
		return "did you mean '" + best + "'?"
	}
	return "known fields: " + strings.Join(candidates, ", ")
}

// closest returns the candidate with the smallest edit distance to got,
// ignoring case, if it is close enough to be a plausible typo; else "".
func closest(got string, candidates []string) string {
	best, bestDist := "", -1
	for _, c := range candidates {
		d := EditDistance(strings.ToLower(got), strings.ToLower(c))
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	limit := max(2, len(got)/3)
	if bestDist >= 0 && bestDist <= limit {
		return best
	}
	return prefixOf(got, candidates)
}

// prefixOf returns the candidate that got abbreviates ("user" for
// "username"), or "" when there is none or got is too short to tell.
func prefixOf(got string, candidates []string) string {
	if len(got) < 3 {
		return ""
	}
	for _, c := range candidates {
		if strings.HasPrefix(strings.ToLower(c), strings.ToLower(got)) {
			return c
		}
	}
	return ""
}

// EditDistance is the Levenshtein distance between a and b, in bytes. Both
// are short (field names, rule IDs), so the quadratic cost is irrelevant;
// inputs are capped anyway so a hostile file cannot make it expensive.
// `authspec explain` uses it too, for its did-you-mean.
func EditDistance(a, b string) int {
	const maxLen = 256
	if len(a) > maxLen {
		a = a[:maxLen]
	}
	if len(b) > maxLen {
		b = b[:maxLen]
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
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
