package config

import (
	"strings"
	"testing"
)

// rejection is one mistake a user can make, and what the error must say.
type rejection struct {
	name  string
	src   string
	env   map[string]string
	line  int
	field string
	msg   string // fragment of Error.Msg
	hint  string // fragment of Error.Hint
}

func runRejections(t *testing.T, cases []rejection) {
	t.Helper()
	useTestChecks(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := mustFail(t, c.src, c.env)
			if e.File != "targets.yaml" {
				t.Errorf("File = %q, want targets.yaml", e.File)
			}
			if e.Line != c.line {
				t.Errorf("Line = %d, want %d (%v)", e.Line, c.line, e)
			}
			if e.Field != c.field {
				t.Errorf("Field = %q, want %q (%v)", e.Field, c.field, e)
			}
			if !strings.Contains(e.Msg, c.msg) {
				t.Errorf("Msg = %q, want it to contain %q", e.Msg, c.msg)
			}
			if !strings.Contains(e.Hint, c.hint) {
				t.Errorf("Hint = %q, want it to contain %q", e.Hint, c.hint)
			}
		})
	}
}

func TestParseRejectsBadDocuments(t *testing.T) {
	bomb := "a: &a [x, x, x, x, x, x, x, x, x]\n" +
		"b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n" +
		"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n" +
		"d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
	huge := baseTarget + "# " + strings.Repeat("x", MaxFileSize) + "\n"
	runRejections(t, []rejection{
		{name: "empty file", src: "", msg: "is empty", hint: "targets:"},
		{name: "blank file", src: "\n  \n", msg: "is empty", hint: "targets:"},
		{name: "only comments", src: "# nothing yet\n", msg: "no YAML value", hint: "targets:"},
		{name: "list at top", src: "- name: api\n", line: 1, msg: "must be a mapping with a 'targets' list", hint: "start the file with 'targets:'"},
		{name: "scalar at top", src: "hello\n", line: 1, msg: "not a text value", hint: "targets:"},
		{name: "tab indentation", src: baseTarget + "\ttimeout: 1s\n", line: 5, msg: "indented with a tab", hint: "use spaces, not tabs"},
		{name: "tab indentation first", src: "targets:\n\t- name: api\n", line: 2, msg: "tab", hint: "use spaces, not tabs"},
		{name: "syntax error", src: "targets: [\n", line: 1, msg: "is not valid YAML", hint: "indentation"},
		{name: "two documents", src: baseTarget + "---\n" + baseTarget, line: 6, msg: "more than one YAML document", hint: "remove the '---'"},
		{name: "alias bomb", src: bomb, line: 2, msg: "alias *a", hint: "in full"},
		{name: "merge key", src: "x: &x {timeout: 1s}\ndefaults:\n  <<: *x\n", line: 3, msg: "alias *x", hint: "in full"},
		{name: "huge file", src: huge, msg: "larger than 1024 KiB", hint: "right file"},
		{name: "top-level typo", src: "target:\n  - name: api\n", line: 1, field: "target", msg: "unknown field 'target'", hint: "did you mean 'targets'?"},
		{name: "targets missing", src: "defaults: {timeout: 1s}\n", line: 1, field: "targets", msg: "is missing", hint: "name, url and resources"},
		{name: "targets empty", src: "targets: []\n", line: 1, field: "targets", msg: "is empty", hint: "at least one"},
		{name: "targets null", src: "targets:\n", line: 1, field: "targets", msg: "is missing"},
		{name: "targets a mapping", src: "targets:\n  name: api\n", line: 2, field: "targets", msg: "must be a list", hint: "- name:"},
		{name: "target a scalar", src: "targets:\n  - staging\n", line: 2, field: "targets[0]", msg: "must be a mapping", hint: "key: value"},
		{name: "duplicate key", src: baseTarget + "    name: other\n", line: 5, field: "targets[0].name", msg: "given twice (first on line 2)", hint: "keep one"},
		{name: "custom tag", src: "targets:\n  - name: !secret api\n", line: 2, field: "targets[0].name", msg: "tag !secret", hint: "remove the tag"},
		{name: "deep nesting", src: "targets: " + strings.Repeat("[", 20000), msg: "not valid YAML"},
		{name: "syntax error line", src: baseTarget + "    timeout: 1s\n   retries: 1\n", line: 6, msg: "not valid YAML", hint: "indentation"},
		{name: "unquoted reference in flow", src: baseTarget + "    credentials: {token: ${T}}\n", line: 5, msg: "expected ',' or '}'", hint: `quote references: write "${NAME}"`},
	})
}

func TestParseRejectsBadTargets(t *testing.T) {
	runRejections(t, []rejection{
		{name: "field typo", src: baseTarget + "    resouces: [/y]\n", line: 5, field: "targets[0].resouces", msg: "unknown field 'resouces'", hint: "did you mean 'resources'?"},
		{name: "far-off unknown field", src: baseTarget + "    colour: blue\n", line: 5, field: "targets[0].colour", msg: "unknown field 'colour'", hint: "known fields: name, url"},
		{name: "name missing", src: "targets:\n  - url: https://a.example\n    resources: [/x]\n", line: 2, field: "targets[0].name", msg: "is missing", hint: "unique name"},
		{name: "url missing", src: "targets:\n  - name: api\n    resources: [/x]\n", line: 2, field: "targets[0].url", msg: "is missing", hint: "builtin:reference"},
		{name: "url null", src: "targets:\n  - name: api\n    url:\n    resources: [/x]\n", line: 3, field: "targets[0].url", msg: "is missing"},
		{name: "resources missing", src: "targets:\n  - name: api\n    url: https://a.example\n", line: 2, field: "targets[0].resources", msg: "is missing", hint: "/api/v1/me"},
		{name: "resources empty", src: "targets:\n  - name: api\n    url: https://a.example\n    resources: []\n", line: 4, field: "targets[0].resources", msg: "is empty"},
		{name: "bad name", src: "targets:\n  - name: staging api\n", line: 2, field: "targets[0].name", msg: "letters, digits", hint: "staging-api"},
		{name: "duplicate name", src: baseTarget + "  - name: API\n    url: https://b.example\n    resources: [/y]\n", line: 5, field: "targets[1].name", msg: `"API" is already the name of targets[0] (line 2)`, hint: "ignoring case"},
		{name: "kind capitalised", src: baseTarget + "    kind: Proxy\n", line: 5, field: "targets[0].kind", msg: "lower case", hint: "write proxy"},
		{name: "kind unknown", src: baseTarget + "    kind: server\n", line: 5, field: "targets[0].kind", msg: "origin or proxy"},
		{name: "proxy without through", src: baseTarget + "    kind: proxy\n", line: 2, field: "targets[0].through", msg: "is missing", hint: "absolute http URL"},
		{name: "origin with through", src: baseTarget + "    through: http://example.com/\n", line: 5, field: "targets[0].through", msg: "only for kind: proxy", hint: "set kind: proxy"},
		{name: "through https", src: baseTarget + "    kind: proxy\n    through: https://example.com/\n", line: 6, field: "targets[0].through", msg: "absolute http URL"},
		{name: "bool as text", src: baseTarget + "    follow_redirects: yes\n", line: 5, field: "targets[0].follow_redirects", msg: "true or false"},
		{name: "expect_schemes not a list", src: baseTarget + "    expect_schemes: Bearer\n", line: 5, field: "targets[0].expect_schemes", msg: "must be a list", hint: "[Bearer, Basic]"},
		{name: "scheme not a token", src: baseTarget + "    expect_schemes: [Bearer token]\n", line: 5, field: "targets[0].expect_schemes[0]", msg: "not an auth-scheme name"},
		{name: "scheme twice", src: baseTarget + "    expect_schemes: [Bearer, bearer]\n", line: 5, field: "targets[0].expect_schemes[1]", msg: "listed twice"},
	})
}

func TestParseRejectsBadURLs(t *testing.T) {
	withURL := func(u string) string {
		return "targets:\n  - name: api\n    resources: [/x]\n    url: " + u + "\n"
	}
	runRejections(t, []rejection{
		{name: "no scheme", src: withURL("staging.example.com"), line: 4, field: "targets[0].url", msg: "absolute http or https URL", hint: "https://host"},
		{name: "ftp", src: withURL("ftp://files.example.com"), line: 4, field: "targets[0].url", msg: "absolute http or https URL"},
		{name: "no host", src: withURL("https://"), line: 4, field: "targets[0].url", msg: "has no host"},
		{name: "path", src: withURL("https://a.example/api/v1"), line: 4, field: "targets[0].url", msg: "must not have a path", hint: `"/api/v1/me"`},
		{name: "query", src: withURL("https://a.example/?debug=1"), line: 4, field: "targets[0].url", msg: "must not have a query"},
		{name: "fragment", src: withURL("https://a.example/#top"), line: 4, field: "targets[0].url", msg: "#fragment"},
		{name: "bad port", src: withURL("https://a.example:99999"), line: 4, field: "targets[0].url", msg: "invalid port"},
		{name: "user info", src: withURL("https://bob:hunter2@a.example"), line: 4, field: "targets[0].url", msg: "user info", hint: "credentials"},
		{name: "unknown builtin", src: withURL("builtin:ref"), line: 4, field: "targets[0].url", hint: "write builtin:reference"},
		{name: "unset variable", src: withURL("https://${STAGING_HOST}"), line: 4, field: "targets[0].url", msg: "${STAGING_HOST}, which is not set", hint: "set STAGING_HOST in the environment or remove the reference"},
		{name: "empty variable", src: withURL("https://${STAGING_HOST}"), env: map[string]string{"STAGING_HOST": ""}, line: 4, field: "targets[0].url", msg: "set but empty"},
		{name: "unclosed reference", src: withURL("https://${STAGING_HOST"), line: 4, field: "targets[0].url", msg: "without its closing }"},
		{name: "malformed reference", src: withURL("https://${1HOST}"), line: 4, field: "targets[0].url", msg: "malformed reference", hint: "letters, digits and _"},
		{name: "variable in name", src: "targets:\n  - name: ${NAME}\n", env: map[string]string{"NAME": "api"}, line: 2, field: "targets[0].name", msg: "expanded only in url, through, headers and the credential values", hint: "value itself"},
		{name: "variable in timeout", src: baseTarget + "    timeout: ${T}\n", line: 5, field: "targets[0].timeout", msg: "expanded only in"},
		{name: "variable in resource", src: baseTarget + "    resources: [\"/${P}\"]\n", line: 5, field: "targets[0].resources", msg: "given twice"},
		{name: "variable in waiver", src: baseTarget + "    waivers: [{check: \"${C}\", reason: x}]\n", line: 5, field: "targets[0].waivers[0].check", msg: "expanded only in"},
	})
}

func TestParseRejectsBadResources(t *testing.T) {
	withResources := func(r string) string {
		return "targets:\n  - name: api\n    url: https://a.example\n    resources:\n" + r
	}
	runRejections(t, []rejection{
		{name: "no leading slash", src: withResources("      - /ok\n      - admin\n"), line: 6, field: "targets[0].resources[1]", msg: `path "admin" must start with "/"`, hint: `write "/admin"`},
		{name: "no leading slash in mapping", src: withResources("      - {path: admin}\n"), line: 5, field: "targets[0].resources[0].path", msg: `must start with "/"`, hint: `write "/admin"`},
		{name: "a URL", src: withResources("      - https://a.example/x\n"), line: 5, field: "targets[0].resources[0]", msg: "is a URL", hint: "only the path"},
		{name: "a space", src: withResources("      - /a b\n"), line: 5, field: "targets[0].resources[0]", msg: "spaces", hint: "%20"},
		{name: "double slash", src: withResources("      - //a.example/x\n"), line: 5, field: "targets[0].resources[0]", msg: `starts with "//"`},
		{name: "fragment", src: withResources("      - /a#b\n"), line: 5, field: "targets[0].resources[0]", msg: "#fragment"},
		{name: "twice", src: withResources("      - /a\n      - {path: /a, methods: [POST]}\n"), line: 6, field: "targets[0].resources[1]", msg: "listed twice (first on line 5)", hint: "one entry"},
		{name: "lower-case method", src: withResources("      - {path: /a, methods: [GET, post]}\n"), line: 5, field: "targets[0].resources[0].methods[1]", msg: "case-sensitive", hint: `write "POST"`},
		{name: "method not a token", src: withResources("      - {path: /a, methods: [\"GET /\"]}\n"), line: 5, field: "targets[0].resources[0].methods[0]", msg: "not a method name"},
		{name: "method twice", src: withResources("      - {path: /a, methods: [GET, GET]}\n"), line: 5, field: "targets[0].resources[0].methods[1]", msg: "listed twice"},
		{name: "methods a scalar", src: withResources("      - {path: /a, methods: GET}\n"), line: 5, field: "targets[0].resources[0].methods", msg: "must be a list", hint: "[GET, POST]"},
		{name: "methods empty", src: withResources("      - {path: /a, methods: []}\n"), line: 5, field: "targets[0].resources[0].methods", msg: "is empty"},
		{name: "mapping without path", src: withResources("      - methods: [GET]\n"), line: 5, field: "targets[0].resources[0].path", msg: "is missing"},
		{name: "mapping typo", src: withResources("      - {path: /a, method: [GET]}\n"), line: 5, field: "targets[0].resources[0].method", msg: "unknown field 'method'", hint: "did you mean 'methods'?"},
		{name: "an empty item", src: withResources("      - /a\n      -\n"), line: 6, field: "targets[0].resources[1]", msg: "is empty", hint: "/api/v1/me"},
		{name: "a list", src: withResources("      - [/a]\n"), line: 5, field: "targets[0].resources[0]", msg: "single value"},
	})
}

func TestParseRejectsBadHeadersAndCredentials(t *testing.T) {
	runRejections(t, []rejection{
		{name: "authorization", src: baseTarget + "    headers: {Authorization: Bearer abc}\n", line: 5, field: "targets[0].headers.Authorization", msg: "cannot be set here", hint: "credentials"},
		{name: "proxy-authorization", src: baseTarget + "    headers:\n      proxy-authorization: x\n", line: 6, field: "targets[0].headers.proxy-authorization", msg: "cannot be set here", hint: "credentials"},
		{name: "host", src: baseTarget + "    headers: {Host: other}\n", line: 5, field: "targets[0].headers.Host", msg: "cannot be set here", hint: "url"},
		{name: "content-length", src: baseTarget + "    headers: {Content-Length: \"3\"}\n", line: 5, field: "targets[0].headers.Content-Length", msg: "cannot be set here", hint: "framing"},
		{name: "bad header name", src: baseTarget + "    headers: {\"X Env\": a}\n", line: 5, field: "targets[0].headers", msg: "not a valid header field name"},
		{name: "header twice", src: baseTarget + "    headers:\n      X-Env: a\n      x-env: b\n", line: 7, field: "targets[0].headers.x-env", msg: "given twice (first on line 6"},
		{name: "header null", src: baseTarget + "    headers:\n      X-Env:\n", line: 6, field: "targets[0].headers.X-Env", msg: "has no value", hint: `""`},
		{name: "header line break", src: baseTarget + "    headers: {X-Key: \"${KEY}\"}\n", env: map[string]string{"KEY": "a\r\nEvil: 1"}, line: 5, field: "targets[0].headers.X-Key", msg: "line break"},
		{name: "headers a list", src: baseTarget + "    headers: [X-Env]\n", line: 5, field: "targets[0].headers", msg: "mapping", hint: "{X-Env: staging}"},
		{name: "username without password", src: baseTarget + "    credentials: {username: \"${U}\"}\n", env: map[string]string{"U": "bob"}, line: 5, field: "targets[0].credentials.password", msg: "missing while username is set"},
		{name: "password without username", src: baseTarget + "    credentials: {password: \"${P}\"}\n", env: map[string]string{"P": "pw"}, line: 5, field: "targets[0].credentials.username", msg: "missing while password is set"},
		{name: "colon in username", src: baseTarget + "    credentials: {username: \"${U}\", password: \"${P}\"}\n", env: map[string]string{"U": "a:b", "P": "pw"}, line: 5, field: "targets[0].credentials.username", msg: "colon"},
		{name: "credentials typo", src: baseTarget + "    credentials:\n      user: ${U}\n", line: 6, field: "targets[0].credentials.user", msg: "unknown field 'user'", hint: "did you mean 'username'?"},
		{name: "credentials empty", src: baseTarget + "    credentials: {}\n", line: 5, field: "targets[0].credentials", msg: "is empty"},
		{name: "credentials unset variable", src: baseTarget + "    credentials:\n      token: ${STAGING_TOKEN}\n", line: 6, field: "targets[0].credentials.token", hint: "set STAGING_TOKEN in the environment or remove the reference"},
	})
}

func TestParseRejectsBadTLSAndWaivers(t *testing.T) {
	runRejections(t, []rejection{
		{name: "missing ca file", src: baseTarget + "    tls: {ca_file: nowhere.pem}\n", line: 5, field: "targets[0].tls.ca_file", msg: "nowhere.pem cannot be read", hint: "folder of the targets file"},
		{name: "cert without key", src: baseTarget + "    tls:\n      cert_file: testdata/tls/client.pem\n", line: 6, field: "targets[0].tls.key_file", msg: "missing while cert_file is set"},
		{name: "key without cert", src: baseTarget + "    tls:\n      key_file: testdata/tls/client.key\n", line: 6, field: "targets[0].tls.cert_file", msg: "missing while key_file is set"},
		{name: "tls typo", src: baseTarget + "    tls: {ca: x}\n", line: 5, field: "targets[0].tls.ca", msg: "unknown field 'ca'"},
		{name: "tls folder", src: baseTarget + "    tls: {ca_file: testdata}\n", line: 5, field: "targets[0].tls.ca_file", msg: "not a regular file"},
		{name: "bad server name", src: baseTarget + "    tls: {server_name: \"https://a\"}\n", line: 5, field: "targets[0].tls.server_name", msg: "not a host name"},
		{name: "waiver without reason", src: baseTarget + "    waivers:\n      - check: rfc9110/challenge-present\n", line: 6, field: "targets[0].waivers[0].reason", msg: "is missing", hint: "ticket"},
		{name: "waiver blank reason", src: baseTarget + "    waivers:\n      - {check: rfc9110/challenge-present, reason: \"  \"}\n", line: 6, field: "targets[0].waivers[0].reason", msg: "is empty"},
		{name: "waiver unknown rule", src: baseTarget + "    waivers:\n      - {check: rfc9110/challenge-presnt, reason: x}\n", line: 6, field: "targets[0].waivers[0].check", msg: "not a known rule ID", hint: "did you mean 'rfc9110/challenge-present'?"},
		{name: "waiver far-off rule", src: baseTarget + "    waivers:\n      - {check: nothing-like-it, reason: x}\n", line: 6, field: "targets[0].waivers[0].check", hint: "authspec checks"},
		{name: "waiver without check", src: baseTarget + "    waivers:\n      - reason: x\n", line: 6, field: "targets[0].waivers[0].check", msg: "is missing"},
		{name: "waiver bad date", src: baseTarget + "    waivers:\n      - {check: rfc9110/challenge-present, reason: x, until: 31/03/2027}\n", line: 6, field: "targets[0].waivers[0].until", msg: "not a date", hint: "YYYY-MM-DD"},
		{name: "waiver twice", src: baseTarget + "    waivers:\n      - {check: rfc9110/challenge-present, reason: x}\n      - {check: rfc9110/challenge-present, reason: y}\n", line: 7, field: "targets[0].waivers[1].check", msg: "waived twice (first on line 6)"},
		{name: "waivers a mapping", src: baseTarget + "    waivers: {check: x}\n", line: 5, field: "targets[0].waivers", msg: "must be a list"},
	})
}

func TestParseRejectsBadSettings(t *testing.T) {
	withDefaults := func(d string) string { return "defaults:\n  " + d + "\n" + baseTarget }
	runRejections(t, []rejection{
		{name: "per-target key in defaults", src: withDefaults("follow_redirects: true"), line: 2, field: "defaults.follow_redirects", msg: "unknown field", hint: "known fields: timeout"},
		{name: "defaults typo", src: withDefaults("timeuot: 1s"), line: 2, field: "defaults.timeuot", hint: "did you mean 'timeout'?"},
		{name: "defaults a list", src: "defaults: [timeout]\n" + baseTarget, line: 1, field: "defaults", msg: "must be a mapping"},
		{name: "bare number timeout", src: withDefaults("timeout: 10"), line: 2, field: "defaults.timeout", msg: "needs a unit", hint: "write 10s"},
		{name: "word timeout", src: withDefaults("timeout: 10 seconds"), line: 2, field: "defaults.timeout", msg: "not a duration", hint: "500ms"},
		{name: "negative timeout", src: withDefaults("timeout: -1s"), line: 2, field: "defaults.timeout", msg: "out of range"},
		{name: "zero concurrency", src: withDefaults("concurrency: 0"), line: 2, field: "defaults.concurrency", msg: "out of range", hint: "1 to 64"},
		{name: "flood concurrency", src: baseTarget + "    concurrency: 100\n", line: 5, field: "targets[0].concurrency", msg: "out of range"},
		{name: "fractional concurrency", src: withDefaults("concurrency: 1.5"), line: 2, field: "defaults.concurrency", msg: "whole number"},
		{name: "zero rate", src: withDefaults("rate: 0"), line: 2, field: "defaults.rate", msg: "out of range", hint: "greater than 0"},
		{name: "flood rate", src: withDefaults("rate: 5000"), line: 2, field: "defaults.rate", msg: "out of range"},
		{name: "infinite rate", src: withDefaults("rate: .inf"), line: 2, field: "defaults.rate", msg: "out of range"},
		{name: "word rate", src: withDefaults("rate: fast"), line: 2, field: "defaults.rate", msg: "must be a number"},
		{name: "many retries", src: withDefaults("retries: 9"), line: 2, field: "defaults.retries", msg: "out of range", hint: "0 to 5"},
		{name: "max_body unit", src: withDefaults("max_body: 1TB"), line: 2, field: "defaults.max_body", msg: "not a size", hint: "64KiB"},
		{name: "max_body zero", src: withDefaults("max_body: 0"), line: 2, field: "defaults.max_body", msg: "out of range"},
		{name: "max_body huge", src: withDefaults("max_body: 2GiB"), line: 2, field: "defaults.max_body", msg: "out of range"},
		{name: "strict yes", src: withDefaults("strict: yes"), line: 2, field: "defaults.strict", msg: "true or false"},
		{name: "retry-after word", src: withDefaults("max_retry_after: forever"), line: 2, field: "defaults.max_retry_after", msg: "not a duration"},
	})
}
