package checks

import "testing"

// Severities say how much harm breaking a rule does, whatever its level
// (issue 17): an endpoint served to anyone is critical; a client that
// cannot authenticate, or a password or token exposed, is high; the
// declared ones below are where the level's default misjudged the harm.
func TestSeverityMatchesTheHarm(t *testing.T) {
	for id, want := range map[string]Severity{
		"rfc9110/protected-resource-401":         Critical,
		"rfc9110/bad-credentials-rejected":       Critical,
		"rfc9110/malformed-credentials-rejected": Critical,
		"rfc9110/valid-credentials-accepted":     High,
		"rfc9110/challenge-present":              High,
		"rfc7617/basic-cleartext":                High,
		"rfc9110/body-no-credential-echo":        High,
		"rfc7616/digest-nonce-required":          High,
		"rfc7616/digest-qop-values":              High,
		"rfc9449/dpop-algs-asymmetric":           High,
		"rfc9110/body-no-stack-trace":            Medium,
		"rfc7616/digest-md5-only":                Medium,
		"rfc7616/digest-realm-required":          Medium,
		"rfc9110/diagnostic-body":                Medium,
	} {
		r := Lookup(id)
		if r == nil {
			t.Errorf("%s: not in the catalogue", id)
			continue
		}
		if r.Severity != want {
			t.Errorf("%s: severity %s, want %s", id, r.Severity, want)
		}
	}
	for _, r := range All() {
		if r.Severity.Rank() >= len(Severities) {
			t.Errorf("%s: severity %q is none of %v", r.ID, r.Severity, Severities)
		}
	}
}
