package config

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxFileSize is the largest targets file accepted. A real one is a few
// kilobytes; the cap keeps a wrong path (a log, a binary) from being parsed.
const MaxFileSize = 1 << 20

// Load reads and validates the targets file at path, resolving ${VAR}
// references from the process environment. See Parse for the format.
func Load(path string) (*Config, []Warning, error) {
	return LoadAt(path, time.Now())
}

// LoadAt is Load with the clock the waivers are judged by: its warnings
// also name every waiver that has expired at now, so that every run (not
// only validate) says at the start which waived checks count again.
func LoadAt(path string, now time.Time) (*Config, []Warning, error) {
	data, err := readCapped(path)
	if err != nil {
		return nil, nil, err
	}
	cfg, warnings, err := Parse(path, data, os.LookupEnv)
	if err != nil {
		return cfg, warnings, err
	}
	return cfg, append(warnings, ExpiredWaivers(cfg, now)...), nil
}

// ExpiredWaivers warns of the waivers that no longer apply at now. They
// are not mistakes (a waiver is meant to run out), but whoever runs the
// suite should hear that the waived check counts again.
func ExpiredWaivers(cfg *Config, now time.Time) []Warning {
	var out []Warning
	for i, t := range cfg.Targets {
		for j, w := range t.Waivers {
			if w.Active(now) {
				continue
			}
			out = append(out, Warning{File: cfg.File, Line: w.Line, Field: fmt.Sprintf("targets[%d].waivers[%d]", i, j),
				Msg: "waiver for " + w.Check + " expired on " + w.Until.Format(time.DateOnly) + "; the check counts again"})
		}
	}
	return out
}

// readCapped reads at most MaxFileSize bytes of path, failing clearly on a
// missing file, a folder or a file too large.
func readCapped(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		e := &Error{File: path, Msg: "cannot read the targets file: " + describeIOError(err)}
		if errors.Is(err, os.ErrNotExist) {
			e.Hint = "create it, or pass its path with -targets FILE"
		}
		return nil, e
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.IsDir() {
		return nil, &Error{File: path, Msg: "is a folder, not a targets file", Hint: "pass the path of the YAML file"}
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, &Error{File: path, Msg: "cannot read the targets file: " + describeIOError(err)}
	}
	return data, nil
}

// describeIOError drops the path an *os.PathError repeats, since Error
// already starts with it.
func describeIOError(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Parse validates the targets file data, read from file, and returns it
// with every default applied and every ${VAR} reference resolved through
// env (nil env means an empty environment). Relative TLS file paths are
// resolved against the folder of file. The error, when not nil, is an
// *Error naming file, line and field; warnings are returned even then.
//
// The file is one YAML mapping (spaces for indentation, no aliases, at most
// MaxFileSize bytes) with two keys:
//
//	defaults:   optional; settings every target inherits and may override
//	  timeout: 10s          per request; a Go duration, >0 and <=1h
//	  max_body: 1MiB        bytes of a response body read at most: a number
//	                        of bytes or a size such as 64KiB, 1MB (1..1GiB)
//	  strict: false         true: warnings fail the run too
//	  concurrency: 2        requests in flight per target, 1..64
//	  rate: 10              requests per second per target, >0 and <=1000
//	  retries: 2            times a 429/503 with Retry-After is honoured, 0..5
//	  max_retry_after: 10s  longest single Retry-After wait, 0..1h
//	targets:    required; a list of at least one server under test
//	  - name: staging-api   required, unique (ignoring case), [A-Za-z0-9_-]+
//	    url: https://...    required; http(s) origin (scheme, host, optional
//	                        port; no path, query, fragment or user info), or
//	                        builtin:reference for the bundled reference server
//	    kind: origin        origin (401 + WWW-Authenticate, the default) or
//	                        proxy (407 + Proxy-Authenticate)
//	    through: http://... proxy only, and required there: the absolute
//	                        http URL requested through the proxy
//	    resources:          required unless openapi is given, at least one;
//	                        each a path starting with "/" (probed with GET; POST on an mcp: target)
//	                        or a mapping {path: /admin, methods: [GET, POST]};
//	                        methods are case-sensitive tokens, so write them
//	                        uppercase
//	    openapi: api.yaml   the API's OpenAPI document: a file (must exist,
//	                        relative to the targets file) or an http(s) URL;
//	                        read later by openapi.Expand, not here
//	    openapi_server: /v1 base path instead of the document's servers[]
//	    path_params: {id: "42"}    values for path parameters, by name
//	    include: ["/orders*"]      globs on operation paths ('*' matches
//	    exclude: ["*/admin"]       anything, '/' too); each starts with / or *
//	    max_operations: 200 1..10000: the most secured operations to probe
//	    openapi_ref_folders: [../shared] more folders local $refs may read from
//	                        (the last six only with openapi)
//	    expect_schemes: [Bearer]   auth-schemes the challenges must offer
//	    credentials:        optional valid credentials for control checks:
//	      username, password (both or neither; no ":" in username), token,
//	      limited_token (only with token: a valid token lacking the scope),
//	      dpop_key (only with token: the EC P-256 key, PEM or JWK, the
//	      token is DPoP-bound to), query_token (only with token: true
//	      lets the query-token probe put the token in the URI query)
//	    origin_credentials: proxy targets only: valid credentials of the
//	                        origin behind the proxy (username, password,
//	                        token), to compare its Authentication-Info
//	                        directly and through the proxy
//	    mcp: "2025-11-25"   the resources are MCP endpoints of this revision:
//	                        2025-06-18, 2025-11-25, 2026-07-28 or latest
//	    browser_origin: https://app.example.com   also probe as a browser
//	                        client from this origin (no path, not even /)
//	    metadata_hosts: [auth.example.com]   more hosts OAuth metadata may
//	                        be fetched from (host names or IP literals)
//	    headers: {X-Env: staging}  extra request header fields; Authorization,
//	                        Proxy-Authorization, Host, Content-Length,
//	                        Transfer-Encoding and Connection are refused
//	    tls:                ca_file, cert_file, key_file (cert and key
//	                        together), server_name, insecure_skip_verify;
//	                        files must exist, relative to the targets file
//	    allow_cleartext: false   allow credentials over http to a host that
//	                        is not loopback (otherwise the control checks
//	                        are skipped, with a warning)
//	    follow_redirects: false  follow redirects instead of reporting them
//	    waivers:            known deviations, each {check: <rule id>,
//	                        reason: "ticket 123", until: 2027-03-31}; check
//	                        must be a known rule ID, reason is required,
//	                        until (YYYY-MM-DD, UTC, inclusive) is optional and
//	                        an expired waiver simply stops applying
//	    plus any defaults key, overriding the default for this target
//
// ${NAME} is replaced by the environment variable NAME in url, through,
// header values and credentials, and nowhere else; an unset or empty
// variable is an error. Credentials written literally are accepted with a
// warning and listed in Credentials.Literal.
func Parse(file string, data []byte, env func(string) (string, bool)) (*Config, []Warning, error) {
	if env == nil {
		env = func(string) (string, bool) { return "", false }
	}
	p := &parser{file: file, dir: filepath.Dir(file), env: env}
	root := p.document(data)
	if p.err != nil {
		return nil, p.warnings, p.err
	}
	cfg := p.config(root)
	if p.err != nil {
		return nil, p.warnings, p.err
	}
	return cfg, p.warnings, nil
}

// invalidUTF8 finds the first byte of data that is not valid UTF-8 and
// returns its line and column (1-based, the column counted in bytes).
func invalidUTF8(data []byte) (line, col int, found bool) {
	line, start := 1, 0
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return line, i - start + 1, true
		}
		if r == '\n' {
			line, start = line+1, i+1
		}
		i += size
	}
	return 0, 0, false
}

// document parses data into the root node of its single YAML document,
// refusing what YAML allows but a targets file should never contain.
func (p *parser) document(data []byte) *yamlNode {
	if len(data) > MaxFileSize {
		p.fail(nil, "", fmt.Sprintf("is larger than %d KiB", MaxFileSize>>10),
			"is this the right file? targets files are a few kilobytes")
		return nil
	}
	if len(strings.TrimSpace(string(data))) == 0 {
		p.fail(nil, "", "is empty", "list the servers to test under 'targets:'")
		return nil
	}
	if line, col, ok := invalidUTF8(data); ok {
		p.err = &Error{File: p.file, Line: line, Column: col, Msg: "is not valid UTF-8: a byte at this line is not part of a UTF-8 character",
			Hint: "save the file as UTF-8 (a Latin-1 editor turns é into one byte that YAML refuses)"}
		return nil
	}
	docs, err := decodeDocuments(data)
	if err != nil {
		p.yamlError(data, err)
		return nil
	}
	if len(docs) == 0 || isNull(docs[0]) {
		p.fail(nil, "", "holds no YAML value", "list the servers to test under 'targets:'")
		return nil
	}
	if len(docs) > 1 {
		p.fail(docs[1], "", "holds more than one YAML document",
			"keep one document: remove the '---' line and list every target under one 'targets:'")
		return nil
	}
	if alias := findAlias(docs[0]); alias != nil {
		p.fail(alias, "", "uses the alias *"+alias.Value+"; aliases and merge keys are not supported",
			"write the value out in full")
		return nil
	}
	return docs[0]
}
