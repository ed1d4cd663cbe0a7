package farm

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// sleepRecorder stands in for time.Sleep: it records the delays asked for,
// so the test proves every answer is delayed without timing anything.
type sleepRecorder struct {
	mu     sync.Mutex
	delays []time.Duration
}

func (s *sleepRecorder) sleep(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delays = append(s.delays, d)
}

func (s *sleepRecorder) recorded() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.delays...)
}

// startFarm starts a two-target farm on loopback with a recorded delay.
func startFarm(t *testing.T, delay time.Duration) (*Farm, *sleepRecorder) {
	t.Helper()
	rec := &sleepRecorder{}
	f, err := Start(Config{Targets: 2, Resources: 3, Delay: delay, Sleep: rec.sleep})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	if got := len(f.URLs()); got != 2 {
		t.Fatalf("%d URLs, want 2", got)
	}
	return f, rec
}

// do sends one request on loopback and returns the response and its body.
func do(t *testing.T, method, url string, setAuth func(*http.Request)) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if setAuth != nil {
		setAuth(req)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func withBasic(user, pass string) func(*http.Request) {
	return func(r *http.Request) { r.SetBasicAuth(user, pass) }
}

func TestFarmAnswers(t *testing.T) {
	const delay = 7 * time.Millisecond
	f, rec := startFarm(t, delay)
	url := f.URLs()[1] + "/r/2"

	cases := []struct {
		name       string
		method     string
		auth       func(*http.Request)
		wantStatus int
		wantBody   bool
	}{
		{"no credentials", http.MethodGet, nil, http.StatusUnauthorized, true},
		{"wrong password", http.MethodGet, withBasic(Username, "nope"), http.StatusUnauthorized, true},
		{"malformed", http.MethodGet, func(r *http.Request) { r.Header.Set("Authorization", "Basic !!") }, http.StatusUnauthorized, true},
		{"HEAD without credentials", http.MethodHead, nil, http.StatusUnauthorized, false},
		{"valid", http.MethodGet, withBasic(Username, Password), http.StatusOK, true},
		{"valid, odd-case scheme", http.MethodGet, func(r *http.Request) {
			r.SetBasicAuth(Username, Password)
			r.Header.Set("Authorization", "bAsIc"+strings.TrimPrefix(r.Header.Get("Authorization"), "Basic"))
		}, http.StatusOK, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := do(t, tc.method, url, tc.auth)
			if resp.StatusCode != tc.wantStatus {
				t.Fatalf("status %d, want %d", resp.StatusCode, tc.wantStatus)
			}
			if (len(body) > 0) != tc.wantBody {
				t.Fatalf("body %q, want a body: %v", body, tc.wantBody)
			}
			if tc.wantStatus == http.StatusUnauthorized {
				checkRefusal(t, resp, body, tc.method)
			}
		})
	}
	for i, d := range rec.recorded() {
		if d != delay {
			t.Errorf("answer %d slept %v, want %v", i, d, delay)
		}
	}
	if got := len(rec.recorded()); got != len(cases) {
		t.Errorf("%d answers slept, want %d (one per request, HEAD included)", got, len(cases))
	}
}

// checkRefusal checks a 401: the challenge, the media type, and for a GET
// a problem details object whose status matches.
func checkRefusal(t *testing.T, resp *http.Response, body []byte, method string) {
	t.Helper()
	if got := resp.Header.Values("WWW-Authenticate"); len(got) != 1 || got[0] != `Basic realm="farm", charset="UTF-8"` {
		t.Errorf("WWW-Authenticate %q", got)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("Content-Type %q", ct)
	}
	if method == http.MethodHead {
		return
	}
	var p problem
	if err := json.Unmarshal(body, &p); err != nil || p.Status != http.StatusUnauthorized || p.Detail == "" {
		t.Errorf("body %q is not a 401 problem details object (%v)", body, err)
	}
}

func TestFarmUnknownPath(t *testing.T) {
	f, rec := startFarm(t, 0)
	for _, path := range []string{"/r/3", "/r/01", "/r/-1", "/", "/r/x"} {
		resp, _ := do(t, http.MethodGet, f.URLs()[0]+path, withBasic(Username, Password))
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", path, resp.StatusCode)
		}
	}
	if got := len(rec.recorded()); got != 5 {
		t.Errorf("%d answers slept, want 5: a 404 is delayed too", got)
	}
}

func TestStartRefusesEmptyFarm(t *testing.T) {
	if _, err := Start(Config{Targets: 0, Resources: 1}); err == nil {
		t.Error("Start accepted zero targets")
	}
}

// rawExchange writes req on a fresh connection and reads until the farm
// closes it or a second passes.
func rawExchange(t *testing.T, url, req string) string {
	t.Helper()
	c, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := io.WriteString(c, req); err != nil {
		t.Fatal(err)
	}
	c.SetReadDeadline(time.Now().Add(time.Second))
	b, _ := io.ReadAll(c)
	return string(b)
}

// The farm's own HTTP/1.1 server keeps a connection for the next request,
// closes it when asked to, answers HEAD without content, and refuses what
// it cannot read with a 400 rather than hanging.
func TestFarmServerSpeaksHTTP11(t *testing.T) {
	f, _ := startFarm(t, 0)
	url := f.URLs()[0]
	two := rawExchange(t, url, "GET /r/0 HTTP/1.1\r\nHost: a\r\n\r\nHEAD /r/1 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
	if n := strings.Count(two, "HTTP/1.1 401 Unauthorized\r\n"); n != 2 || !strings.Contains(two, "Connection: close\r\n") {
		t.Errorf("two requests on one connection got %d answers:\n%s", n, two)
	}
	if head := two[strings.LastIndex(two, "HTTP/1.1 401"):]; !strings.HasSuffix(head, "\r\n\r\n") {
		t.Errorf("the HEAD answer has content:\n%q", head)
	}
	long := rawExchange(t, url, "GET /r/0 HTTP/1.1\r\nX: "+strings.Repeat("a", maxLineBytes)+"\r\n\r\n")
	if !strings.HasPrefix(long, "HTTP/1.1 400 Bad Request\r\n") {
		t.Errorf("a line past the limit got %q", long)
	}
	body := rawExchange(t, url, "GET /r/0 HTTP/1.1\r\nContent-Length: 5\r\n\r\nhelloGET /r/1 HTTP/1.1\r\nConnection: close\r\n\r\n")
	if n := strings.Count(body, "HTTP/1.1 401 Unauthorized\r\n"); n != 2 {
		t.Errorf("a request with content then another got %d answers:\n%s", n, body)
	}
	if got := rawExchange(t, url, "NONSENSE\r\n\r\n"); !strings.HasPrefix(got, "HTTP/1.1 400 Bad Request\r\n") {
		t.Errorf("a bad request line got %q", got)
	}
}
