package probe

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/authspec/authspec/internal/checks"
)

// An MCP target (mcp: in targets.yaml) is probed the way an MCP client
// speaks Streamable HTTP in the declared revision, so that the server
// answers authspec's requests as it answers its clients, not as it answers
// a stray GET:
//
//   - POST carries a JSON-RPC request: initialize in the revisions that
//     start with it (2025-06-18, 2025-11-25), server/discover in 2026-07-28,
//     which has no handshake ("Servers MUST implement server/discover",
//     Versioning) and mirrors the method in Mcp-Method (Streamable HTTP,
//     Standard Request Headers: "These headers are REQUIRED");
//   - POST sends Content-Type: application/json and Accept:
//     application/json, text/event-stream (Sending Messages: "The client
//     MUST include an Accept header, listing both application/json and
//     text/event-stream");
//   - every request carries MCP-Protocol-Version (2025-06-18 and later);
//   - GET asks for the event stream (Accept: text/event-stream), as a
//     client listening for server messages does in 2025-06-18 and
//     2025-11-25.
//
// Every probe sends the same request, with its own credentials (none,
// wrong, valid, limited): the server's answer differs only by them.

// MCPRequestID is the JSON-RPC id of the request every POST carries.
const MCPRequestID = 1

// mcpInitializeMethod and mcpDiscoverMethod are the requests a probe
// sends: the handshake's first request, or the stateless revision's.
const (
	mcpInitializeMethod = "initialize"
	mcpDiscoverMethod   = "server/discover"
)

// MCPMethod returns the JSON-RPC method the probes of an MCP target of
// revision rev send.
func MCPMethod(rev string) string {
	if rev >= checks.MCP20260728 {
		return mcpDiscoverMethod
	}
	return mcpInitializeMethod
}

// mcpRevision is the target's MCP revision, "" when it is not MCP.
func (c *Client) mcpRevision() string {
	return c.t.MCPRevision()
}

// MCPRequestBody returns the JSON-RPC request a POST to an MCP server of
// revision rev carries.
func MCPRequestBody(rev string) []byte {
	client := map[string]string{"name": "authspec", "version": Version}
	var params map[string]any
	if MCPMethod(rev) == mcpDiscoverMethod {
		params = map[string]any{"_meta": map[string]any{
			"io.modelcontextprotocol/protocolVersion":    rev,
			"io.modelcontextprotocol/clientInfo":         client,
			"io.modelcontextprotocol/clientCapabilities": map[string]any{},
		}}
	} else {
		params = map[string]any{"protocolVersion": rev, "capabilities": map[string]any{}, "clientInfo": client}
	}
	b, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": MCPRequestID, "method": MCPMethod(rev), "params": params})
	return b
}

// MCPFields returns the header fields a request with method carries to an
// MCP server of revision rev, in the order they are sent.
func MCPFields(rev, method string) [][2]string {
	if rev == "" {
		return nil
	}
	var out [][2]string
	switch method {
	case http.MethodPost:
		out = append(out, [2]string{"Content-Type", "application/json"}, [2]string{"Accept", "application/json, text/event-stream"})
	case http.MethodGet:
		out = append(out, [2]string{"Accept", "text/event-stream"})
	}
	out = append(out, [2]string{"MCP-Protocol-Version", rev})
	if method == http.MethodPost && MCPMethod(rev) == mcpDiscoverMethod {
		out = append(out, [2]string{"Mcp-Method", mcpDiscoverMethod})
	}
	return out
}

// MCPPreflightHeaders returns the request header names (lower case, as a
// browser lists them in Access-Control-Request-Headers) a browser client
// of an MCP server sends with method, besides Authorization: those a
// preflight must allow.
func MCPPreflightHeaders(rev, method string) []string {
	var out []string
	for _, f := range MCPFields(rev, method) {
		name := strings.ToLower(f[0])
		if name == "accept" {
			continue // CORS-safelisted with this value
		}
		out = append(out, name)
	}
	return out
}

// shape is what a request carries besides the configured fields and the
// credentials: the MCP fields and body, and the fields a probe adds (the
// Origin of a browser client, a preflight's fields). The evidence and the
// curl line show all of it.
type shape struct {
	fields [][2]string
	// added are sent one line each, after fields (spec.repeated).
	added [][2]string
	body  []byte
	// origin, on a request through a proxy, is how curl gives the
	// Authorization for the origin behind it (origin_credentials), nil
	// when there is none.
	origin *curlAuth
	// queryToken: the URL carries the declared token as access_token,
	// which the curl line takes from the environment instead.
	queryToken bool
}

// shapeOf returns what a request of s with method carries. A preflight
// (s.bare) carries only its own fields, as a browser sends it.
func (c *Client) shapeOf(s spec, method string) shape {
	var sh shape
	if !s.bare {
		rev := c.mcpRevision()
		if s.shapeAs != "" {
			method = s.shapeAs
		}
		sh.fields = MCPFields(rev, method)
		if rev != "" && method == http.MethodPost {
			sh.body = MCPRequestBody(rev)
		}
	}
	sh.fields = append(sh.fields, s.extra...)
	sh.added = s.repeated
	return sh
}

// apply puts the shape's fields on h.
func (sh shape) apply(h http.Header) {
	for _, f := range sh.fields {
		h.Set(f[0], f[1])
	}
	for _, f := range sh.added {
		h.Add(f[0], f[1])
	}
}

// reader returns the body to send, nil for none.
func (sh shape) reader() io.Reader {
	if sh.body == nil {
		return nil
	}
	return bytes.NewReader(sh.body)
}

// mcpStream reports whether resp is an event stream from an MCP target,
// which must not be read to its end: it may stay open for as long as the
// server likes.
func (c *Client) mcpStream(resp *http.Response) bool {
	if c.mcpRevision() == "" {
		return false
	}
	ct := strings.ToLower(resp.Header.Get("Content-Type"))
	return strings.HasPrefix(strings.TrimSpace(ct), "text/event-stream")
}

// readEventStream reads an MCP event stream up to the event that carries
// the response to the probe's request (POST), and no further; a GET's
// stream is the server's channel for its own messages, which authspec
// does not listen to, so nothing of it is read. It never reads more than
// max bytes.
func readEventStream(r io.Reader, max int64, method string) (body []byte, truncated bool, note string, err error) {
	if method != http.MethodPost {
		return nil, false, "the server opened an event stream; authspec does not read a stream the server keeps open for its own messages", nil
	}
	br := bufio.NewReader(io.LimitReader(r, max+1))
	var buf bytes.Buffer
	for {
		line, rerr := br.ReadBytes('\n')
		buf.Write(line)
		if int64(buf.Len()) > max {
			return buf.Bytes()[:max], true, "", nil
		}
		if len(bytes.TrimRight(line, "\r\n")) == 0 && len(line) > 0 && streamAnswered(buf.Bytes()) {
			return buf.Bytes(), false, "", nil
		}
		if rerr == io.EOF {
			return buf.Bytes(), false, "", nil
		}
		if rerr != nil {
			return buf.Bytes(), false, "", rerr
		}
	}
}

// streamAnswered reports whether the last complete event of an event
// stream is the JSON-RPC response to the probe's request.
func streamAnswered(stream []byte) bool {
	events := checks.SSEData(stream)
	if len(events) == 0 {
		return false
	}
	var m struct {
		ID     json.RawMessage `json:"id"`
		Result json.RawMessage `json:"result"`
		Error  json.RawMessage `json:"error"`
	}
	if json.Unmarshal(events[len(events)-1], &m) != nil {
		return false
	}
	return strings.TrimSpace(string(m.ID)) == strconv.Itoa(MCPRequestID) && (m.Result != nil || m.Error != nil)
}
