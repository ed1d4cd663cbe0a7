package config

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// reservedHeaders are the fields authspec sets itself, with the reason a
// user would read in the hint. Letting the file set them would either
// defeat a check (Authorization) or break the request (framing, Host).
var reservedHeaders = map[string]string{
	"authorization":       "authspec builds it for each probe; put valid credentials under credentials",
	"proxy-authorization": "authspec builds it for each probe; put valid credentials under credentials",
	"host":                "the host comes from url (use tls.server_name to change the TLS name)",
	"content-length":      "authspec sets message framing itself",
	"transfer-encoding":   "authspec sets message framing itself",
	"connection":          "connection management belongs to the HTTP client",
}

// headers decodes the extra request header fields of a target, and which
// of their values are secret (see Target.SecretHeaders). A field is
// written `Name: value`, or `Name: {value: ..., public: true}` for the rare
// value from ${VAR} (or under a name that suggests a secret) that may be
// shown. Values may hold ${VAR} references and are never quoted in
// messages: an API key is a typical value.
// headerValueKeys are the keys of a header written as a mapping,
// {value: ..., public: true}.
var headerValueKeys = []string{"value", "public"}

func (p *parser) headers(n *yamlNode, field string) (map[string]string, map[string]bool) {
	if n.Kind != yaml.MappingNode {
		p.fail(n, field, "must be a mapping of field names to values, not "+describe(n), "write {X-Env: staging}")
		return nil, nil
	}
	out := map[string]string{}
	secret := map[string]bool{}
	lines := map[string]int{} // lower-cased name -> line
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, value := n.Content[i], n.Content[i+1]
		name := p.text(key, field)
		at := join(field, name)
		lower := strings.ToLower(name)
		switch {
		case p.failed():
			return nil, nil
		case !isToken(name):
			p.fail(key, field, fmt.Sprintf("%q is not a valid header field name", clip(name)),
				"use letters, digits and - (no spaces or colons)")
		case reservedHeaders[lower] != "":
			p.fail(key, at, "cannot be set here", reservedHeaders[lower])
		case lines[lower] != 0:
			p.fail(key, at, fmt.Sprintf("is given twice (first on line %d; names ignore case)", lines[lower]), "keep one of them")
		case isNull(value):
			p.fail(value, at, "has no value", "write a value, or \"\" for an empty one")
		}
		if p.failed() {
			return nil, nil
		}
		public := false
		if value.Kind == yaml.MappingNode {
			f := p.mapping(value, at, headerValueKeys)
			if pub := f.get("public"); pub != nil {
				public = p.boolean(pub, join(at, "public"))
			}
			value = p.required(f, at, "value", "write {value: \"${NAME}\", public: true}")
			at = join(at, "value")
			if p.failed() {
				return nil, nil
			}
		}
		v, literal := p.expand(value, at)
		if !p.failed() && strings.IndexFunc(v, func(r rune) bool { return r < ' ' && r != '\t' || r == 0x7f }) >= 0 {
			p.fail(value, at, "has a line break or control character in its value", "header values are one line of text")
		}
		if p.failed() {
			return nil, nil
		}
		lines[lower] = key.Line
		out[name] = v
		if !public && (!literal || SensitiveHeaderName(name)) {
			secret[lower] = true
		}
	}
	return out, secret
}

// SensitiveHeaderName tells which header field names suggest a secret
// value: a literal value under such a name is redacted like credentials.
func SensitiveHeaderName(name string) bool {
	n := strings.ToLower(name)
	for _, word := range []string{"authorization", "cookie", "token", "secret", "key", "password", "session", "signature"} {
		if strings.Contains(n, word) {
			return true
		}
	}
	return false
}

// HeaderIsSecret reports whether the value of the configured header field
// name (in any case) is secret: it came from ${VAR}, or its name suggests a
// secret, and it is not marked public. A Target built in Go rather than
// read from a file has no SecretHeaders: its names decide.
func (t *Target) HeaderIsSecret(name string) bool {
	if t.SecretHeaders == nil {
		return SensitiveHeaderName(name)
	}
	return t.SecretHeaders[strings.ToLower(name)]
}
