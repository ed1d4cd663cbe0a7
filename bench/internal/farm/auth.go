package farm

import (
	"crypto/subtle"
	"encoding/base64"
	"strings"
)

// The farm's one valid set of credentials. They guard nothing: they exist
// so that authspec's valid-credentials probe has something to get through.
const (
	Username = "farm-user"
	Password = "farm-pass"
	Realm    = "farm"
)

// Challenge is the farm's WWW-Authenticate value (RFC 7617 §2 and §2.1).
const Challenge = `Basic realm="` + Realm + `", charset="UTF-8"`

// authorized reports whether a request's Authorization fields are exactly
// one, with Basic credentials for Username and Password. The scheme name
// is matched case-insensitively and may be followed by several spaces
// (RFC 9110 §11.1, §11.4); anything else is refused.
func authorized(fields []string) bool {
	if len(fields) != 1 {
		return false
	}
	scheme, rest, ok := strings.Cut(fields[0], " ")
	if !ok || !strings.EqualFold(scheme, "Basic") {
		return false
	}
	raw, err := base64.StdEncoding.Strict().DecodeString(strings.TrimLeft(rest, " "))
	if err != nil {
		return false
	}
	user, pass, ok := strings.Cut(string(raw), ":")
	// Both comparisons always run, so timing does not tell which failed.
	userOK := subtle.ConstantTimeCompare([]byte(user), []byte(Username))
	passOK := subtle.ConstantTimeCompare([]byte(pass), []byte(Password))
	return ok && userOK&passOK == 1
}
