package probe

import (
	"encoding/base64"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/authspec/authspec/internal/checks"
)

// basicValue is the Authorization field value of RFC 7617 §2: the scheme
// and the base64 of user-id ":" password.
func basicValue(username, password string) string {
	return "Basic " + basicToken(username, password)
}

// basicToken is the base64 of user-id ":" password, itself a secret.
func basicToken(username, password string) string {
	return base64.StdEncoding.EncodeToString([]byte(username + ":" + password))
}

// offersUTF8 reports whether a Basic challenge offers charset="UTF-8", the
// only value RFC 7617 §2.1 allows, "matched case-insensitively".
func offersUTF8(ch checks.Challenge) bool {
	p, ok := ch.Param("charset")
	return ok && strings.EqualFold(strings.TrimSpace(p.Value), "UTF-8")
}

// basicUserPass returns the declared user-id and password as the Basic
// challenge ch asks for them, and how they were encoded
// (checks.Exchange.BasicCharset). US-ASCII credentials go as they are:
// every encoding RFC 7617 allows maps them alike. Others, with
// charset="UTF-8" offered, go in Unicode Normalization Form C, UTF-8
// encoded: §2.1 says the server "expects character data to be converted to
// Unicode Normalization Form C ... and to be encoded into octets using the
// UTF-8 character encoding scheme". Without charset the encoding is
// undefined (§2), and they go in UTF-8 as configured.
func basicUserPass(ch checks.Challenge, username, password string) (user, pass, charset string) {
	if isASCII(username) && isASCII(password) {
		return username, password, ""
	}
	if offersUTF8(ch) {
		return norm.NFC.String(username), norm.NFC.String(password), checks.BasicCharsetUTF8
	}
	return username, password, checks.BasicCharsetUndefined
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// credentialForms lists the forms of the declared password, and of the
// Basic token over the declared user-id and password, that authspec or a
// server may write when they hold characters outside US-ASCII: as
// configured, in Unicode NFC (what authspec sends when charset="UTF-8" is
// offered) and NFD (what a server that normalizes may echo), and in
// ISO-8859-1, which RFC 7617 §2 says most implementations chose before
// charset existed, when every character has a byte there. Each is a
// secret: its percent-encoded, JSON, base64 and escaped forms are
// redacted too (see encodedForms).
func credentialForms(username, password string) []string {
	if password == "" || isASCII(username) && isASCII(password) {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, f := range []norm.Form{norm.NFC, norm.NFD} {
		user, pass := f.String(username), f.String(password)
		add(pass)
		add(basicToken(user, pass))
		if l1pass, ok := latin1(norm.NFC.String(pass)); ok {
			add(l1pass)
			if l1user, ok := latin1(norm.NFC.String(user)); ok {
				add(basicToken(l1user, l1pass))
			}
		}
	}
	add(basicToken(username, password))
	return out
}

// latin1 encodes s in ISO-8859-1, one byte a character; ok is false when
// a character has no byte there.
func latin1(s string) (string, bool) {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xFF {
			return "", false
		}
		b = append(b, byte(r))
	}
	return string(b), true
}
