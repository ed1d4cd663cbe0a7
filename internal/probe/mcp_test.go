package probe

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/authspec/authspec/internal/config"
)

func TestMCPRequestPerRevision(t *testing.T) {
	for _, tc := range []struct {
		rev, method string
		mcpMethod   bool
	}{
		{"2025-06-18", "initialize", false},
		{"2025-11-25", "initialize", false},
		{"2026-07-28", "server/discover", true},
	} {
		var body struct {
			JSONRPC string         `json:"jsonrpc"`
			ID      int            `json:"id"`
			Method  string         `json:"method"`
			Params  map[string]any `json:"params"`
		}
		if err := json.Unmarshal(MCPRequestBody(tc.rev), &body); err != nil {
			t.Fatalf("%s: body is not JSON: %v", tc.rev, err)
		}
		if body.JSONRPC != "2.0" || body.ID != MCPRequestID || body.Method != tc.method {
			t.Errorf("%s: body %+v, want a JSON-RPC 2.0 %s with id %d", tc.rev, body, tc.method, MCPRequestID)
		}
		if tc.mcpMethod {
			meta, _ := body.Params["_meta"].(map[string]any)
			if meta["io.modelcontextprotocol/protocolVersion"] != tc.rev {
				t.Errorf("%s: _meta %v lacks the protocol version", tc.rev, meta)
			}
		} else if body.Params["protocolVersion"] != tc.rev {
			t.Errorf("%s: initialize params %v lack protocolVersion", tc.rev, body.Params)
		}
		h := http.Header{}
		for _, f := range MCPFields(tc.rev, http.MethodPost) {
			h.Set(f[0], f[1])
		}
		if h.Get("Content-Type") != "application/json" || h.Get("Accept") != "application/json, text/event-stream" || h.Get("MCP-Protocol-Version") != tc.rev {
			t.Errorf("%s: POST fields %v", tc.rev, h)
		}
		if got := h.Get("Mcp-Method"); (got == "server/discover") != tc.mcpMethod {
			t.Errorf("%s: Mcp-Method %q", tc.rev, got)
		}
	}
	if f := MCPFields("", http.MethodPost); f != nil {
		t.Errorf("a target that is not MCP gets fields %v", f)
	}
	if got := MCPPreflightHeaders("2026-07-28", http.MethodPost); strings.Join(got, ",") != "content-type,mcp-protocol-version,mcp-method" {
		t.Errorf("preflight headers %v", got)
	}
}

// An event stream is read up to the response to the request and no
// further, whatever the server keeps sending; a GET's stream is not read.
func TestReadEventStream(t *testing.T) {
	pr, pw := io.Pipe()
	go func() {
		io.WriteString(pw, ": comment\n\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}\n\n")
		io.WriteString(pw, "id: 9\ndata: {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}\n\n")
		// The server keeps the stream open: never closed, never written.
	}()
	done := make(chan struct{})
	var body []byte
	go func() {
		defer close(done)
		body, _, _, _ = readEventStream(pr, 1<<16, http.MethodPost)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("readEventStream waited for the end of a stream after its response")
	}
	if !strings.Contains(string(body), `"id":1`) {
		t.Errorf("body %q lacks the response", body)
	}
	pw.Close()
	if b, _, note, _ := readEventStream(strings.NewReader("data: x\n\n"), 100, http.MethodGet); b != nil || note == "" {
		t.Errorf("GET stream: body %q, note %q; want nothing read and a note", b, note)
	}
	if b, trunc, _, _ := readEventStream(strings.NewReader(strings.Repeat("data: x\n", 100)), 50, http.MethodPost); !trunc || len(b) != 50 {
		t.Errorf("stream past max: %d bytes, truncated %v", len(b), trunc)
	}
}

// Every request to an MCP target carries the revision's fields and, for
// POST, the JSON-RPC body; the preflight carries only its own; the
// limited token is sent as Bearer and never shown.
func TestMCPClientRequests(t *testing.T) {
	type got struct {
		method string
		header http.Header
		body   string
	}
	reqs := make(chan got, 10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		reqs <- got{r.Method, r.Header.Clone(), string(b)}
		w.Header().Set("WWW-Authenticate", `Bearer error="insufficient_scope"`)
		w.WriteHeader(http.StatusForbidden)
	}))
	defer srv.Close()
	tg := testTarget()
	tg.MCP = config.MCP20260728
	tg.BrowserOrigin = "https://app.example.com"
	tg.Credentials = &config.Credentials{Token: "valid-tok", LimitedToken: "limited-tok-secret"}
	c := newTestClient(t, tg, srv.URL)
	ctx := context.Background()

	exs, skip := c.LimitedToken(ctx, http.MethodPost, "/mcp")
	if skip != "" || len(exs) != 1 {
		t.Fatalf("LimitedToken: %v, %q", exs, skip)
	}
	r := <-reqs
	if r.header.Get("Authorization") != "Bearer limited-tok-secret" || r.header.Get("Mcp-Method") != "server/discover" || !strings.Contains(r.body, `"server/discover"`) {
		t.Errorf("limited request: %v %q", r.header, r.body)
	}
	if exs[0].Judge.MCP != config.MCP20260728 {
		t.Errorf("Judge.MCP = %q", exs[0].Judge.MCP)
	}
	ev := exs[0].Evidence()
	if strings.Contains(ev.Request+ev.Curl+ev.Response, "limited-tok-secret") || !strings.Contains(ev.Curl, "${AUTHSPEC_LIMITED_TOKEN}") || !strings.Contains(ev.Curl, "--data-raw") || !strings.Contains(ev.Request, `"server/discover"`) {
		t.Errorf("evidence shows the secret or lacks the body:\n%s\n%s", ev.Request, ev.Curl)
	}

	c.Preflight(ctx, http.MethodPost, "/mcp")
	r = <-reqs
	if r.method != http.MethodOptions || r.body != "" || r.header.Get("Authorization") != "" || r.header.Get("MCP-Protocol-Version") != "" ||
		r.header.Get("Origin") != tg.BrowserOrigin || r.header.Get("Access-Control-Request-Method") != "POST" ||
		r.header.Get("Access-Control-Request-Headers") != "authorization,content-type,mcp-method,mcp-protocol-version" {
		t.Errorf("preflight: %s %v %q", r.method, r.header, r.body)
	}

	exs = c.BrowserUnauthenticated(ctx, http.MethodPost, "/mcp")
	r = <-reqs
	if r.header.Get("Origin") != tg.BrowserOrigin || r.header.Get("Authorization") != "" || exs[0].Judge.Origin != tg.BrowserOrigin {
		t.Errorf("browser request: %v, Judge.Origin %q", r.header, exs[0].Judge.Origin)
	}

	tg.Credentials = &config.Credentials{Token: "valid-tok"}
	if _, skip := newTestClient(t, tg, srv.URL).LimitedToken(ctx, http.MethodPost, "/mcp"); skip == "" {
		t.Error("LimitedToken without limited_token sent something")
	}
}

// To an MCP server that offers no challenge, the wrong credentials are a
// random Bearer token (MCP's authorization is Bearer), not Basic.
func TestBadCredentialsToSilentMCPServerAreBearer(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Header.Get("Authorization"))
		w.WriteHeader(http.StatusUnauthorized)
	}))
	defer srv.Close()
	tg := testTarget()
	tg.MCP = config.MCP20251125
	exs := newTestClient(t, tg, srv.URL).BadCredentials(context.Background(), http.MethodPost, "/mcp", nil)
	if len(got) != 1 || !strings.HasPrefix(got[0], "Bearer ") || exs[0].Variant != "bearer" {
		t.Errorf("sent %q (variant %s), want one random Bearer token", got, exs[0].Variant)
	}
	tg.MCP = ""
	got = nil
	newTestClient(t, tg, srv.URL).BadCredentials(context.Background(), http.MethodGet, "/", nil)
	if len(got) != 1 || !strings.HasPrefix(got[0], "Basic ") {
		t.Errorf("to a target that is not MCP: sent %q, want Basic", got)
	}
}

// HEAD asks what the GET it is compared with asks (RFC 9110 §9.3.2): on an
// MCP target the raw HEAD carries GET's Accept: text/event-stream and
// MCP-Protocol-Version, and its curl line shows them (issue 18 review of
// M3: a HEAD without them is another request, whose length may differ).
func TestHeadCarriesTheGETsMCPFields(t *testing.T) {
	heads := make(chan http.Header, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			heads <- r.Header.Clone()
		}
		w.Header().Set("WWW-Authenticate", `Bearer resource_metadata="https://x.example/.well-known/oauth-protected-resource"`)
		w.WriteHeader(http.StatusUnauthorized)
	}))
	defer srv.Close()
	tg := testTarget()
	tg.MCP = config.MCP20251125
	tg.Headers = map[string]string{"Accept": "text/html", "X-Tenant": "t1"}
	exs := newTestClient(t, tg, srv.URL).Head(context.Background(), "/mcp")
	h := <-heads
	if got := h.Values("Accept"); len(got) != 1 || got[0] != "text/event-stream" || h.Get("MCP-Protocol-Version") != config.MCP20251125 || h.Get("X-Tenant") != "t1" {
		t.Errorf("HEAD fields %v: want GET's Accept: text/event-stream (alone), MCP-Protocol-Version and the configured X-Tenant", h)
	}
	if ev := exs[0].Evidence(); !strings.Contains(ev.Curl, "text/event-stream") || !strings.Contains(ev.Request, "Accept: text/event-stream") {
		t.Errorf("evidence lacks GET's Accept:\n%s\n%s", ev.Request, ev.Curl)
	}
}
