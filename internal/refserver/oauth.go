package refserver

import (
	"net/http"
	"net/url"
	"strings"
)

// The reference server is its own OAuth protected resource and its own
// authorization server's metadata host, so that authspec's discovery
// (RFC 9728, RFC 8414) passes on it: each Bearer 401 names its protected
// resource metadata in resource_metadata, the metadata is served at the
// path-inserted well-known URL (RFC 9728 §3.1) with resource identical to
// the URL requested (§3.3), and it names the reference itself as the
// authorization server, whose RFC 8414 metadata has an issuer identical to
// that identifier (§3.3). No authorization or token endpoint answers:
// authspec sends nothing but these GETs.

const (
	wellKnownResource = "/.well-known/oauth-protected-resource"
	wellKnownAS       = "/.well-known/oauth-authorization-server"
)

// origin is the reference's own origin as the client addressed it.
func origin(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// metadataURL is the protected resource metadata URL of the requested
// resource: the well-known string inserted before its path. The path is
// the one the client sent (RequestURI), not URL.Path, which a server that
// mounts the reference under another path rewrites.
func metadataURL(r *http.Request) string {
	return origin(r) + wellKnownResource + sentPath(r)
}

// sentPath is the path of the request-target as the client sent it.
func sentPath(r *http.Request) string {
	if u, err := url.ParseRequestURI(r.RequestURI); err == nil && r.RequestURI != "" && !u.IsAbs() {
		return u.EscapedPath()
	}
	return r.URL.EscapedPath()
}

// serveOAuthMetadata answers the two well-known documents; it reports
// false for any other path.
func serveOAuthMetadata(w http.ResponseWriter, r *http.Request) bool {
	path := r.URL.EscapedPath()
	switch {
	case path == wellKnownAS:
		o := origin(r)
		writeMetadata(w, r, map[string]any{
			"issuer":                           o,
			"authorization_endpoint":           o + "/authorize",
			"token_endpoint":                   o + "/token",
			"response_types_supported":         []string{"code"},
			"grant_types_supported":            []string{"authorization_code"},
			"code_challenge_methods_supported": []string{"S256"},
		})
	case strings.HasPrefix(path, wellKnownResource+"/"):
		o := origin(r)
		writeMetadata(w, r, map[string]any{
			"resource":                 o + strings.TrimPrefix(path, wellKnownResource),
			"authorization_servers":    []string{o},
			"bearer_methods_supported": []string{"header", "query"},
			"scopes_supported":         []string{bearerScope},
		})
	default:
		return false
	}
	return true
}

// writeMetadata sends a metadata document: public, so no-store is not
// needed, but the reference keeps one cache policy for everything.
func writeMetadata(w http.ResponseWriter, r *http.Request, doc map[string]any) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeProblem(w, r, answer{status: http.StatusMethodNotAllowed, detail: "Metadata is read with GET."})
		return
	}
	writeJSON(w, r, http.StatusOK, doc)
}
