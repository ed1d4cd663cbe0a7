package openapi

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/authspec/authspec/internal/config"
)

// basePath returns the path every operation path is joined to:
// openapi_server when given, else the path of the first server in
// servers[] that is relative or on the target's host. A document whose
// servers are all on other hosts is an error: probing its paths on the
// target would test something else than the document describes, and
// quietly dropping the host would hide that.
func basePath(t *config.Target, d *document) (string, error) {
	if t.OpenAPI.Server != "" {
		return t.OpenAPI.Server, nil
	}
	host := targetHost(t)
	var first *Error
	for i, s := range d.t.Servers {
		if s == nil {
			continue
		}
		raw := substituteVariables(s)
		u, err := url.Parse(raw)
		if err != nil {
			return "", &Error{Document: t.OpenAPI.Written, Line: d.lines.server(i), Target: t.Name,
				Msg: fmt.Sprintf("servers[%d].url %q is not a URL", i, raw), Hint: "set openapi_server: to the base path"}
		}
		if u.Host == "" || host == "" || strings.EqualFold(u.Hostname(), host) {
			return cleanBase(u.Path), nil
		}
		if first == nil {
			first = &Error{Document: t.OpenAPI.Written, Line: d.lines.server(i), Target: t.Name,
				Msg:  fmt.Sprintf("servers[%d].url %q is on another host than the target's url (%s)", i, raw, host),
				Hint: fmt.Sprintf("if the target serves the same API, set openapi_server: %q to use that base path on url", nonEmpty(cleanBase(u.Path)))}
		}
	}
	if first != nil {
		return "", first
	}
	return "", nil
}

// targetHost is the host the operations are requested on: url's, or for a
// proxy the host of through. "" for the built-in reference server, whose
// address is only known at run time.
func targetHost(t *config.Target) string {
	raw := t.URL
	if t.Kind == config.Proxy {
		raw = t.Through
	}
	if raw == config.BuiltinReference {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Hostname()
}

// substituteVariables fills a server URL's {variables} with their defaults.
func substituteVariables(s *openapi3.Server) string {
	raw := s.URL
	for name, v := range s.Variables {
		if v != nil {
			raw = strings.ReplaceAll(raw, "{"+name+"}", v.Default)
		}
	}
	return raw
}

// cleanBase makes a server path a base path: leading slash, no trailing one.
func cleanBase(p string) string {
	p = strings.TrimRight(p, "/")
	if p != "" && !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return p
}

func nonEmpty(p string) string {
	if p == "" {
		return "/"
	}
	return p
}

// joinPath joins the base path and an operation path.
func joinPath(base, path string) string {
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	return base + path
}
