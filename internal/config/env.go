package config

import (
	"fmt"
	"strings"
)

// expand returns the value of n with every ${NAME} replaced by the
// environment variable NAME, and whether the value was written literally
// (held no reference at all). An unset or empty variable is an error: in CI
// a missing secret usually arrives as an empty string, and probing with
// empty credentials would only produce confusing failures.
//
// There is no escape: in these fields "${" always starts a reference. A "$"
// not followed by "{" is kept as it is.
func (p *parser) expand(n *yamlNode, field string) (value string, literal bool) {
	s, ok := p.rawScalar(n, field, "write a single value or ${NAME}")
	if !ok {
		return "", false
	}
	var b strings.Builder
	literal = true
	for {
		start := strings.Index(s, "${")
		text := s
		if start >= 0 {
			text = s[:start]
		}
		if at := controlChar(text); at >= 0 {
			p.fail(n, field, fmt.Sprintf("holds a line break or control character (0x%02x)", text[at]),
				"write the value on one line, without control characters")
			return "", false
		}
		if start < 0 {
			b.WriteString(s)
			return b.String(), literal
		}
		literal = false
		b.WriteString(s[:start])
		end := strings.IndexByte(s[start:], '}')
		if end < 0 {
			p.fail(n, field, "has a ${ without its closing }", "write ${NAME}")
			return "", false
		}
		name := s[start+2 : start+end]
		if !isEnvName(name) {
			p.fail(n, field, "has a malformed reference ${"+clip(name)+"}",
				"write ${NAME}, where NAME is letters, digits and _ and does not start with a digit")
			return "", false
		}
		v, set := p.env(name)
		if at := controlChar(v); set && at >= 0 {
			p.fail(n, field, fmt.Sprintf("refers to ${%s}, whose value holds a line break or control character (byte %d is 0x%02x)", name, at+1, v[at]),
				"remove it from "+name+", e.g. the trailing newline echo or a file leaves (use printf '%s', or tr -d '\\n'): the value is sent in one header field line")
			return "", false
		}
		if !set {
			p.fail(n, field, "refers to ${"+name+"}, which is not set",
				"set "+name+" in the environment or remove the reference")
			return "", false
		}
		if v == "" {
			p.fail(n, field, "refers to ${"+name+"}, which is set but empty",
				"give "+name+" a value (in CI, check the secret is available to this job) or remove the reference")
			return "", false
		}
		b.WriteString(v)
		s = s[start+end+1:]
	}
}

// isEnvName reports whether name is a portable environment variable name.
func isEnvName(name string) bool {
	if name == "" || (name[0] >= '0' && name[0] <= '9') {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// controlChar returns the index of the first control character in s other
// than HTAB (CR, LF, NUL, DEL and the rest), or -1. Values expanded here go
// into request header fields, where such a byte ends the line or is
// refused (RFC 9110 §5.5): better a configuration error naming its source
// than an error from every server.
func controlChar(s string) int {
	return strings.IndexFunc(s, func(r rune) bool { return r < ' ' && r != '\t' || r == 0x7f })
}
