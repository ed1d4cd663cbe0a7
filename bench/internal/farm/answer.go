package farm

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// problem is an RFC 9457 problem details object. Type "about:blank" makes
// Title the status code's reason phrase (§4.2.1).
type problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
}

// problemType is the media type of the refusals' bodies.
const problemType = "application/problem+json"

// problemBody is a refusal's problem+json body, the diagnostic body
// authspec requires of every 401. Detail is a fixed sentence: nothing the
// client sent is echoed.
func problemBody(status int, detail string) []byte {
	body, _ := json.Marshal(problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: detail})
	return body
}

// appendResponse appends a whole HTTP/1.1 response: the fields net/http's
// server would send for the same answer (Date, a Content-Length, which a
// HEAD answer gives for the content it leaves out), no-store, and the
// content unless the request was a HEAD.
func appendResponse(dst []byte, req *request, status int, extra, contentType string, body []byte) []byte {
	dst = append(dst, "HTTP/1.1 "...)
	dst = strconv.AppendInt(dst, int64(status), 10)
	dst = append(dst, ' ')
	dst = append(dst, http.StatusText(status)...)
	dst = append(dst, "\r\nCache-Control: no-store\r\nContent-Length: "...)
	dst = strconv.AppendInt(dst, int64(len(body)), 10)
	dst = append(dst, "\r\nContent-Type: "...)
	dst = append(dst, contentType...)
	dst = append(dst, "\r\nDate: "...)
	dst = time.Now().UTC().AppendFormat(dst, http.TimeFormat)
	dst = append(dst, "\r\n"...)
	if extra != "" {
		dst = append(dst, extra...)
		dst = append(dst, "\r\n"...)
	}
	if req.close {
		dst = append(dst, "Connection: close\r\n"...)
	}
	dst = append(dst, "\r\n"...)
	if req.method != http.MethodHead {
		dst = append(dst, body...)
	}
	return dst
}
