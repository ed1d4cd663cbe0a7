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
	// The refusals' bodies, made once: they are the same every time.
	notFound, unauthorized, notAllowed []byte
}

func newHandler(resources int, delay time.Duration, sleep func(time.Duration)) *handler {
	if sleep == nil {
		sleep = time.Sleep
	}
	return &handler{
		resources: resources, delay: delay, sleep: sleep,
		notFound:     problemBody(http.StatusNotFound, "There is no such resource: the farm serves /r/0 to /r/"+strconv.Itoa(resources-1)+"."),
		unauthorized: problemBody(http.StatusUnauthorized, "Send Basic credentials (RFC 7617) for realm \""+Realm+"\"."),
		notAllowed:   problemBody(http.StatusMethodNotAllowed, "Only GET and HEAD are served."),
	}
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
		return appendResponse(dst, req, http.StatusNotFound, "", problemType, h.notFound)
	case !authorized(req.authorization):
		return appendResponse(dst, req, http.StatusUnauthorized, "WWW-Authenticate: "+Challenge, problemType, h.unauthorized)
	case req.method != http.MethodGet && req.method != http.MethodHead:
		return appendResponse(dst, req, http.StatusMethodNotAllowed, "Allow: GET, HEAD", problemType, h.notAllowed)
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
