package probe

import (
	"sort"
	"strings"
)

// redactedMark replaces a secret wherever authspec shows text.
const redactedMark = "[REDACTED]"

// minRedactLength is the shortest secret replaced in free text. Shorter
// ones would blank out ordinary words; they are still hidden where
// authspec itself shows credentials (Authorization fields, curl lines).
const minRedactLength = 3

// Redactor replaces secrets in text with [REDACTED]. Longer secrets are
// replaced first so that a secret containing another is hidden whole.
type Redactor struct {
	secrets []string
}

// NewRedactor returns a redactor for the given secrets; empty ones and
// ones shorter than three bytes are ignored.
func NewRedactor(secrets ...string) *Redactor {
	r := &Redactor{}
	for _, s := range secrets {
		if len(s) >= minRedactLength {
			r.secrets = append(r.secrets, s)
		}
	}
	sort.SliceStable(r.secrets, func(i, j int) bool { return len(r.secrets[i]) > len(r.secrets[j]) })
	return r
}

// Redact returns s with every secret replaced.
func (r *Redactor) Redact(s string) string {
	if r == nil {
		return s
	}
	for _, secret := range r.secrets {
		if strings.Contains(s, secret) {
			s = strings.ReplaceAll(s, secret, redactedMark)
		}
	}
	return s
}

// Contains reports whether s still holds one of the secrets.
func (r *Redactor) Contains(s string) bool {
	if r == nil {
		return false
	}
	for _, secret := range r.secrets {
		if strings.Contains(s, secret) {
			return true
		}
	}
	return false
}
