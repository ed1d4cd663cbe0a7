package refserver

import (
	"errors"
	"strings"
)

// parseParams parses a comma-separated list of auth-params (RFC 9110
// §11.2, §5.6.1) as a recipient must: optional whitespace around commas,
// empty list elements and BWS around "=" are accepted and ignored. Names
// are returned lower-cased; a name given twice is an error (§11.2: each
// parameter name MUST only occur once).
func parseParams(s string) (map[string]string, error) {
	params := map[string]string{}
	p := paramScanner{s: s}
	for {
		p.skipListSeparators()
		if p.done() {
			return params, nil
		}
		name := p.token()
		if name == "" {
			return nil, errors.New("expected a parameter name")
		}
		p.skipSpace()
		if !p.consume('=') {
			return nil, errors.New("expected '=' after a parameter name")
		}
		p.skipSpace()
		value, err := p.value()
		if err != nil {
			return nil, err
		}
		key := strings.ToLower(name)
		if _, dup := params[key]; dup {
			return nil, errors.New("parameter given twice")
		}
		params[key] = value
		p.skipSpace()
		if !p.done() && !p.consume(',') {
			return nil, errors.New("expected ',' between parameters")
		}
	}
}

// paramScanner walks an auth-param list byte by byte.
type paramScanner struct {
	s string
	i int
}

func (p *paramScanner) done() bool { return p.i >= len(p.s) }

func (p *paramScanner) consume(b byte) bool {
	if !p.done() && p.s[p.i] == b {
		p.i++
		return true
	}
	return false
}

func (p *paramScanner) skipSpace() {
	for !p.done() && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
	}
}

func (p *paramScanner) skipListSeparators() {
	for !p.done() && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == ',') {
		p.i++
	}
}

func (p *paramScanner) token() string {
	start := p.i
	for !p.done() && isTchar(p.s[p.i]) {
		p.i++
	}
	return p.s[start:p.i]
}

// value reads a token or a quoted-string, resolving quoted-pairs.
func (p *paramScanner) value() (string, error) {
	if !p.consume('"') {
		if t := p.token(); t != "" {
			return t, nil
		}
		return "", errors.New("expected a token or a quoted-string")
	}
	var b strings.Builder
	for !p.done() {
		c := p.s[p.i]
		p.i++
		switch {
		case c == '"':
			return b.String(), nil
		case c == '\\':
			if p.done() {
				return "", errors.New("quoted-pair at end of value")
			}
			b.WriteByte(p.s[p.i])
			p.i++
		case c == 0x7f || (c < 0x20 && c != '\t'):
			return "", errors.New("control character in a quoted-string")
		default:
			b.WriteByte(c)
		}
	}
	return "", errors.New("unterminated quoted-string")
}
