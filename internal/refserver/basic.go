package refserver

import (
	"encoding/base64"
	"strings"
	"unicode/utf8"
)

// verdict is what a scheme's check made of the credentials in a request.
type verdict int

const (
	noCredentials verdict = iota // nothing of this scheme was sent
	malformed                    // this scheme, but not parseable
	rejected                     // well-formed, wrong
	accepted                     // right
	staleNonce                   // Digest only: right, but the nonce expired
)

// basicChallenge is the Basic challenge of RFC 7617 §2 and §2.1: realm is
// required; charset announces that user-id and password are UTF-8.
func basicChallenge(realm string) string {
	return `Basic realm="` + realm + `", charset="UTF-8"`
}

// checkBasic judges Basic credentials (RFC 7617 §2):
//
//	credentials = "Basic" 1*SP token68, token68 = base64(user-id ":" password)
func checkBasic(c credentials, username, password string) verdict {
	if !c.is("Basic") {
		return noCredentials
	}
	if c.multiple || c.rest == "" || !isToken68(c.rest) {
		return malformed
	}
	raw, err := base64.StdEncoding.Strict().DecodeString(c.rest)
	if err != nil || !utf8.Valid(raw) {
		return malformed
	}
	// The user-id cannot contain a colon; the password can (§2).
	user, pass, ok := strings.Cut(string(raw), ":")
	if !ok {
		return malformed
	}
	// Evaluate both comparisons so timing does not tell which one failed.
	userOK := equalSecret(user, username)
	passOK := equalSecret(pass, password)
	if userOK && passOK {
		return accepted
	}
	return rejected
}
