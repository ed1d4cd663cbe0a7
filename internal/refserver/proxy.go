package refserver

import "net/http"

// serveProxy answers a request sent to the reference as a forward proxy
// (absolute-form, or CONNECT). It demands Basic proxy authentication
// (RFC 9110 §11.7, §15.5.8) and, once given, answers the request itself
// with generated content. It never opens a connection anywhere: the
// reference must not send traffic beyond loopback.
func serveProxy(w http.ResponseWriter, r *http.Request) {
	c := readCredentials(r.Header.Values("Proxy-Authorization"))
	v := checkBasic(c, Username, Password)
	if v != accepted {
		writeProblem(w, r, answer{
			status:     http.StatusProxyAuthRequired,
			field:      "Proxy-Authenticate",
			challenges: []string{basicChallenge(ProxyRealm)},
			detail:     proxyDetail(c, v),
		})
		return
	}
	if r.Method == http.MethodConnect {
		writeProblem(w, r, answer{status: http.StatusNotImplemented,
			detail: "The reference proxy does not open tunnels."})
		return
	}
	writeJSON(w, r, http.StatusOK, map[string]any{
		"proxy":     "authspec reference",
		"forwarded": false,
		"note":      "The reference proxy answers every authenticated request itself; nothing was forwarded.",
	})
}

func proxyDetail(c credentials, v verdict) string {
	switch {
	case !c.present:
		return "This proxy requires authentication. Send Basic credentials in Proxy-Authorization."
	case v == noCredentials:
		return "The Proxy-Authorization header field names a scheme this proxy does not accept; it accepts Basic."
	case v == malformed:
		return "The Proxy-Authorization header field could not be parsed as Basic credentials."
	}
	return "The proxy credentials sent were not accepted."
}
