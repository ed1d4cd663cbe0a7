package refserver

import (
	"crypto/subtle"
	"strings"
)

// The built-in credentials. The suite uses them for its control checks when
// a target with url builtin:reference has no credentials configured. They
// protect nothing but the loopback reference server, which is why they can
// be constants. The password holds a colon on purpose: RFC 7617 §2 splits
// user-pass at the first colon only, and a client that splits anywhere else
// fails against the reference.
const (
	Username = "authspec"
	Password = "ref:pass-7617"
	Token    = "authspec-reference.token_6750~"
)

// Realms announced in the challenges.
const (
	Realm      = "authspec reference"
	ProxyRealm = "authspec proxy"
)

// equalSecret compares a sent credential with the expected one in constant
// time, so response timing does not leak how much of a guess was right.
func equalSecret(got, want string) bool {
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// credentials is an Authorization (or Proxy-Authorization) field as the
// server understood it.
type credentials struct {
	// present is false when the request carried no such field at all.
	present bool
	// multiple is true when the field occurred on more than one line: the
	// request is ambiguous and gets no benefit of the doubt.
	multiple bool
	// scheme is the auth-scheme as sent; rest is what followed the 1*SP.
	scheme, rest string
}

// readCredentials splits a credentials field (RFC 9110 §11.4):
//
//	credentials = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
//
// net/http has already stripped the field value's surrounding OWS.
func readCredentials(values []string) credentials {
	if len(values) == 0 {
		return credentials{}
	}
	c := credentials{present: true, multiple: len(values) > 1}
	v := values[0]
	scheme, rest, _ := strings.Cut(v, " ")
	c.scheme = scheme
	c.rest = strings.TrimLeft(rest, " ")
	return c
}

// is reports whether the credentials use the named scheme; scheme names are
// case-insensitive (RFC 9110 §11.1).
func (c credentials) is(scheme string) bool {
	return c.present && strings.EqualFold(c.scheme, scheme)
}

func isTchar(b byte) bool {
	switch {
	case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", b) >= 0
}

// isToken68 reports whether s is a token68 (RFC 9110 §11.2), which is also
// RFC 6750's b64token.
func isToken68(s string) bool {
	body := strings.TrimRight(s, "=")
	if body == "" {
		return false
	}
	for i := 0; i < len(body); i++ {
		b := body[i]
		ok := 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' ||
			strings.IndexByte("-._~+/", b) >= 0
		if !ok {
			return false
		}
	}
	return true
}
