// Command mcpsdk-go serves MCP servers built with the official Go SDK
// (github.com/modelcontextprotocol/go-sdk), wired the way the SDK's own
// documentation shows (docs/protocol.md, "Authorization"; and
// examples/auth/server/main.go): an mcp.NewStreamableHTTPHandler behind
// auth.RequireBearerToken, and auth.ProtectedResourceMetadataHandler at
// /.well-known/oauth-protected-resource. authspec's interop stage
// (interop/mcpsdk/run.sh) probes them; nothing here is authspec's code.
//
// It serves two MCP servers on two loopback listeners, each with its
// endpoint at /mcp as in the SDK's example:
//
//   - -plain: RequireBearerToken(verify, nil), no options, no metadata;
//   - -options: RequireBearerToken(verify, &RequireBearerTokenOptions{Scopes,
//     ResourceMetadataURL}) and the metadata handler, as the example does.
//
// The SDK serves no authorization server; the metadata names one at
// /as on the -options listener, whose RFC 8414 document this program
// serves (a stub, not the SDK's).
//
// The token verifier knows two tokens from the environment: MCP_TOKEN
// (scope "read", valid for an hour) and MCP_LIMITED_TOKEN (no scope).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/modelcontextprotocol/go-sdk/auth"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/modelcontextprotocol/go-sdk/oauthex"
)

func main() {
	plain := flag.String("plain", "127.0.0.1:0", "address of the server without options")
	options := flag.String("options", "127.0.0.1:0", "address of the server with options and metadata")
	flag.Parse()
	valid, limited := os.Getenv("MCP_TOKEN"), os.Getenv("MCP_LIMITED_TOKEN")
	if valid == "" || limited == "" {
		log.Fatal("set MCP_TOKEN and MCP_LIMITED_TOKEN")
	}
	verify := func(_ context.Context, token string, _ *http.Request) (*auth.TokenInfo, error) {
		switch token {
		case valid:
			return &auth.TokenInfo{Scopes: []string{"read"}, Expiration: time.Now().Add(time.Hour)}, nil
		case limited:
			return &auth.TokenInfo{Expiration: time.Now().Add(time.Hour)}, nil
		}
		return nil, auth.ErrInvalidToken
	}

	pl, err := net.Listen("tcp", *plain)
	if err != nil {
		log.Fatal(err)
	}
	ol, err := net.Listen("tcp", *options)
	if err != nil {
		log.Fatal(err)
	}
	base := "http://" + ol.Addr().String()

	plainMux := http.NewServeMux()
	plainMux.Handle("/mcp", auth.RequireBearerToken(verify, nil)(mcpHandler()))

	optMux := withMetadata(base, verify, mcpHandler())

	fmt.Printf("plain=http://%s\noptions=%s\n", pl.Addr(), base)
	go func() { log.Fatal(http.Serve(pl, plainMux)) }()
	log.Fatal(http.Serve(ol, optMux))
}

// withMetadata serves the MCP endpoint at /mcp behind RequireBearerToken
// with options, its protected resource metadata with the SDK's
// ProtectedResourceMetadataHandler, and a stub authorization server's
// metadata, all under base (the server's own URL, as the SDK's example
// wires them).
func withMetadata(base string, verify auth.TokenVerifier, endpoint http.Handler) *http.ServeMux {
	mux := http.NewServeMux()
	metadata := &oauthex.ProtectedResourceMetadata{
		Resource:             base + "/mcp",
		AuthorizationServers: []string{base + "/as"},
		ScopesSupported:      []string{"read"},
	}
	mux.Handle("/.well-known/oauth-protected-resource", auth.ProtectedResourceMetadataHandler(metadata))
	mux.Handle("/mcp", auth.RequireBearerToken(verify, &auth.RequireBearerTokenOptions{
		Scopes:              []string{"read"},
		ResourceMetadataURL: base + "/.well-known/oauth-protected-resource",
	})(endpoint))
	mux.HandleFunc("/.well-known/oauth-authorization-server/as", func(w http.ResponseWriter, _ *http.Request) {
		// The stub answers as authorization servers usually do: public
		// metadata, readable from any origin.
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{
			"issuer": base + "/as", "authorization_endpoint": base + "/as/authorize", "token_endpoint": base + "/as/token",
			"response_types_supported": []string{"code"}, "code_challenge_methods_supported": []string{"S256"},
		})
	})
	return mux
}

// mcpHandler is an MCP server with one tool, served over Streamable HTTP
// with the SDK's defaults, as in the SDK's example.
func mcpHandler() http.Handler {
	server := mcp.NewServer(&mcp.Implementation{Name: "authspec-interop", Version: "1.0.0"}, nil)
	mcp.AddTool(server, &mcp.Tool{Name: "echo", Description: "echoes its input"}, echo)
	return mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return server }, nil)
}

type args struct {
	Input string `json:"input"`
}

func echo(_ context.Context, _ *mcp.CallToolRequest, a args) (*mcp.CallToolResult, any, error) {
	return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: a.Input}}}, nil, nil
}
