package farm

import (
	"encoding/json"
	"net/http"

	"github.com/authspec/authspec/refserver"
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
	refserver.WriteBody(w, r, status, "application/problem+json", body)
}
