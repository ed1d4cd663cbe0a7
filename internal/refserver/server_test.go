package refserver

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// startT starts a reference server for one test.
func startT(t *testing.T) *Server {
	t.Helper()
	s, err := Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	if !strings.HasPrefix(s.URL, "http://127.0.0.1:") {
		t.Fatalf("URL %q is not on loopback", s.URL)
	}
	return s
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func do(t *testing.T, method, url string, header map[string][]string) response {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, vs := range header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{res.StatusCode, res.Header, body}
}

func authz(v string) map[string][]string { return map[string][]string{"Authorization": {v}} }

func basicAuthz(user, pass string) map[string][]string {
	return authz("Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass)))
}

// assertProblem checks the diagnostic body every refusal must carry.
func assertProblem(t *testing.T, res response, status int) {
	t.Helper()
	if res.status != status {
		t.Fatalf("status %d, want %d", res.status, status)
	}
	if ct := res.header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("Content-Type %q", ct)
	}
	if cl := res.header.Get("Content-Length"); cl != strconv.Itoa(len(res.body)) {
		t.Errorf("Content-Length %q for %d bytes", cl, len(res.body))
	}
	if cc := res.header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q", cc)
	}
	var p map[string]any
	if err := json.Unmarshal(res.body, &p); err != nil {
		t.Fatalf("body is not a JSON object: %v: %s", err, res.body)
	}
	if p["status"] != float64(status) {
		t.Errorf("problem status %v, want %d", p["status"], status)
	}
	if p["title"] != http.StatusText(status) {
		t.Errorf("problem title %v", p["title"])
	}
	if d, _ := p["detail"].(string); d == "" {
		t.Error("problem has no detail")
	}
}

var (
	basicLine  = `Basic realm="authspec reference", charset="UTF-8"`
	bearerLine = `Bearer realm="authspec reference", scope="read"`
)

// bearerAt is the Bearer challenge of the resource at path on s: it names
// the resource's protected resource metadata (RFC 9728 §5.1).
func bearerAt(s *Server, path string) string {
	return bearerLine + `, resource_metadata="` + s.URL + `/.well-known/oauth-protected-resource` + path + `"`
}

func TestUnauthenticatedChallenges(t *testing.T) {
	s := startT(t)
	cases := map[string][]string{
		"/basic/":    {basicLine},
		"/bearer/":   {bearerAt(s, "/bearer/")},
		"/multi/":    {basicLine, bearerAt(s, "/multi/")},
		"/combined/": {basicLine + ", " + bearerAt(s, "/combined/")},
	}
	for path, want := range cases {
		t.Run(path, func(t *testing.T) {
			res := do(t, "GET", s.URL+path, nil)
			assertProblem(t, res, 401)
			if got := res.header.Values("WWW-Authenticate"); !slices.Equal(got, want) {
				t.Errorf("WWW-Authenticate %q, want %q", got, want)
			}
		})
	}
}

func TestDigestChallengeShape(t *testing.T) {
	s := startT(t)
	res := do(t, "GET", s.URL+"/digest/", nil)
	assertProblem(t, res, 401)
	lines := res.header.Values("WWW-Authenticate")
	if len(lines) != 2 {
		t.Fatalf("want two Digest challenges, got %q", lines)
	}
	for i, alg := range []string{"SHA-256", "MD5"} {
		p := challengeParams(t, lines[i], "Digest")
		if p["algorithm"] != alg || p["qop"] != "auth" || p["realm"] != Realm || p["nonce"] == "" || p["opaque"] == "" {
			t.Errorf("challenge %d: %q", i, lines[i])
		}
		for _, quoted := range []string{"realm", "qop", "nonce", "opaque"} {
			if !strings.Contains(lines[i], quoted+`="`) {
				t.Errorf("%s not quoted in %q", quoted, lines[i])
			}
		}
		if strings.Contains(lines[i], `algorithm="`) {
			t.Errorf("algorithm quoted in %q", lines[i])
		}
	}
}

func TestValidCredentials(t *testing.T) {
	s := startT(t)
	bearer := authz("Bearer " + Token)
	cases := []struct {
		path   string
		header map[string][]string
	}{
		{"/basic/", basicAuthz(Username, Password)},
		{"/basic/", authz("bAsIc " + base64.StdEncoding.EncodeToString([]byte(Username+":"+Password)))},
		{"/basic/", authz("Basic    " + base64.StdEncoding.EncodeToString([]byte(Username+":"+Password)))},
		{"/bearer/", bearer},
		{"/bearer/", authz("BEARER " + Token)},
		{"/multi/", basicAuthz(Username, Password)},
		{"/multi/", bearer},
		{"/combined/", bearer},
		{"/combined/", basicAuthz(Username, Password)},
	}
	for _, c := range cases {
		res := do(t, "GET", s.URL+c.path, c.header)
		if res.status != 200 || res.header.Get("Content-Type") != "application/json" {
			t.Errorf("%s %v: status %d, %s", c.path, c.header, res.status, res.body)
		}
		if res.header.Get("WWW-Authenticate") != "" {
			t.Errorf("%s: challenge on a 200", c.path)
		}
		if strings.Contains(string(res.body), Password) || strings.Contains(string(res.body), Token) {
			t.Errorf("%s: body repeats a credential", c.path)
		}
	}
}

// TestMalformedCredentials sends broken Authorization fields: each gets a
// refusal with a challenge and a body, never a 5xx and never a 200.
func TestMalformedCredentials(t *testing.T) {
	s := startT(t)
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	cases := []struct {
		name, path, value string
		status            int
		bearerError       string
	}{
		{"bad base64", "/basic/", "Basic %%%notbase64", 401, ""},
		{"no colon", "/basic/", "Basic " + b64("authspecnocolon"), 401, ""},
		{"empty", "/basic/", "", 401, ""},
		{"scheme only", "/basic/", "Basic", 401, ""},
		{"unknown scheme", "/basic/", "Frobnicate abc", 401, ""},
		{"huge", "/basic/", "Basic " + strings.Repeat("QUFB", 2048), 401, ""},
		{"several spaces", "/basic/", "Basic   " + b64("x:y"), 401, ""},
		{"wrong password", "/basic/", "Basic " + b64(Username+":nope"), 401, ""},
		{"user with colon", "/basic/", "Basic " + b64("a:uthspec:"+Password), 401, ""},
		{"bearer none", "/bearer/", "", 401, ""},
		{"bearer other scheme", "/bearer/", "Basic " + b64(Username+":"+Password), 401, ""},
		{"bearer wrong", "/bearer/", "Bearer wrongtoken", 401, "invalid_token"},
		{"bearer scheme only", "/bearer/", "Bearer", 400, "invalid_request"},
		{"bearer bad chars", "/bearer/", "Bearer a,b", 400, "invalid_request"},
		{"multi bearer wrong", "/multi/", "Bearer wrongtoken", 401, "invalid_token"},
		{"multi basic wrong", "/multi/", "Basic " + b64("x:y"), 401, ""},
		{"digest garbage", "/digest/", `Digest username="x", realm=`, 401, ""},
		{"digest scheme only", "/digest/", "Digest", 401, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := do(t, "GET", s.URL+c.path, authz(c.value))
			assertProblem(t, res, c.status)
			lines := res.header.Values("WWW-Authenticate")
			if len(lines) == 0 {
				t.Fatal("no challenge")
			}
			joined := strings.Join(lines, "\n")
			if c.bearerError == "" && strings.Contains(joined, "error=") {
				t.Errorf("error attribute where none belongs: %q", lines)
			}
			if c.bearerError != "" && !strings.Contains(joined, `error="`+c.bearerError+`"`) {
				t.Errorf("want error %s in %q", c.bearerError, lines)
			}
			if c.value != "" && len(c.value) > 7 && strings.Contains(string(res.body), c.value[7:]) {
				t.Error("body repeats the credentials")
			}
		})
	}
}

func TestMultipleAuthorizationLinesRefused(t *testing.T) {
	s := startT(t)
	good := basicAuthz(Username, Password)["Authorization"][0]
	res := do(t, "GET", s.URL+"/basic/", map[string][]string{"Authorization": {good, good}})
	assertProblem(t, res, 401)
}

func TestHeadMatchesGetWithoutContent(t *testing.T) {
	s := startT(t)
	for _, path := range []string{"/basic/", "/bearer/", "/multi/", "/combined/", "/nowhere"} {
		get := do(t, "GET", s.URL+path, nil)
		head := do(t, "HEAD", s.URL+path, nil)
		if head.status != get.status {
			t.Errorf("%s: HEAD %d, GET %d", path, head.status, get.status)
		}
		for _, f := range []string{"WWW-Authenticate", "Content-Type", "Content-Length", "Cache-Control"} {
			if !slices.Equal(head.header.Values(f), get.header.Values(f)) {
				t.Errorf("%s: %s differs: HEAD %q GET %q", path, f, head.header.Values(f), get.header.Values(f))
			}
		}
		if raw := rawResponse(t, s, "HEAD "+path+" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"); !strings.HasSuffix(raw, "\r\n\r\n") {
			t.Errorf("%s: HEAD sent content: %q", path, raw)
		}
	}
}

// rawResponse sends bytes on a fresh connection and returns all it gets.
func rawResponse(t *testing.T, s *Server, request string) string {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, request); err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(bufio.NewReader(conn))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestOtherMethodsAuthenticateFirst(t *testing.T) {
	s := startT(t)
	assertProblem(t, do(t, "POST", s.URL+"/basic/", nil), 401)
	res := do(t, "POST", s.URL+"/basic/", basicAuthz(Username, Password))
	assertProblem(t, res, 405)
	if res.header.Get("Allow") != "GET, HEAD" {
		t.Errorf("Allow %q", res.header.Get("Allow"))
	}
}

// /multi/ is declared with POST in the shipped targets.yaml: valid
// credentials reach it, missing ones still get the challenge first.
func TestMultiTakesPostOnceAuthenticated(t *testing.T) {
	s := startT(t)
	assertProblem(t, do(t, "POST", s.URL+"/multi/", nil), 401)
	if res := do(t, "POST", s.URL+"/multi/", basicAuthz(Username, Password)); res.status != 200 {
		t.Errorf("POST /multi/ with valid Basic: status %d, want 200", res.status)
	}
}

func TestUnknownPathIsProblem(t *testing.T) {
	s := startT(t)
	assertProblem(t, do(t, "GET", s.URL+"/elsewhere", nil), 404)
}

// challengeParams parses one challenge of the given scheme, for tests.
func challengeParams(t *testing.T, line, scheme string) map[string]string {
	t.Helper()
	rest, ok := strings.CutPrefix(line, scheme+" ")
	if !ok {
		t.Fatalf("%q is not a %s challenge", line, scheme)
	}
	p, err := parseParams(rest)
	if err != nil {
		t.Fatalf("%q: %v", line, err)
	}
	return p
}

// The metadata the Bearer challenges point at is public JSON whose
// resource is the URL requested, naming the reference as its
// authorization server, whose metadata has the same issuer.
func TestOAuthMetadata(t *testing.T) {
	s := startT(t)
	res := do(t, "GET", s.URL+"/.well-known/oauth-protected-resource/bearer/", nil)
	if res.status != 200 || res.header.Get("Content-Type") != "application/json" {
		t.Fatalf("protected resource metadata: %d %q", res.status, res.header.Get("Content-Type"))
	}
	var prm struct {
		Resource             string   `json:"resource"`
		AuthorizationServers []string `json:"authorization_servers"`
	}
	if err := json.Unmarshal(res.body, &prm); err != nil {
		t.Fatal(err)
	}
	if prm.Resource != s.URL+"/bearer/" || !slices.Equal(prm.AuthorizationServers, []string{s.URL}) {
		t.Errorf("metadata %+v", prm)
	}
	res = do(t, "GET", s.URL+"/.well-known/oauth-authorization-server", nil)
	var as map[string]any
	if err := json.Unmarshal(res.body, &as); err != nil || res.status != 200 {
		t.Fatalf("authorization server metadata: %d %v", res.status, err)
	}
	if as["issuer"] != s.URL || as["code_challenge_methods_supported"] == nil {
		t.Errorf("authorization server metadata %v", as)
	}
}
