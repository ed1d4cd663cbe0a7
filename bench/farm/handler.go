package farm

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// handler decides every answer of one farm server.
type handler struct {
	resources int
	delay     time.Duration
	sleep     func(time.Duration)
}

func newHandler(resources int, delay time.Duration, sleep func(time.Duration)) *handler {
	if sleep == nil {
		sleep = time.Sleep
	}
	return &handler{resources: resources, delay: delay, sleep: sleep}
}

// respond appends to dst the answer to req: resources /r/0 …
// /r/resources-1 demand Basic credentials (Username, Password); every
// answer, whatever it is, comes after the delay, waited with sleep. The
// delay stands for a real server's latency, which is what a whole run
// waits on.
func (h *handler) respond(dst []byte, req *request) []byte {
	// Sleep even for a zero delay, so the hook sees every answer.
	h.sleep(h.delay)
	path, _, _ := strings.Cut(req.target, "?")
	switch {
	case !h.isResource(path):
		return appendProblem(dst, req, http.StatusNotFound, "", "There is no such resource: the farm serves /r/0 to /r/"+strconv.Itoa(h.resources-1)+".")
	case !authorized(req.authorization):
		return appendProblem(dst, req, http.StatusUnauthorized, "WWW-Authenticate: "+Challenge, "Send Basic credentials (RFC 7617) for realm \""+Realm+"\".")
	case req.method != http.MethodGet && req.method != http.MethodHead:
		return appendProblem(dst, req, http.StatusMethodNotAllowed, "Allow: GET, HEAD", "Only GET and HEAD are served.")
	}
	return appendResponse(dst, req, http.StatusOK, "", "application/json", []byte(`{"resource":"`+path+`"}`))
}

// isResource reports whether path is /r/k for 0 <= k < resources, written
// the one canonical way (no sign, no leading zero).
func (h *handler) isResource(path string) bool {
	s, ok := strings.CutPrefix(path, "/r/")
	if !ok {
		return false
	}
	k, err := strconv.Atoi(s)
	return err == nil && k >= 0 && k < h.resources && strconv.Itoa(k) == s
}
