package config

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// resourceKeys are the keys of a resource written as a mapping.
var resourceKeys = []string{"path", "methods"}

// resources decodes the list of protected resources of a target.
func (p *parser) resources(n *yamlNode, field string) []Resource {
	if n == nil {
		return nil
	}
	items := p.sequence(n, field, "write one '- /path' item per resource")
	if len(items) == 0 && !p.failed() {
		p.fail(n, field, "is empty", "list at least one protected path, e.g. [/api/v1/me]")
	}
	var out []Resource
	seen := map[string]int{} // path -> line
	for i, item := range items {
		if p.failed() {
			return nil
		}
		r, at := p.resource(item, index(field, i))
		if p.failed() {
			return nil
		}
		if line, dup := seen[r.Path]; dup {
			p.fail(at, index(field, i), fmt.Sprintf("path %q is listed twice (first on line %d)", r.Path, line),
				"list all its methods in one entry: {path: "+r.Path+", methods: [GET, POST]}")
			return nil
		}
		seen[r.Path] = at.Line
		r.Line = at.Line
		out = append(out, r)
	}
	return out
}

// resource decodes one resource: a path (probed with GET, or POST on an
// MCP target) or a mapping with path and methods. It returns the node of
// the path, for messages.
func (p *parser) resource(n *yamlNode, field string) (Resource, *yamlNode) {
	if isNull(n) {
		p.fail(n, field, "is empty", "write a path such as /api/v1/me")
		return Resource{}, n
	}
	if n.Kind != yaml.MappingNode {
		return Resource{Path: p.resourcePath(n, field), Methods: []string{p.resourceMethod()}}, n
	}
	f := p.mapping(n, field, resourceKeys)
	pathNode := p.required(f, field, "path", "write {path: /admin, methods: [GET, POST]}")
	if p.failed() {
		return Resource{}, n
	}
	r := Resource{Path: p.resourcePath(pathNode, join(field, "path")), Methods: []string{p.resourceMethod()}}
	if m := f.get("methods"); m != nil {
		r.Methods = p.methods(m, join(field, "methods"))
	}
	return r, pathNode
}

// resourcePath returns a valid origin-form path (with optional query).
func (p *parser) resourcePath(n *yamlNode, field string) string {
	s := p.text(n, field)
	switch {
	case p.failed():
	case strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://"):
		p.fail(n, field, fmt.Sprintf("path %q is a URL, not a path", clip(s)),
			"put the origin in url and write only the path here, starting with \"/\"")
	case !strings.HasPrefix(s, "/"):
		p.fail(n, field, fmt.Sprintf("path %q must start with \"/\"", clip(s)), fmt.Sprintf("write %q", "/"+clip(s)))
	case strings.HasPrefix(s, "//"):
		p.fail(n, field, fmt.Sprintf("path %q starts with \"//\"", clip(s)),
			"clients read \"//host\" as a host; write one leading slash")
	case strings.ContainsAny(s, "#"):
		p.fail(n, field, fmt.Sprintf("path %q has a #fragment", clip(s)), "remove it: fragments are never sent to the server")
	case strings.IndexFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f || r > 0x7e }) >= 0:
		p.fail(n, field, fmt.Sprintf("path %q has spaces, control or non-ASCII characters", clip(s)),
			"percent-encode them, e.g. %20 for a space")
	default:
		return s
	}
	return ""
}

// methods decodes a resource's list of request methods. Methods are
// case-sensitive (RFC 9110 §9.1): "post" is not POST, so lower case is
// refused rather than silently changed.
func (p *parser) methods(n *yamlNode, field string) []string {
	items := p.sequence(n, field, "write a list such as [GET, POST]")
	if len(items) == 0 && !p.failed() {
		p.fail(n, field, "is empty", "write a list such as [GET, POST], or leave methods out for GET")
	}
	var out []string
	for i, item := range items {
		if isNull(item) {
			p.fail(item, index(field, i), "is empty (~ and null are YAML's empty value, not a method)", "write a method such as GET or POST")
			return nil
		}
		m := p.text(item, index(field, i))
		switch {
		case p.failed():
			return nil
		case !isToken(m):
			p.fail(item, index(field, i), fmt.Sprintf("%q is not a method name", clip(m)), "write a method such as GET or POST")
		case m != strings.ToUpper(m):
			p.fail(item, index(field, i), fmt.Sprintf("method %q is not upper case; methods are case-sensitive", m),
				fmt.Sprintf("write %q", strings.ToUpper(m)))
		case contains(out, m):
			p.fail(item, index(field, i), "method "+m+" is listed twice", "list each method once")
		default:
			out = append(out, m)
		}
	}
	return out
}

// schemes decodes expect_schemes: auth-scheme names, which compare
// ignoring case (RFC 9110 §11.1).
func (p *parser) schemes(n *yamlNode, field string) []string {
	items := p.sequence(n, field, "write a list such as [Bearer, Basic]")
	var out []string
	for i, item := range items {
		s := p.text(item, index(field, i))
		switch {
		case p.failed():
			return nil
		case !isToken(s):
			p.fail(item, index(field, i), fmt.Sprintf("%q is not an auth-scheme name", clip(s)), "write a scheme such as Basic, Bearer or Digest")
		case containsFold(out, s):
			p.fail(item, index(field, i), "scheme "+s+" is listed twice (schemes ignore case)", "list each scheme once")
		default:
			out = append(out, s)
		}
	}
	return out
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// isToken reports whether s is an RFC 9110 token (§5.6.2).
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return false
		}
	}
	return true
}

// resourceMethod is the method of a resource written without methods.
func (p *parser) resourceMethod() string {
	if p.defaultMethod != "" {
		return p.defaultMethod
	}
	return "GET"
}
