package farm

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// problem is an RFC 9457 problem details object. Type "about:blank" makes
// Title the status code's reason phrase (§4.2.1).
type problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
}

// writeProblem sends a refusal with a problem+json body that explains it,
// the diagnostic body authspec requires of every 401. Detail is a fixed
// sentence: nothing the client sent is echoed.
func writeProblem(w http.ResponseWriter, r *http.Request, status int, detail string) {
	body, _ := json.Marshal(problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: detail})
	writeBody(w, r, status, "application/problem+json", body)
}

// writeBody sets Content-Type, an exact Content-Length and Cache-Control:
// no-store, then writes body unless the method is HEAD, which gets the
// same header fields and no content (RFC 9110 §9.3.2).
func writeBody(w http.ResponseWriter, r *http.Request, status int, contentType string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}
