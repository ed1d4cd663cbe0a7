package config

import (
	"regexp"
	"strings"
)

// targetKeys are the keys of a target entry, besides the settings keys.
var targetKeys = append([]string{
	"name", "url", "kind", "through", "resources", "expect_schemes", "credentials",
	"origin_credentials", "headers", "tls", "allow_cleartext", "follow_redirects", "waivers",
}, append(append(openAPIKeys, issue15Keys...), settingKeys...)...)

// validName is what a target name may look like: it ends up in file names,
// report IDs and Ginkgo labels.
var validName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// target decodes one entry of targets, with base as its inherited settings.
// It also returns the node of the name, for the duplicate-name message.
func (p *parser) target(n *yamlNode, field string, base settings) (Target, *yamlNode) {
	f := p.mapping(n, field, targetKeys)
	t := Target{Line: n.Line, Kind: Origin}
	if p.failed() {
		return t, nil
	}
	nameNode := p.required(f, field, "name", "give the target a short unique name such as staging-api")
	if p.failed() {
		return t, nil
	}
	t.Name = p.name(nameNode, join(field, "name"))
	p.targetEndpoint(f, field, &t)
	t.OpenAPI = p.openAPI(f, field)
	if f.get("mcp") != nil {
		p.defaultMethod = "POST" // see parser.defaultMethod
		defer func() { p.defaultMethod = "" }()
	}
	if t.OpenAPI != nil {
		// The document supplies resources; hand-listed ones are optional.
		t.Resources = p.resources(f.get("resources"), join(field, "resources"))
	} else {
		t.Resources = p.resources(p.required(f, field, "resources",
			"list at least one protected path, e.g. [/api/v1/me], or give openapi: the API's OpenAPI document"), join(field, "resources"))
	}
	if n := f.get("expect_schemes"); n != nil {
		t.ExpectSchemes = p.schemes(n, join(field, "expect_schemes"))
	}
	if n := f.get("credentials"); n != nil {
		t.Credentials = p.credentials(n, join(field, "credentials"), t.URL == BuiltinReference)
	}
	p.originCredentials(f, field, &t)
	if n := f.get("headers"); n != nil {
		t.Headers, t.SecretHeaders = p.headers(n, join(field, "headers"))
	}
	if n := f.get("tls"); n != nil {
		t.TLS = p.tls(n, join(field, "tls"), t.URL)
	}
	if n := f.get("allow_cleartext"); n != nil {
		t.AllowCleartext = p.boolean(n, join(field, "allow_cleartext"))
	}
	if n := f.get("follow_redirects"); n != nil {
		t.FollowRedirects = p.boolean(n, join(field, "follow_redirects"))
	}
	p.oauthKeys(f, field, &t)
	if n := f.get("waivers"); n != nil {
		t.Waivers = p.waivers(n, join(field, "waivers"))
	}
	p.overrideSettings(f, field, base).apply(&t)
	if !p.failed() {
		p.checkCleartext(f, field, t)
	}
	return t, nameNode
}

// required returns the value of key in f, failing when it is absent or null.
func (p *parser) required(f fields, field, key, hint string) *yamlNode {
	n := f.get(key)
	if n == nil && !p.failed() {
		at := f.node
		if e, ok := f.entries[key]; ok {
			at = e.key
		}
		p.fail(at, join(field, key), "is missing", hint)
	}
	return n
}

// name returns a valid target name.
func (p *parser) name(n *yamlNode, field string) string {
	s := p.text(n, field)
	if p.failed() {
		return ""
	}
	if !validName.MatchString(s) {
		p.fail(n, field, "must be 1 to 64 letters, digits, '-' or '_'",
			"write something like "+suggestName(s))
		return ""
	}
	return s
}

// suggestName turns s into a valid name, for the hint.
func suggestName(s string) string {
	var b strings.Builder
	for _, r := range clip(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		case b.Len() > 0:
			b.WriteByte('-')
		}
	}
	out := strings.Trim(b.String(), "-")
	if out == "" {
		return "staging-api"
	}
	return out
}

// targetEndpoint decodes url, kind and through, which depend on each other.
func (p *parser) targetEndpoint(f fields, field string, t *Target) {
	urlNode := p.required(f, field, "url", "write the server's origin, e.g. https://staging.example.com, or builtin:reference")
	if p.failed() {
		return
	}
	t.URL = p.targetURL(urlNode, join(field, "url"))
	if n := f.get("kind"); n != nil {
		t.Kind = p.kind(n, join(field, "kind"))
	}
	through := f.get("through")
	switch {
	case p.failed():
	case t.Kind == Proxy && through == nil:
		p.required(f, field, "through", "write the absolute http URL to request through the proxy, e.g. http://example.com/")
	case t.Kind == Origin && through != nil:
		p.fail(f.entries["through"].key, join(field, "through"), "is only for kind: proxy",
			"remove through, or set kind: proxy if url is a proxy")
	case through != nil:
		t.Through = p.throughURL(through, join(field, "through"))
	}
}

// kind returns the target kind.
func (p *parser) kind(n *yamlNode, field string) Kind {
	s := p.text(n, field)
	switch k := Kind(s); {
	case p.failed():
	case k == Origin || k == Proxy:
		return k
	case Kind(strings.ToLower(s)) == Origin || Kind(strings.ToLower(s)) == Proxy:
		p.fail(n, field, "must be lower case", "write "+strings.ToLower(s))
	default:
		p.fail(n, field, "must be origin or proxy", "origin: the server answers 401; proxy: it answers 407")
	}
	return Origin
}
