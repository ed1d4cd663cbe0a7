package probe

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/config"
)

func TestUnauthenticatedSendsConfiguredHeadersOnly(t *testing.T) {
	rec := &seen{}
	srv := challengeServer(t, rec, `Basic realm="test"`)
	c := newTestClient(t, testTarget(), srv.URL)
	exs := c.Unauthenticated(context.Background(), "GET", "/private?x=1")
	if len(exs) != 1 {
		t.Fatalf("%d exchanges, want 1", len(exs))
	}
	ex := exs[0]
	if ex.Err != nil || ex.Judge.Status != 401 || ex.Probe != Unauthenticated || ex.Protocol != "HTTP/1.1" {
		t.Fatalf("exchange = %+v", ex)
	}
	if ex.Duration <= 0 {
		t.Errorf("Duration = %v for an answered exchange, want > 0", ex.Duration)
	}
	if ex.URL != srv.URL+"/private?x=1" || ex.Path != "/private?x=1" || ex.Method != "GET" || ex.Judge.Method != "GET" {
		t.Errorf("URL %q Path %q Method %q", ex.URL, ex.Path, ex.Method)
	}
	if got := ex.Judge.Header.Get("WWW-Authenticate"); got != `Basic realm="test"` {
		t.Errorf("challenge = %q", got)
	}
	if string(ex.Judge.Body) != "authentication required\n" || ex.Judge.DeclaredLength != 24 {
		t.Errorf("body %q, declared %d", ex.Judge.Body, ex.Judge.DeclaredLength)
	}
	r := rec.all()[0]
	if r.Header.Get("User-Agent") != "authspec/"+Version+" (+conformance suite)" || r.Header.Get("X-Env") != "staging" {
		t.Errorf("server saw header %v", r.Header)
	}
	if _, ok := r.Header["Authorization"]; ok {
		t.Error("unauthenticated request carried Authorization")
	}
	if r.URL.RequestURI() != "/private?x=1" {
		t.Errorf("server saw %s", r.URL.RequestURI())
	}
	if !strings.HasPrefix(ex.Evidence().Request, "GET /private?x=1 HTTP/1.1\n") || !strings.Contains(ex.Evidence().Request, "X-Env: staging") {
		t.Errorf("request evidence:\n%s", ex.Evidence().Request)
	}
	if !strings.HasPrefix(ex.Evidence().Response, "HTTP/1.1 401 Unauthorized\n") || !strings.Contains(ex.Evidence().Response, "authentication required") {
		t.Errorf("response evidence:\n%s", ex.Evidence().Response)
	}
	if c.Requests() != 1 {
		t.Errorf("Requests() = %d", c.Requests())
	}
}

func TestBaseURLPathIsAPrefix(t *testing.T) {
	rec := &seen{}
	srv := challengeServer(t, rec, `Basic realm="test"`)
	c := newTestClient(t, testTarget(), srv.URL+"/api/")
	c.Unauthenticated(context.Background(), "GET", "/users")
	if got := rec.all()[0].URL.Path; got != "/api/users" {
		t.Errorf("server saw %s, want /api/users", got)
	}
}

func TestBadCredentialsPerScheme(t *testing.T) {
	rec := &seen{}
	srv := challengeServer(t, rec, `Basic realm="b"`, `Bearer realm="api"`, `Digest realm="d", nonce="abc", qop="auth", opaque="op"`, `Foo x=1`)
	c := newTestClient(t, testTarget(), srv.URL)
	offered := []checks.Challenge{
		ch("Basic", "realm", "b"), ch("Bearer", "realm", "api"),
		ch("Digest", "realm", "d", "nonce", "abc", "qop", "auth", "opaque", "op"), ch("Foo", "x", "1"),
	}
	exs := c.BadCredentials(context.Background(), "GET", "/p", offered)
	variants := map[string]*Exchange{}
	for _, ex := range exs {
		variants[ex.Variant] = ex
		if ex.Probe != BadCredentials || ex.Err != nil || ex.Judge.Status != 401 {
			t.Errorf("%s: %+v", ex.Variant, ex)
		}
	}
	for _, v := range []string{"basic", "bearer", "digest", "foo"} {
		if variants[v] == nil {
			t.Fatalf("no %q variant among %d exchanges", v, len(exs))
		}
	}
	got := map[string]string{}
	for _, r := range rec.all() {
		v := r.Header.Get("Authorization")
		got[strings.ToLower(strings.SplitN(v, " ", 2)[0])] = v
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(got["basic"], "Basic "))
	if err != nil || !strings.Contains(string(raw), ":") {
		t.Errorf("Basic %q: not base64 of user:pass", got["basic"])
	}
	if tok := strings.TrimPrefix(got["bearer"], "Bearer "); len(tok) < 20 || strings.Trim(tok, token68Alphabet) != "" {
		t.Errorf("Bearer %q: not a token68", got["bearer"])
	}
	if tok := strings.TrimPrefix(got["foo"], "Foo "); tok == got["foo"] || strings.Trim(tok, token68Alphabet) != "" {
		t.Errorf("Foo %q: not a token68", got["foo"])
	}
	p := authParams(got["digest"])
	if p["realm"] != "d" || p["nonce"] != "abc" || p["opaque"] != "op" || p["qop"] != "auth" || p["nc"] != "00000001" ||
		p["uri"] != "/p" || len(p["response"]) != 32 || p["cnonce"] == "" {
		t.Errorf("Digest %q: malformed", got["digest"])
	}
	if variants["basic"].Judge.SentAuthorization != got["basic"] || len(variants["basic"].Judge.Secrets) == 0 {
		t.Errorf("Judge does not record what was sent: %+v", variants["basic"].Judge)
	}
	// Random bad credentials are not the client's secrets.
	if len(c.Secrets()) != 0 {
		t.Errorf("Secrets() = %v without configured credentials", c.Secrets())
	}
}

func TestDigestVariantNamesWhenSeveral(t *testing.T) {
	offered := []checks.Challenge{
		ch("Digest", "realm", "d", "nonce", "1", "algorithm", "SHA-256"),
		ch("Digest", "realm", "d", "nonce", "2"),
		ch("Digest", "realm", "d", "nonce", "3", "algorithm", "SHA-512-256-sess"),
	}
	names := digestVariantNames(offered)
	if names[0] != "digest-sha-256" || names[1] != "digest-md5" || names[2] != "digest-sha-512-256-sess" {
		t.Errorf("names = %v", names)
	}
}

func TestMalformedVariants(t *testing.T) {
	rec := &seen{}
	srv := challengeServer(t, rec, `Basic realm="b"`)
	c := newTestClient(t, testTarget(), srv.URL)
	exs := c.Malformed(context.Background(), "GET", "/")
	if len(exs) != 7 {
		t.Fatalf("%d exchanges, want 7", len(exs))
	}
	reqs := rec.all()
	want := map[string]func(v []string) bool{
		"empty":          func(v []string) bool { return len(v) == 1 && v[0] == "" },
		"scheme-only":    func(v []string) bool { return v[0] == "Basic" },
		"bad-base64":     func(v []string) bool { return v[0] == "Basic !!!notbase64" },
		"unknown-scheme": func(v []string) bool { return v[0] == "Xyzzy abc" },
		"oversized":      func(v []string) bool { return len(v[0]) == 8192 && strings.HasPrefix(v[0], "Basic AAAA") },
		"extra-spaces":   func(v []string) bool { return strings.HasPrefix(v[0], "Basic    ") && len(v[0]) > 12 },
		"no-colon": func(v []string) bool {
			raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(v[0], "Basic "))
			return err == nil && !strings.Contains(string(raw), ":")
		},
	}
	// The first goes alone, the others at once: match each exchange with
	// the request the server saw carrying what it sent.
	if len(reqs) != len(exs) {
		t.Fatalf("the server saw %d requests, want %d", len(reqs), len(exs))
	}
	if exs[0].Variant != "empty" || len(reqs[0].Header["Authorization"]) != 1 || reqs[0].Header["Authorization"][0] != "" {
		t.Errorf("the first request the server saw is %q, want the empty value of the first variant", reqs[0].Header["Authorization"])
	}
	matched := map[int]bool{}
	for _, ex := range exs {
		check := want[ex.Variant]
		found := false
		for i, r := range reqs {
			v, ok := r.Header["Authorization"]
			if ok && !matched[i] && len(v) == 1 && v[0] == ex.Judge.SentAuthorization && check != nil && check(v) {
				matched[i], found = true, true
				break
			}
		}
		if !found {
			t.Errorf("variant %q (sent %.40q): no request the server saw carries it", ex.Variant, ex.Judge.SentAuthorization)
		}
	}
}

func TestRepeatedConnections(t *testing.T) {
	rec := &seen{}
	srv := challengeServer(t, rec, `Basic realm="b"`)
	c := newTestClient(t, testTarget(), srv.URL)
	exs := c.Repeated(context.Background(), "GET", "/", []checks.Challenge{ch("Basic", "realm", "b")})
	if len(exs) != 3 {
		t.Fatalf("%d exchanges", len(exs))
	}
	wantReused := map[string]bool{"first": false, "same-connection": true, "new-connection": false}
	for _, ex := range exs {
		if ex.ConnReused != wantReused[ex.Variant] {
			t.Errorf("%s: ConnReused = %v", ex.Variant, ex.ConnReused)
		}
	}
	reqs := rec.all()
	if reqs[0].RemoteAddr != reqs[1].RemoteAddr || reqs[1].RemoteAddr == reqs[2].RemoteAddr {
		t.Errorf("remote addrs %s %s %s: want same, same, different", reqs[0].RemoteAddr, reqs[1].RemoteAddr, reqs[2].RemoteAddr)
	}
	a := reqs[0].Header.Get("Authorization")
	if a == "" || reqs[1].Header.Get("Authorization") != a || reqs[2].Header.Get("Authorization") != a {
		t.Errorf("credentials differ between repeats")
	}
}

// digestServer checks Digest credentials with its own computation of RFC
// 7616 (MD5 and SHA-256, qop=auth) and answers 200 or 401.
func digestServer(t *testing.T, user, pass string) (*httptest.Server, *seen) {
	rec := &seen{}
	const realm, nonce, opaque = "digest@test", "bm9uY2UtMQ", "b3BhcXVl"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.add(r)
		p := authParams(r.Header.Get("Authorization"))
		h := md5hex
		if p["algorithm"] == "SHA-256" {
			h = sha256hex
		}
		ha1 := h(p["username"] + ":" + realm + ":" + pass)
		want := h(ha1 + ":" + nonce + ":" + p["nc"] + ":" + p["cnonce"] + ":auth:" + h(r.Method+":"+r.URL.RequestURI()))
		if strings.EqualFold(strings.SplitN(r.Header.Get("Authorization"), " ", 2)[0], "digest") &&
			p["username"] == user && p["opaque"] == opaque && p["uri"] == r.URL.RequestURI() && p["response"] == want {
			w.Write([]byte("welcome"))
			return
		}
		w.Header().Add("WWW-Authenticate", `Digest realm="`+realm+`", qop="auth", algorithm=SHA-256, nonce="`+nonce+`", opaque="`+opaque+`"`)
		w.Header().Add("WWW-Authenticate", `Digest realm="`+realm+`", qop="auth", algorithm=MD5, nonce="`+nonce+`", opaque="`+opaque+`"`)
		w.WriteHeader(http.StatusUnauthorized)
	}))
	t.Cleanup(srv.Close)
	return srv, rec
}

func digestOffer() []checks.Challenge {
	return []checks.Challenge{
		ch("Digest", "realm", "digest@test", "qop", "auth", "algorithm", "SHA-256", "nonce", "bm9uY2UtMQ", "opaque", "b3BhcXVl"),
		ch("Digest", "realm", "digest@test", "qop", "auth", "algorithm", "MD5", "nonce", "bm9uY2UtMQ", "opaque", "b3BhcXVl"),
	}
}

func TestControlDigestAcceptedByServer(t *testing.T) {
	srv, _ := digestServer(t, "alice", "s3cret-pass")
	tg := testTarget()
	tg.Credentials = &config.Credentials{Username: "alice", Password: "s3cret-pass"}
	c := newTestClient(t, tg, srv.URL)
	exs, skip := c.Control(context.Background(), "GET", "/doc?id=7", digestOffer())
	if skip != "" {
		t.Fatal(skip)
	}
	got := map[string]int{}
	for _, ex := range exs {
		got[ex.Variant] = ex.Judge.Status
	}
	for _, v := range []string{"digest-sha-256", "digest-md5", "scheme-case"} {
		if got[v] != 200 {
			t.Errorf("variant %s: status %d, want 200 (all: %v)", v, got[v], got)
		}
	}
	// Wrong passwords computed the same way are refused.
	bad := c.BadCredentials(context.Background(), "GET", "/doc", digestOffer())
	for _, ex := range bad {
		if ex.Judge.Status != 401 {
			t.Errorf("bad %s: status %d", ex.Variant, ex.Judge.Status)
		}
	}
}

func TestControlBasicAndBearer(t *testing.T) {
	rec := &seen{}
	srv := challengeServer(t, rec, `Basic realm="b"`, `Bearer realm="b"`)
	tg := testTarget()
	tg.Credentials = &config.Credentials{Username: "bob", Password: "pa55word!", Token: "tok-abcdef123"}
	c := newTestClient(t, tg, srv.URL)
	exs, skip := c.Control(context.Background(), "GET", "/", []checks.Challenge{ch("Basic", "realm", "b"), ch("bearer", "realm", "b")})
	if skip != "" || len(exs) != 3 {
		t.Fatalf("skip %q, %d exchanges", skip, len(exs))
	}
	want := []string{"Basic " + basicToken("bob", "pa55word!"), "Bearer tok-abcdef123", "bAsIc " + basicToken("bob", "pa55word!")}
	for i, r := range rec.all() {
		if got := r.Header.Get("Authorization"); got != want[i] {
			t.Errorf("request %d (%s): Authorization %q, want %q", i, exs[i].Variant, got, want[i])
		}
	}
	if exs[2].Variant != "scheme-case" {
		t.Errorf("third variant %q", exs[2].Variant)
	}
}

func TestControlSkips(t *testing.T) {
	tg := testTarget()
	c := newTestClient(t, tg, "http://127.0.0.1:1")
	if _, skip := c.Control(context.Background(), "GET", "/", nil); !strings.Contains(skip, "no credentials") {
		t.Errorf("skip = %q", skip)
	}
	tg.Credentials = &config.Credentials{Username: "u", Password: "p"}
	c = newTestClient(t, tg, "http://api.example.invalid")
	exs, skip := c.Control(context.Background(), "GET", "/", []checks.Challenge{ch("Basic", "realm", "r")})
	if len(exs) != 0 || !strings.Contains(skip, "allow_cleartext: true") {
		t.Errorf("skip = %q, %d exchanges", skip, len(exs))
	}
	if c.Requests() != 0 {
		t.Errorf("%d requests sent", c.Requests())
	}
}

func TestConcurrencyLimitHonoured(t *testing.T) {
	var mu sync.Mutex
	inFlight, maxInFlight := 0, 0
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inFlight++
		if inFlight > maxInFlight {
			maxInFlight = inFlight
		}
		mu.Unlock()
		<-release
		mu.Lock()
		inFlight--
		mu.Unlock()
		w.WriteHeader(401)
	}))
	defer srv.Close()
	tg := testTarget()
	tg.Concurrency = 2
	c := newTestClient(t, tg, srv.URL)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.Unauthenticated(context.Background(), "GET", "/")
		}()
	}
	// Each round: wait until the limit is reached (or all remaining
	// requests are in), give extra requests a moment to slip through if
	// the limit were broken, then let one finish.
	for remaining := 8; remaining > 0; remaining-- {
		want := min(2, remaining)
		for {
			mu.Lock()
			n := inFlight
			mu.Unlock()
			if n >= want {
				break
			}
			time.Sleep(time.Millisecond)
		}
		time.Sleep(10 * time.Millisecond)
		release <- struct{}{}
	}
	wg.Wait()
	if maxInFlight != 2 {
		t.Errorf("max in flight = %d, limit 2", maxInFlight)
	}
	if c.Requests() != 8 {
		t.Errorf("Requests() = %d", c.Requests())
	}
}

// One response does not decide how many credentials are sent: at most one
// per registered scheme, MaxDigestAnswers Digest challenges and
// MaxOtherSchemes others, and the rest are counted, not lost.
func TestAnsweredChallengesAreCapped(t *testing.T) {
	var offered []checks.Challenge
	for i := range 2000 {
		offered = append(offered, checks.Challenge{Scheme: fmt.Sprintf("S%d", i)})
	}
	for range 300 {
		offered = append(offered, checks.Challenge{Scheme: "Digest"})
	}
	// Every registered scheme twice (Digest among them: 302 Digest in all).
	for _, s := range checks.RegisteredSchemes() {
		offered = append(offered, checks.Challenge{Scheme: s.Name}, checks.Challenge{Scheme: s.Name})
	}
	picked, capped := answered(offered)
	registered := len(checks.RegisteredSchemes()) - 1 // Digest is capped apart
	if want := MaxOtherSchemes + MaxDigestAnswers + registered; len(picked) != want {
		t.Errorf("%d challenges answered, want %d", len(picked), want)
	}
	if want := 2000 - MaxOtherSchemes + 300 + 2 - MaxDigestAnswers; capped != want || UnansweredChallenges(offered) != want {
		t.Errorf("%d challenges counted as left out, want %d", capped, want)
	}
	c := newTestClient(t, testTarget(), "http://127.0.0.1:1")
	if vs := c.badVariants(offered); len(vs) != len(picked) {
		t.Errorf("%d wrong credentials made, want %d", len(vs), len(picked))
	}
	// A small, ordinary offer is answered whole.
	small := []checks.Challenge{{Scheme: "Basic"}, {Scheme: "Bearer"}, {Scheme: "Digest"}, {Scheme: "Digest"}, {Scheme: "X-Custom"}}
	if picked, capped := answered(small); len(picked) != 5 || capped != 0 {
		t.Errorf("small offer: %d answered, %d left out; want 5 and 0", len(picked), capped)
	}
}
