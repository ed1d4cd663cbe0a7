// Package refserver is authspec's conformant reference server: what
// `url: builtin:reference` starts on a loopback port, so that a run shows
// what a server that gets every 401 right looks like.
//
// It protects one resource per scheme (see Resources), answers every
// refusal with a challenge and an RFC 9457 problem details body, and, when
// a request arrives in absolute-form, acts as a forward proxy that demands
// Basic proxy authentication. It never forwards anything: the "proxied"
// answer is generated on the spot, so no traffic ever leaves loopback.
package refserver

import (
	"net"
	"net/http"
	"strings"
	"time"
)

// Server is a running reference server.
type Server struct {
	// URL is the base URL, e.g. "http://127.0.0.1:40123".
	URL string

	srv     *http.Server
	ln      net.Listener
	handler *handler
}

// Resources returns the protected paths:
//
//	/basic/     Basic
//	/digest/    Digest, SHA-256 preferred, then MD5
//	/bearer/    Bearer
//	/multi/     Basic and Bearer, each challenge on its own field line; also takes POST
//	/combined/  Basic and Bearer, both challenges on one field line
func Resources() []string {
	return []string{"/basic/", "/digest/", "/bearer/", "/multi/", "/combined/"}
}

// Start listens on 127.0.0.1 on a free port and serves until Close.
func Start() (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	h := newHandler()
	s := &Server{
		URL:     "http://" + ln.Addr().String(),
		handler: h,
		ln:      ln,
		srv: &http.Server{
			Handler:           h,
			ReadHeaderTimeout: 10 * time.Second,
			IdleTimeout:       30 * time.Second,
		},
	}
	go s.srv.Serve(ln) // returns when Close closes the listener
	return s, nil
}

// Close stops the server and closes every connection.
func (s *Server) Close() {
	s.srv.Close()
	s.ln.Close() // in case Serve has not taken it over yet
}

// handler routes the reference server's requests.
type handler struct {
	digest *Digest
}

func newHandler() *handler {
	return &handler{digest: NewDigest(Realm, Username, Password, "SHA-256", "MD5")}
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.IsAbs() || r.Method == http.MethodConnect {
		serveProxy(w, r)
		return
	}
	path := r.URL.Path
	if serveOAuthMetadata(w, r) {
		return
	}
	switch {
	case path == "/":
		writeJSON(w, r, http.StatusOK, map[string]any{
			"server":    "authspec reference",
			"protected": Resources(),
		})
	case under(path, "/basic/"):
		guard(w, r, basicOnly(r))
	case under(path, "/digest/"):
		h.serveDigest(w, r)
	case under(path, "/bearer/"):
		guard(w, r, bearerOnly(r))
	case under(path, "/multi/"):
		guardWrite(w, r, basicOrBearer(r, false))
	case under(path, "/combined/"):
		guard(w, r, basicOrBearer(r, true))
	default:
		writeProblem(w, r, answer{status: http.StatusNotFound,
			detail: "There is nothing here. The protected resources are " + strings.Join(Resources(), ", ") + "."})
	}
}

func under(path, prefix string) bool {
	return strings.HasPrefix(path, prefix)
}

// guard sends either the resource (status 200) or the refusal.
func guard(w http.ResponseWriter, r *http.Request, a answer) {
	markPrivate(w, a)
	if a.status == http.StatusOK {
		serveResource(w, r)
		return
	}
	writeProblem(w, r, a)
}

// guardWrite is guard for a resource that also takes POST: the shipped
// targets.yaml declares POST on /multi/, and a declared method must reach
// the resource once the credentials are valid.
func guardWrite(w http.ResponseWriter, r *http.Request, a answer) {
	markPrivate(w, a)
	if a.status == http.StatusOK && r.Method == http.MethodPost {
		writeJSON(w, r, http.StatusOK, map[string]any{
			"resource":      r.URL.Path,
			"authenticated": true,
			"accepted":      true,
		})
		return
	}
	guard(w, r, a)
}

// markPrivate sets Cache-Control: private on the resource served to a
// token in the query (RFC 6750 §2.3: "Server success (2XX status)
// responses to these requests SHOULD contain a Cache-Control header with
// the "private" option"), keeping the reference's no-store.
func markPrivate(w http.ResponseWriter, a answer) {
	if a.viaQuery && a.status == http.StatusOK {
		w.Header().Set("Cache-Control", "private, no-store")
	}
}

// serveResource answers an authenticated request. Only GET and HEAD are
// served: authentication comes first, then the method.
func serveResource(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeProblem(w, r, answer{status: http.StatusMethodNotAllowed,
			detail: "This resource can only be read with GET or HEAD."})
		return
	}
	writeJSON(w, r, http.StatusOK, map[string]any{
		"resource":      r.URL.Path,
		"authenticated": true,
	})
}

// Fixed explanations. None of them repeats anything the client sent.
const (
	detailMissing     = "This resource requires authentication. Send credentials in one of the schemes offered in WWW-Authenticate."
	detailMalformed   = "The Authorization header field could not be parsed as credentials of the scheme it names."
	detailRejected    = "The credentials sent were not accepted. Check the user name and password or the token."
	detailUnsupported = "The Authorization header field names a scheme this resource does not accept; see WWW-Authenticate for the ones it does."
	detailEmpty       = "The Authorization header field is empty. Send credentials in one of the schemes offered in WWW-Authenticate."
)

// refusal builds a 401 answer.
func refusal(detail string, challenges ...string) answer {
	return answer{status: http.StatusUnauthorized, field: "WWW-Authenticate", challenges: challenges, detail: detail}
}

// whyRefused explains a refusal from the credentials and the verdict of
// the scheme they claim.
func whyRefused(c credentials, v verdict) string {
	switch {
	case !c.present:
		return detailMissing
	case c.scheme == "" && c.rest == "":
		return detailEmpty
	case v == noCredentials:
		return detailUnsupported
	case v == malformed:
		return detailMalformed
	}
	return detailRejected
}

func basicOnly(r *http.Request) answer {
	c := readCredentials(r.Header.Values("Authorization"))
	v := checkBasic(c, Username, Password)
	if v == accepted {
		return answer{status: http.StatusOK}
	}
	return refusal(whyRefused(c, v), basicChallenge(Realm))
}

// bearerOnly follows RFC 6750 §3.1: no error code when no Bearer token was
// sent; invalid_token (401) for a wrong token; invalid_request (400) for a
// malformed Bearer credential, and for a token sent both in Authorization
// and in the query (§2). A token in the query alone is taken (§2.3).
func bearerOnly(r *http.Request) answer {
	c := readCredentials(r.Header.Values("Authorization"))
	q := readQueryToken(r, c, Token)
	if q.twoWays {
		return twoWaysRequest(bearerTwoWaysChallenge(Realm, metadataURL(r)))
	}
	v := checkBearer(c, Token)
	if q.present {
		v = q.verdict
	}
	switch v {
	case accepted:
		return answer{status: http.StatusOK, viaQuery: q.present}
	case malformed:
		return badBearerRequest(bearerChallenge(Realm, "invalid_request", metadataURL(r)))
	case rejected:
		return refusal(detailRejected, bearerChallenge(Realm, "invalid_token", metadataURL(r)))
	default:
		return refusal(whyRefused(c, v), bearerChallenge(Realm, "", metadataURL(r)))
	}
}

func badBearerRequest(challenges ...string) answer {
	return answer{status: http.StatusBadRequest, field: "WWW-Authenticate", challenges: challenges,
		detail: "The Bearer credential is malformed: RFC 6750 §2.1 expects the scheme, one or more spaces, and a token."}
}

// twoWaysRequest is the 400 invalid_request of RFC 6750 §3.1 to a request
// that "uses more than one method for including an access token".
func twoWaysRequest(challenges ...string) answer {
	return answer{status: http.StatusBadRequest, field: "WWW-Authenticate", challenges: challenges,
		detail: "The access token was sent in more than one way: RFC 6750 §2 allows one per request. Send it in the Authorization header field only."}
}

// basicOrBearer offers both schemes; oneLine puts both challenges on a
// single field line instead of one line each. Only the challenge of the
// scheme actually used carries an error.
func basicOrBearer(r *http.Request, oneLine bool) answer {
	c := readCredentials(r.Header.Values("Authorization"))
	q := readQueryToken(r, c, Token)
	basic, bearer := checkBasic(c, Username, Password), checkBearer(c, Token)
	if q.present && !q.twoWays {
		bearer = q.verdict
	}
	if !q.twoWays && (basic == accepted || bearer == accepted) {
		return answer{status: http.StatusOK, viaQuery: q.present && bearer == accepted && basic != accepted}
	}
	bearerChallengeNow := ""
	switch {
	case q.twoWays:
		bearerChallengeNow = bearerTwoWaysChallenge(Realm, metadataURL(r))
	case bearer == malformed:
		bearerChallengeNow = bearerChallenge(Realm, "invalid_request", metadataURL(r))
	case bearer == rejected:
		bearerChallengeNow = bearerChallenge(Realm, "invalid_token", metadataURL(r))
	default:
		bearerChallengeNow = bearerChallenge(Realm, "", metadataURL(r))
	}
	challenges := []string{basicChallenge(Realm), bearerChallengeNow}
	if oneLine {
		challenges = []string{strings.Join(challenges, ", ")}
	}
	switch {
	case q.twoWays:
		return twoWaysRequest(challenges...)
	case bearer == malformed:
		return badBearerRequest(challenges...)
	}
	v := basic
	if c.is("Bearer") || q.present {
		v = bearer
	}
	return refusal(whyRefused(c, v), challenges...)
}

func (h *handler) serveDigest(w http.ResponseWriter, r *http.Request) {
	h.digest.ServeHTTP(w, r)
}

// Handler returns a fresh reference handler, for serving the reference
// behaviour over a listener of the caller's own (TLS, HTTP/2) in tests.
func Handler() http.Handler {
	return newHandler()
}
