package refserver

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// problem is an RFC 9457 problem details object. Type is left at
// "about:blank", so Title is the status code's reason phrase (§4.2.1).
type problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
}

// answer is what a guard decided about a request: either let it in
// (status 200) or refuse it with challenges and an explanation.
type answer struct {
	status int
	// field is the challenge field: WWW-Authenticate or Proxy-Authenticate.
	field string
	// challenges are written one per field line, in order.
	challenges []string
	// detail explains the refusal. It is always a fixed sentence: nothing
	// the client sent is ever repeated back.
	detail string
	// viaQuery: the token that got the resource came in the URI query
	// (RFC 6750 §2.3), so the answer is marked private too.
	viaQuery bool
}

// writeProblem sends a refusal: the challenges, then a problem+json body
// whose status matches the response's. The header fields are the same for
// GET and HEAD; HEAD gets no content (RFC 9110 §9.3.2).
func writeProblem(w http.ResponseWriter, r *http.Request, a answer) {
	h := w.Header()
	for _, c := range a.challenges {
		h.Add(a.field, c)
	}
	body, _ := json.Marshal(problem{
		Type:   "about:blank",
		Title:  http.StatusText(a.status),
		Status: a.status,
		Detail: a.detail,
	})
	WriteBody(w, r, a.status, "application/problem+json", body)
}

// writeJSON sends a small JSON document with the given status.
func writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	body, _ := json.Marshal(v)
	WriteBody(w, r, status, "application/json", body)
}

// writeBody sets Content-Type, an exact Content-Length and Cache-Control:
// no-store (an answer about credentials is nothing to keep) unless the
// caller set a Cache-Control of its own, then writes the content unless
// the method is HEAD.
func WriteBody(w http.ResponseWriter, r *http.Request, status int, contentType string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "no-store")
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}
