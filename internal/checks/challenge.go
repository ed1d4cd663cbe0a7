package checks

import "strings"

// Challenge is one challenge of a WWW-Authenticate or Proxy-Authenticate
// field (RFC 9110 §11.3): a scheme, then either a token68 or a list of
// auth-params.
type Challenge struct {
	// Scheme is the auth-scheme as sent (compare with strings.EqualFold).
	Scheme string
	// Token68 is set when the challenge carries a token68 instead of params.
	Token68    string
	HasToken68 bool
	// Params are the auth-params in the order sent.
	Params []Param
	// Line is the index of the field line the challenge is in; Offset and
	// End are the byte offsets of its first and one-past-last byte there.
	Line, Offset, End int
}

// Param is one auth-param of a challenge.
type Param struct {
	// Name is the parameter name as sent (compare with strings.EqualFold).
	Name string
	// Value is the unescaped value: quoted-pairs resolved, quotes removed.
	Value string
	// Quoted reports whether the value was sent as a quoted-string.
	Quoted bool
	// NameOffset and ValueOffset are byte offsets within the field line;
	// ValueOffset points at the opening quote of a quoted value.
	NameOffset, ValueOffset int
	// Line is the index of the field line the parameter is in. It is the
	// challenge's Line except in the rare field whose next line goes on with
	// parameters of the previous line's last challenge (RFC 9110 §5.3 joins
	// field lines with ",", so that is one challenge).
	Line int
}

// Is reports whether the challenge is of the named scheme, compared
// case-insensitively (RFC 9110 §11.1).
func (c *Challenge) Is(scheme string) bool {
	return strings.EqualFold(c.Scheme, scheme)
}

// Param returns the first parameter with the given name, compared
// case-insensitively (RFC 9110 §11.2).
func (c *Challenge) Param(name string) (Param, bool) {
	for _, p := range c.Params {
		if strings.EqualFold(p.Name, name) {
			return p, true
		}
	}
	return Param{}, false
}

// ParamCount returns how many times a parameter name occurs, compared
// case-insensitively.
func (c *Challenge) ParamCount(name string) int {
	n := 0
	for _, p := range c.Params {
		if strings.EqualFold(p.Name, name) {
			n++
		}
	}
	return n
}
