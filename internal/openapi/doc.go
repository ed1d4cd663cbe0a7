// Package openapi turns a target's OpenAPI document into the protected
// resources the suite probes: every operation whose effective security
// requirement is not empty becomes a resource with its method, the schemes
// its challenges should offer, the requirement quoted for messages and the
// operation's line in the document.
//
// It runs after config.Load, as its own step (Expand), because reading a
// document may mean fetching it over http(s), and loading targets.yaml
// must stay free of network I/O. Its errors are configuration errors: the
// run stops with exit code 2 before any probe is sent.
//
// Documents are read with github.com/getkin/kin-openapi (OpenAPI 3.0 and
// 3.1; Swagger 2.0 through its converter), which resolves $refs, including
// those to other files next to the document, and records the line of
// every operation.
package openapi
