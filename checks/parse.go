package checks

// ParseChallenges parses all field lines of one WWW-Authenticate or
// Proxy-Authenticate field, in order, into challenges, plus findings.
// PLACEHOLDER: being implemented (issue 2).
func ParseChallenges(lines []string) ([]Challenge, []Finding) {
	return nil, nil
}
