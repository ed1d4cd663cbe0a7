package farm

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/authspec/authspec/refserver"
)

// handler answers every request of one farm server.
type handler struct {
	resources int
	delay     time.Duration
	sleep     func(time.Duration)
}

// NewHandler returns the farm's handler: resources /r/0 … /r/resources-1
// demand Basic credentials (Username, Password); every answer, whatever it
// is, comes after delay, waited with sleep (time.Sleep when nil). The delay
// stands for a real server's latency, which is what a whole run waits on.
func NewHandler(resources int, delay time.Duration, sleep func(time.Duration)) http.Handler {
	if sleep == nil {
		sleep = time.Sleep
	}
	return &handler{resources: resources, delay: delay, sleep: sleep}
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// Sleep even for a zero delay, so the hook sees every answer.
	h.sleep(h.delay)
	switch {
	case !h.isResource(r.URL.Path):
		writeProblem(w, r, http.StatusNotFound, "There is no such resource: the farm serves /r/0 to /r/"+strconv.Itoa(h.resources-1)+".")
	case !authorized(r):
		w.Header().Set("WWW-Authenticate", Challenge)
		writeProblem(w, r, http.StatusUnauthorized, "Send Basic credentials (RFC 7617) for realm \""+Realm+"\".")
	case r.Method != http.MethodGet && r.Method != http.MethodHead:
		w.Header().Set("Allow", "GET, HEAD")
		writeProblem(w, r, http.StatusMethodNotAllowed, "Only GET and HEAD are served.")
	default:
		refserver.WriteBody(w, r, http.StatusOK, "application/json", []byte(`{"resource":"`+r.URL.Path+`"}`))
	}
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
