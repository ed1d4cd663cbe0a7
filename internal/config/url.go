package config

import (
	"net"
	"net/url"
	"strconv"
	"strings"
)

// targetURL returns the origin a target is probed at: scheme://host[:port]
// with no trailing slash, or BuiltinReference. A path is refused rather
// than treated as a prefix, so a resource path in a report is exactly the
// path that was requested.
func (p *parser) targetURL(n *yamlNode, field string) string {
	s, literal := p.expand(n, field)
	if p.failed() {
		return ""
	}
	s = strings.TrimSpace(s)
	if s == BuiltinReference {
		return s
	}
	if strings.HasPrefix(s, "builtin:") {
		p.fail(n, field, "names an unknown built-in server", "write "+BuiltinReference)
		return ""
	}
	u := p.absoluteURL(n, field, s, []string{"http", "https"})
	if u == nil {
		return ""
	}
	switch {
	case u.RawQuery != "" || u.ForceQuery:
		p.fail(n, field, "must not have a query", "put the query in a resource path, e.g. \"/search?q=x\"")
	case u.Path != "" && u.Path != "/" && !literal:
		p.fail(n, field, "must not have a path", "keep the origin in url and write the full path in each resource")
	case u.Path != "" && u.Path != "/":
		p.fail(n, field, "must not have a path ("+clip(u.EscapedPath())+")",
			"keep the origin in url and write the full path in each resource, e.g. \""+clip(strings.TrimSuffix(u.EscapedPath(), "/"))+"/me\"")
	default:
		return u.Scheme + "://" + u.Host
	}
	return ""
}

// throughURL returns the absolute http URL a proxy target is asked for.
func (p *parser) throughURL(n *yamlNode, field string) string {
	s, _ := p.expand(n, field)
	if p.failed() {
		return ""
	}
	u := p.absoluteURL(n, field, strings.TrimSpace(s), []string{"http"})
	if u == nil {
		return ""
	}
	if u.Path == "" {
		u.Path = "/"
	}
	return u.String()
}

// absoluteURL parses s as an absolute URL with one of schemes, a host, a
// valid port and neither user info nor fragment. Messages never quote the
// URL whole: it may come from the environment with a secret in it.
func (p *parser) absoluteURL(n *yamlNode, field, s string, schemes []string) *url.URL {
	want := strings.Join(schemes, " or ")
	u, err := url.Parse(s)
	switch {
	case err != nil:
		p.fail(n, field, "is not a valid URL", "write an absolute URL such as "+schemes[len(schemes)-1]+"://example.com")
	case !contains(schemes, u.Scheme):
		p.fail(n, field, "must be an absolute "+want+" URL", "write "+schemes[len(schemes)-1]+"://host[:port]")
	case u.Opaque != "" || u.Host == "" || u.Hostname() == "":
		p.fail(n, field, "has no host", "write "+u.Scheme+"://host[:port]")
	case u.User != nil:
		p.fail(n, field, "must not carry user info (user:password@)",
			"put credentials under credentials: with ${VAR} references")
	case u.Fragment != "" || strings.Contains(s, "#"):
		p.fail(n, field, "must not have a #fragment", "remove it: fragments are never sent to the server")
	case !validPort(u.Port()):
		p.fail(n, field, "has an invalid port", "write a port from 1 to 65535")
	default:
		return u
	}
	return nil
}

func validPort(s string) bool {
	if s == "" {
		return true
	}
	n, err := strconv.Atoi(s)
	return err == nil && n >= 1 && n <= 65535
}

// checkCleartext warns about credentials that would cross the network in
// clear: to an http URL whose host is not loopback, unless the target says
// allow_cleartext. It is not an error: the probe layer does not send them,
// and the report says the control checks were skipped and why.
func (p *parser) checkCleartext(f fields, field string, t Target) {
	p.checkOriginCleartext(f, field, t)
	if t.Credentials == nil || t.AllowCleartext || !strings.HasPrefix(t.URL, "http://") {
		return
	}
	u, err := url.Parse(t.URL)
	if err != nil || IsLoopbackHost(u.Hostname()) {
		return
	}
	p.warn(f.entries["credentials"].key, join(field, "credentials"),
		"valid credentials are not sent in cleartext over http to a host that is not loopback, so the control checks will be skipped; use an https url, or set allow_cleartext: true if this network is trusted")
}

// checkOriginCleartext warns, as checkCleartext does, when a proxy
// target's origin_credentials would go in the clear to a host that is not
// loopback: through an http proxy, or to an http origin.
func (p *parser) checkOriginCleartext(f fields, field string, t Target) {
	if t.OriginCredentials == nil || t.AllowCleartext {
		return
	}
	for _, raw := range []string{t.URL, t.Through} {
		u, err := url.Parse(raw)
		if err != nil || u.Scheme != "http" || IsLoopbackHost(u.Hostname()) {
			continue
		}
		p.warn(f.entries["origin_credentials"].key, join(field, "origin_credentials"),
			"the origin's valid credentials are not sent in cleartext over http to a host that is not loopback, so the Authentication-Info comparison will be skipped; use https, or set allow_cleartext: true if this network is trusted")
		return
	}
}

// IsLoopbackHost reports whether host (a URL's Hostname, without brackets
// or port) is localhost, a name under .localhost (RFC 6761 §6.3), or a
// loopback IP literal; a trailing dot is ignored, as DNS ignores it. Names
// are not resolved: loading a file does no network I/O, and the probe
// layer decides with the same answer whether to send credentials in the
// clear.
func IsLoopbackHost(host string) bool {
	h := strings.TrimSuffix(strings.ToLower(host), ".")
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}
