package config

import (
	"encoding/json"
	"fmt"
)

// SchemaID is where the published schema of targets.yaml lives; editors
// that follow the yaml-language-server line fetch it from there.
const SchemaID = "https://raw.githubusercontent.com/authspec/authspec/main/schema/targets.schema.json"

// Schema returns a JSON Schema (draft 2020-12) of targets.yaml, for editors
// and CI linters. Parse stays the authority: it checks what a schema
// cannot (files that exist, rule IDs, ${VAR} references, duplicate names)
// and gives errors with line numbers. The schema's objects take their keys
// from the same tables Parse checks mappings against (topKeys, settingKeys,
// targetKeys, ...), so a key Parse accepts and the schema lacks cannot
// happen: objectOf panics on a key without a property schema, and a test
// makes the two agree on every key and every example file.
func Schema() []byte {
	doc := map[string]any{
		"$schema":              "https://json-schema.org/draft/2020-12/schema",
		"$id":                  SchemaID,
		"title":                "authspec targets.yaml",
		"description":          "The servers authspec checks and how. Every key is documented in docs/targets.md; `authspec validate -targets FILE` checks what a schema cannot.",
		"type":                 "object",
		"properties":           properties(topKeys),
		"required":             []string{"targets"},
		"additionalProperties": false,
		"$defs": map[string]any{
			"settings":    objectOf(settingKeys, nil, "Settings every target inherits and may override."),
			"target":      objectOf(targetKeys, []string{"name", "url"}, "One server under test."),
			"resource":    resourceSchema(),
			"credentials": objectOf(credentialKeys, nil, "Valid credentials for the control checks. Use ${VAR}: a literal secret is accepted with a warning."),
			"origin_credentials": objectOf(originCredentialKeys, nil,
				"Proxy targets only: valid credentials of the origin behind the proxy, sent through the proxy and directly to compare the origin's Authentication-Info. Use ${VAR}: a literal secret is accepted with a warning."),
			"tls":    objectOf(tlsKeys, nil, "TLS settings; file paths are relative to the targets file."),
			"header": objectOf(headerValueKeys, []string{"value"}, "A header field written as a mapping: {value: ..., public: true}."),
			"waiver": objectOf(waiverKeys, []string{"check", "reason"}, "A known deviation: reported as skipped with the reason, never as a pass."),
		},
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		panic(err) // the document is built from literals
	}
	return append(out, '\n')
}

// objectOf is a closed object whose properties are keys, in the order of
// the table Parse checks the mapping against.
func objectOf(keys, required []string, description string) map[string]any {
	o := map[string]any{
		"type":                 "object",
		"description":          description,
		"properties":           properties(keys),
		"additionalProperties": false,
	}
	if len(required) > 0 {
		o["required"] = required
	}
	return o
}

// properties maps each key to its schema from propertySchemas.
func properties(keys []string) map[string]any {
	props := map[string]any{}
	for _, key := range keys {
		s, ok := propertySchemas[key]
		if !ok {
			panic(fmt.Sprintf("config: key %q has no schema in propertySchemas", key))
		}
		props[key] = s
	}
	return props
}

// Value shapes Parse accepts. A "text" value is any YAML scalar Parse reads
// as text (headers: {X-Retry: 3} is fine); ${VAR} is a string.
var (
	scalarText  = []string{"string", "number", "boolean"}
	durationPat = `^\s*([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h)(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))*\s*$`
)

func jsRef(name string) map[string]any { return map[string]any{"$ref": "#/$defs/" + name} }

func jsDoc(s map[string]any, text string) map[string]any {
	s["description"] = text
	return s
}

func jsDuration(text string) map[string]any {
	return jsDoc(map[string]any{"type": "string", "pattern": durationPat}, text+" A Go duration such as 10s, 500ms or 2m.")
}

func jsBool(text string) map[string]any {
	return jsDoc(map[string]any{"type": "boolean"}, text)
}

func jsInt(lo, hi int, text string) map[string]any {
	return jsDoc(map[string]any{"type": "integer", "minimum": lo, "maximum": hi}, text)
}

func jsList(text string, item map[string]any) map[string]any {
	return jsDoc(map[string]any{"type": "array", "items": item}, text)
}

// propertySchemas holds the schema of every key of every table. A key
// appears once whatever mapping it is in; where two mappings share a name
// they share its meaning.
var propertySchemas = map[string]map[string]any{
	// The file.
	"defaults": jsRef("settings"),
	"baseline": jsDoc(map[string]any{"type": "string", "minLength": 1},
		"A baseline file of known findings (authspec baseline -reports DIR), relative to the targets file: they are reported as known and do not fail the run. run -baseline wins over it."),
	"targets": jsDoc(map[string]any{"type": "array", "minItems": 1, "items": jsRef("target")},
		"The servers under test, at least one."),

	// Settings (defaults and every target).
	"timeout":  jsDuration("Per request, 1ms to 1h. Default 10s."),
	"max_body": jsDoc(map[string]any{"type": []string{"integer", "string"}, "minimum": 1, "pattern": `^\s*[0-9]+\s*([kKmMgG]i?[bB]|[bB])?\s*$`}, "Bytes of a response body read at most: a number of bytes or a size such as 64KiB or 1MB, up to 1GiB. Default 1MiB."),
	"strict":   jsBool("true: warnings fail the run too. Default false."),
	"concurrency": jsInt(1, maxConcurrency,
		"Requests in flight per target. Default 2."),
	"rate": jsDoc(map[string]any{"type": "number", "exclusiveMinimum": 0, "maximum": maxRate},
		"Requests per second per target. Default 10."),
	"retries":         jsInt(0, maxRetries, "Times a 429 or 503 with Retry-After is honoured. Default 2."),
	"max_retry_after": jsDuration("The longest single Retry-After wait honoured, up to 1h. Default 10s."),

	// A target.
	"name": jsDoc(map[string]any{"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"},
		"Unique (ignoring case): letters, digits, - and _. It names the JUnit testsuite."),
	"url": jsDoc(map[string]any{"type": "string", "minLength": 1},
		"The origin: http(s) scheme, host and optional port, no path; or builtin:reference for the bundled reference server. ${VAR} is expanded."),
	"kind": jsDoc(map[string]any{"enum": []string{"origin", "proxy"}},
		"origin (401 + WWW-Authenticate, the default) or proxy (407 + Proxy-Authenticate)."),
	"through": jsDoc(map[string]any{"type": "string", "minLength": 1},
		"Proxy targets only, and required there: the absolute http URL requested through the proxy."),
	"resources": jsDoc(map[string]any{"type": "array", "minItems": 1, "items": jsRef("resource")},
		"Protected resources, each must demand authentication: a path (probed with GET, POST on an mcp: target) or {path, methods}. Required unless openapi is given."),
	"expect_schemes": jsList("Auth-schemes the challenges must offer, such as Bearer.",
		map[string]any{"type": "string", "pattern": "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"}),
	"credentials":        jsRef("credentials"),
	"origin_credentials": jsRef("origin_credentials"),
	"headers": jsDoc(map[string]any{"type": "object", "additionalProperties": map[string]any{"anyOf": []any{
		map[string]any{"type": scalarText},
		jsRef("header"),
	}}},
		"Extra request header fields sent on every request: Name: value, or Name: {value: ..., public: true}. Authorization, Proxy-Authorization, Host, Content-Length, Transfer-Encoding and Connection are refused. ${VAR} is expanded in values; a value from ${VAR}, or under a name that suggests a secret, is redacted unless public: true."),
	"tls":              jsRef("tls"),
	"allow_cleartext":  jsBool("Allow valid credentials over http to a host that is not loopback. Default false."),
	"follow_redirects": jsBool("Follow up to 5 redirects (never carrying credentials to another host) instead of reporting them. Default false."),
	"waivers":          jsDoc(map[string]any{"type": "array", "items": jsRef("waiver")}, "Known deviations, one per rule ID."),

	// OAuth protected resources and MCP servers (issue 15).
	"mcp": jsDoc(map[string]any{"enum": MCPRevisions},
		"The resources are MCP endpoints of this protocol revision, or latest."),
	"browser_origin": jsDoc(map[string]any{"type": "string", "pattern": `^\s*(https?://[^/?#]+|\$\{[^}]+\})\s*$`},
		"Also probe as a browser page served from this origin (scheme://host[:port], no path). ${VAR} is expanded."),
	"metadata_hosts": jsList("More hosts (no scheme, port or path) OAuth metadata may be fetched from.",
		map[string]any{"type": "string", "pattern": "^[^/?#@]+$"}),

	// OpenAPI.
	"openapi": jsDoc(map[string]any{"type": "string", "minLength": 1},
		"The API's OpenAPI document: a file relative to the targets file, or an http(s) URL. Its secured operations are probed."),
	"openapi_server": jsDoc(map[string]any{"type": "string"}, "With openapi: the base path joined to every operation path, instead of the document's servers[]."),
	"path_params": jsDoc(map[string]any{"type": "object", "additionalProperties": map[string]any{"type": scalarText}},
		"With openapi: values for path parameters, by name."),
	"include":        jsList("With openapi: globs on operation paths; * matches anything, / too.", map[string]any{"type": "string"}),
	"exclude":        jsList("With openapi: globs on operation paths to skip.", map[string]any{"type": "string"}),
	"max_operations": jsInt(1, maxMaxOperations, "With openapi: the most secured operations the document may add. Default 200."),
	"openapi_ref_folders": jsList("With openapi: more folders (relative to the targets file) that a local document's $refs may read from; by default only the document's folder and the targets file's.",
		map[string]any{"type": "string", "minLength": 1}),

	// A resource written as a mapping.
	"path": jsDoc(map[string]any{"type": "string", "pattern": "^/"}, "The path, starting with /."),
	"methods": jsDoc(map[string]any{"type": "array", "minItems": 1, "items": map[string]any{"type": "string", "pattern": "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"}},
		"Methods, case-sensitive: write them in upper case. HEAD is probed for every GET resource."),

	// Credentials.
	"username": jsDoc(map[string]any{"type": scalarText}, "Basic and Digest, with password. No colon."),
	"password": jsDoc(map[string]any{"type": scalarText}, "Basic and Digest, with username."),
	"token":    jsDoc(map[string]any{"type": scalarText}, "Bearer."),
	"limited_token": jsDoc(map[string]any{"type": scalarText},
		"Only with token: a valid token that lacks the scope the resources need."),
	"dpop_key": jsDoc(map[string]any{"type": "string"},
		"Only with token: the path of the EC P-256 private key (PEM or JWK) the token is DPoP-bound to (RFC 9449)."),
	"query_token": jsBool("Only with token: also send the token in the URI query as access_token (RFC 6750 §2.3), which puts it in access logs. Default false."),

	// TLS.
	"ca_file":              jsDoc(map[string]any{"type": "string"}, "Extra trusted roots (PEM)."),
	"cert_file":            jsDoc(map[string]any{"type": "string"}, "Client certificate (PEM), with key_file."),
	"key_file":             jsDoc(map[string]any{"type": "string"}, "Client key (PEM), with cert_file."),
	"server_name":          jsDoc(map[string]any{"type": "string"}, "SNI and verification name."),
	"insecure_skip_verify": jsBool("Skip certificate verification (warned about)."),

	// A header written as a mapping.
	"value":  jsDoc(map[string]any{"type": scalarText}, "The field's value; ${VAR} is expanded."),
	"public": jsBool("The value is not secret: show it in reports and curl lines. Default false."),

	// A waiver.
	"check":  jsDoc(map[string]any{"type": "string", "minLength": 1}, "A rule ID of the catalogue (authspec checks)."),
	"reason": jsDoc(map[string]any{"type": scalarText}, "Why the deviation is accepted; required."),
	"until": jsDoc(map[string]any{"type": "string", "pattern": `^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\s*$`},
		"Last day the waiver applies (YYYY-MM-DD, UTC, inclusive); after it the waiver stops applying."),
}

// resourceSchema: a path, or {path, methods}.
func resourceSchema() map[string]any {
	return map[string]any{
		"description": "A protected resource: a path probed with GET (POST on an mcp: target), or {path, methods}.",
		"oneOf": []any{
			map[string]any{"type": "string", "pattern": "^/"},
			objectOf(resourceKeys, []string{"path"}, "A resource with its methods."),
		},
	}
}
