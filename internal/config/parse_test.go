package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// validEnv resolves every reference in testdata/valid.yaml.
var validEnv = map[string]string{
	"STAGING_HOST":  "staging.example.com",
	"STAGING_USER":  "ci-bot",
	"STAGING_PASS":  "s3cret-pass",
	"STAGING_TOKEN": "tok-123",
	"STAGING_KEY":   "k-456",
	"PROXY_TOKEN":   "proxy-tok",
}

func TestParseValidExample(t *testing.T) {
	useTestChecks(t)
	path := filepath.Join("testdata", "valid.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg, warnings, err := Parse(path, data, envOf(validEnv))
	if err != nil {
		t.Fatalf("rejected: %v", err)
	}
	if len(warnings) != 0 {
		t.Errorf("warnings = %v, want none", warnings)
	}
	until := time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)
	want := &Config{File: path, Targets: []Target{{
		Name: "staging-api",
		URL:  "https://staging.example.com",
		Kind: Origin,
		Resources: []Resource{
			{Path: "/api/v1/me", Methods: []string{"GET"}, Line: 17},
			{Path: "/admin", Methods: []string{"GET", "POST"}, Line: 18},
			{Path: "/search?q=x", Methods: []string{"HEAD"}, Line: 19},
		},
		ExpectSchemes: []string{"Bearer", "Basic"},
		Credentials:   &Credentials{Username: "ci-bot", Password: "s3cret-pass", Token: "tok-123"},
		Headers:       map[string]string{"X-Env": "staging", "X-Api-Key": "key-k-456"},
		SecretHeaders: map[string]bool{"x-api-key": true}, // from ${STAGING_KEY}
		TLS: TLS{
			CAFile:     filepath.Join("testdata", "tls", "ca.pem"),
			CertFile:   filepath.Join("testdata", "tls", "client.pem"),
			KeyFile:    filepath.Join("testdata", "tls", "client.key"),
			ServerName: "api.staging.example.com",
		},
		FollowRedirects: true,
		Waivers: []Waiver{
			{Check: "rfc9110/challenge-present", Reason: "ticket OPS-123: legacy gateway", Until: &until, Line: 38},
			{Check: "rfc7617/basic-realm-required", Reason: "vendor bug", Line: 41},
		},
		Timeout: 20 * time.Second, MaxBody: 64 << 10, Strict: true, Concurrency: 4,
		Rate: 1, Retries: 1, MaxRetryAfter: 30 * time.Second,
		Line: 13,
	}, {
		Name:        "corp_proxy",
		URL:         "http://127.0.0.1:3128",
		Kind:        Proxy,
		Through:     "http://example.com/",
		Resources:   []Resource{{Path: "/", Methods: []string{"GET"}, Line: 47}},
		Credentials: &Credentials{Token: "proxy-tok"},
		Timeout:     5 * time.Second, MaxBody: 512, Strict: false, Concurrency: 4,
		Rate: 2.5, Retries: 1, MaxRetryAfter: 30 * time.Second,
		Line: 43,
	}}}
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("loaded\n%+v\nwant\n%+v", cfg.Targets, want.Targets)
		for i := range want.Targets {
			if i < len(cfg.Targets) && !reflect.DeepEqual(cfg.Targets[i], want.Targets[i]) {
				t.Errorf("targets[%d] differs:\n got %+v\nwant %+v", i, cfg.Targets[i], want.Targets[i])
			}
		}
	}
}

func TestParseAppliesBuiltinDefaults(t *testing.T) {
	cfg, _ := mustParse(t, baseTarget, nil)
	got := cfg.Targets[0]
	if got.Timeout != 10*time.Second || got.MaxBody != 1<<20 || got.Strict || got.Concurrency != 2 ||
		got.Rate != 10 || got.Retries != 2 || got.MaxRetryAfter != 10*time.Second {
		t.Errorf("settings = %+v, want the built-in defaults", got)
	}
	if got.Kind != Origin || !reflect.DeepEqual(got.Resources, []Resource{{Path: "/x", Methods: []string{"GET"}, Line: 4}}) {
		t.Errorf("kind %q resources %+v, want origin and GET /x", got.Kind, got.Resources)
	}
	if got.Credentials != nil || got.AllowCleartext || got.FollowRedirects || got.Line != 2 {
		t.Errorf("target = %+v, want no credentials, no cleartext, no redirects, line 2", got)
	}
}

func TestParseInheritsAndOverridesDefaults(t *testing.T) {
	src := "defaults:\n  timeout: 3s\n  max_body: 1MB\n  strict: true\n  concurrency: 8\n  rate: 0.5\n  retries: 0\n  max_retry_after: 0s\n" +
		baseTarget +
		"  - name: other\n    url: https://b.example\n    resources: [/y]\n" +
		"    timeout: 250ms\n    max_body: 2KiB\n    strict: false\n    concurrency: 1\n    rate: 100\n    retries: 5\n    max_retry_after: 1m\n"
	cfg, _ := mustParse(t, src, nil)
	inherited, overridden := cfg.Targets[0], cfg.Targets[1]
	if inherited.Timeout != 3*time.Second || inherited.MaxBody != 1000000 || !inherited.Strict ||
		inherited.Concurrency != 8 || inherited.Rate != 0.5 || inherited.Retries != 0 || inherited.MaxRetryAfter != 0 {
		t.Errorf("inherited settings = %+v", inherited)
	}
	if overridden.Timeout != 250*time.Millisecond || overridden.MaxBody != 2048 || overridden.Strict ||
		overridden.Concurrency != 1 || overridden.Rate != 100 || overridden.Retries != 5 || overridden.MaxRetryAfter != time.Minute {
		t.Errorf("overridden settings = %+v", overridden)
	}
}

func TestParseByteSizes(t *testing.T) {
	for in, want := range map[string]int64{
		"512": 512, "64KiB": 64 << 10, "1MiB": 1 << 20, "1MB": 1000000, "1KB": 1000,
		"10 kib": 10 << 10, "1GiB": 1 << 30, "7b": 7,
	} {
		cfg, _ := mustParse(t, baseTarget+"    max_body: "+in+"\n", nil)
		if got := cfg.Targets[0].MaxBody; got != want {
			t.Errorf("max_body %s = %d, want %d", in, got, want)
		}
	}
}

func TestParseResolvesEnvironmentReferences(t *testing.T) {
	src := "targets:\n  - name: p\n    url: ${SCHEME}://${HOST}:${PORT}\n    kind: proxy\n" +
		"    through: http://${INNER}/path?q=1\n    resources: [/]\n" +
		"    headers: {X-Key: \"k:${KEY}$x\"}\n    credentials: {token: \"${TOKEN}\"}\n"
	env := map[string]string{"SCHEME": "https", "HOST": "proxy.internal", "PORT": "8443", "INNER": "example.com",
		"KEY": "abc", "TOKEN": "t0k"}
	cfg, warnings := mustParse(t, src, env)
	got := cfg.Targets[0]
	if got.URL != "https://proxy.internal:8443" || got.Through != "http://example.com/path?q=1" {
		t.Errorf("url %q through %q", got.URL, got.Through)
	}
	if got.Headers["X-Key"] != "k:abc$x" {
		t.Errorf("header = %q, want k:abc$x (a lone $ is kept)", got.Headers["X-Key"])
	}
	if got.Credentials.Token != "t0k" || len(got.Credentials.Literal) != 0 || len(warnings) != 0 {
		t.Errorf("credentials %+v warnings %v, want t0k from the environment and no warning", got.Credentials, warnings)
	}
}

func TestParseWarnsAboutLiteralCredentials(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "literal-credentials.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, warnings := mustParse(t, string(data), nil)
	c := cfg.Targets[0].Credentials
	if c.Username != "alice" || !reflect.DeepEqual(c.Literal, []string{"username", "password"}) {
		t.Errorf("credentials = %+v, want alice with username and password literal", c)
	}
	if len(warnings) != 2 || warnings[1].Field != "targets[0].credentials.password" || warnings[1].Line != 8 ||
		!strings.Contains(warnings[1].Msg, "${VAR}") {
		t.Fatalf("warnings = %v, want one per literal field, on its line", warnings)
	}
	for _, w := range warnings {
		if strings.Contains(w.String(), "not-a-real-password") || strings.Contains(w.String(), "alice") {
			t.Errorf("warning %q quotes a credential", w)
		}
	}
}

func TestParseWarnsAboutTLSSettings(t *testing.T) {
	_, warnings := mustParse(t, baseTarget+"    tls: {insecure_skip_verify: true}\n", nil)
	if len(warnings) != 1 || !strings.Contains(warnings[0].Msg, "verification") || warnings[0].Line != 5 {
		t.Errorf("warnings = %v, want one about verification on line 5", warnings)
	}
	_, warnings = mustParse(t, "targets:\n  - {name: a, url: \"http://localhost:1\", resources: [/], tls: {server_name: a}}\n", nil)
	if len(warnings) != 1 || !strings.Contains(warnings[0].Msg, "not https") {
		t.Errorf("warnings = %v, want one saying tls is ignored over http", warnings)
	}
}

func TestParseAllowsCleartextWhenAskedOrLoopback(t *testing.T) {
	for _, src := range []string{
		"targets:\n  - {name: a, url: \"http://api.example.com\", resources: [/], allow_cleartext: true, credentials: {token: \"${T}\"}}\n",
		"targets:\n  - {name: a, url: \"http://127.0.0.1:8080\", resources: [/], credentials: {token: \"${T}\"}}\n",
		"targets:\n  - {name: a, url: \"http://[::1]:8080\", resources: [/], credentials: {token: \"${T}\"}}\n",
		"targets:\n  - {name: a, url: \"http://localhost\", resources: [/], credentials: {token: \"${T}\"}}\n",
		"targets:\n  - {name: a, url: builtin:reference, resources: [/], credentials: {token: \"${T}\"}}\n",
	} {
		cfg, _ := mustParse(t, src, map[string]string{"T": "x"})
		if cfg.Targets[0].Credentials == nil {
			t.Errorf("credentials dropped for %s", src)
		}
	}
}

// "localhost." is localhost (DNS ignores the trailing dot): no cleartext
// warning, just as the probe layer sends credentials there.
func TestParseTreatsTrailingDotLocalhostAsLoopback(t *testing.T) {
	src := "targets:\n  - {name: a, url: \"http://localhost.:8080/\", resources: [/], credentials: {token: \"${T}\"}}\n"
	_, warnings := mustParse(t, src, map[string]string{"T": "x"})
	if len(warnings) != 0 {
		t.Errorf("warnings = %v, want none for http://localhost./", warnings)
	}
}

func TestIsLoopbackHost(t *testing.T) {
	for host, want := range map[string]bool{
		"localhost": true, "LOCALHOST": true, "localhost.": true, "app.localhost": true, "app.localhost.": true,
		"127.0.0.1": true, "127.1.2.3": true, "::1": true,
		"": false, "example.com": false, "localhost.example.com": false, "notlocalhost": false,
		"10.0.0.1": false, "::": false, "[::1]": false,
	} {
		if got := IsLoopbackHost(host); got != want {
			t.Errorf("IsLoopbackHost(%q) = %v, want %v", host, got, want)
		}
	}
}

func TestParseAcceptsExpiredWaiver(t *testing.T) {
	useTestChecks(t)
	cfg, _ := mustParse(t, baseTarget+"    waivers:\n      - {check: rfc9110/realm-quoted, reason: old, until: 2001-01-31}\n", nil)
	w := cfg.Targets[0].Waivers[0]
	if w.Line != 6 || w.Until == nil {
		t.Fatalf("waiver = %+v, want line 6 with a date", w)
	}
	if !w.Active(time.Date(2001, 1, 31, 23, 59, 0, 0, time.UTC)) || w.Active(time.Date(2001, 2, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("waiver until 2001-01-31 should apply through that whole day and no later")
	}
}

func TestParseNeverQuotesSecrets(t *testing.T) {
	secret := "Sup3rSecretValue"
	for _, src := range []string{
		"targets:\n  - {name: a, url: \"https://${S}@x.example\", resources: [/]}\n",
		"targets:\n  - {name: a, url: \"https://x.example\", resources: [/], headers: {X-Key: \"${S}\\n\"}}\n",
		"targets:\n  - {name: a, url: \"https://x.example\", resources: [/], credentials: {username: \"${S}:\", password: \"${S}\"}}\n",
		"targets:\n  - {name: a, url: \"https://x.example\", resources: [/], credentials: " + secret + "}\n",
		"targets:\n  - {name: a, url: \"https://x.example\", resources: [/], credentials: {username: " + secret + "}}\n",
	} {
		e := mustFail(t, src, map[string]string{"S": secret})
		if strings.Contains(e.Error(), secret) {
			t.Errorf("error %q quotes the secret", e)
		}
	}
}

func TestParseNilEnvironmentHasNoVariables(t *testing.T) {
	_, _, err := Parse("t.yaml", []byte("targets:\n  - {name: a, url: \"https://${HOME}\", resources: [/]}\n"), nil)
	if err == nil || !strings.Contains(err.Error(), "set HOME in the environment") {
		t.Errorf("err = %v, want HOME reported unset", err)
	}
}

func TestLoad(t *testing.T) {
	cfg, warnings, err := Load(filepath.Join("testdata", "minimal.yaml"))
	if err != nil || len(warnings) != 0 {
		t.Fatalf("minimal.yaml: err %v warnings %v", err, warnings)
	}
	if cfg.File != filepath.Join("testdata", "minimal.yaml") || cfg.Targets[0].URL != BuiltinReference || cfg.Targets[0].Line != 3 {
		t.Errorf("loaded %+v", cfg)
	}
	_, _, err = Load(filepath.Join("testdata", "tabs.yaml"))
	var e *Error
	if !errors.As(err, &e) || e.Line != 5 || !strings.Contains(e.Hint, "use spaces, not tabs") {
		t.Errorf("tabs.yaml: err = %v, want a tab error on line 5", err)
	}
}

func TestLoadRejectsUnreadableFiles(t *testing.T) {
	dir := t.TempDir()
	huge := filepath.Join(dir, "huge.yaml")
	if err := os.WriteFile(huge, []byte(strings.Repeat("#", MaxFileSize+1)), 0o600); err != nil {
		t.Fatal(err)
	}
	for path, fragment := range map[string]string{
		filepath.Join(dir, "missing.yaml"): "create it, or pass its path with -targets FILE",
		dir:                                "is a folder",
		huge:                               "larger than 1024 KiB",
	} {
		_, _, err := Load(path)
		var e *Error
		if !errors.As(err, &e) || e.File != path || !strings.Contains(e.Error(), fragment) {
			t.Errorf("Load(%s) = %v, want an *Error containing %q", path, err, fragment)
		}
	}
}

func TestErrorFormat(t *testing.T) {
	e := &Error{File: "targets.yaml", Line: 12, Column: 9, Field: "targets[0].resources[1]",
		Msg: `path "admin" must start with "/"`, Hint: `write "/admin"`}
	want := `targets.yaml:12: targets[0].resources[1]: path "admin" must start with "/" (write "/admin")`
	if e.Error() != want {
		t.Errorf("Error() = %s\nwant      %s", e.Error(), want)
	}
	if got := (&Error{File: "t.yaml", Msg: "is empty"}).Error(); got != "t.yaml: is empty" {
		t.Errorf("Error() without line and field = %q", got)
	}
	w := Warning{File: "t.yaml", Line: 3, Field: "targets[0].credentials.token", Msg: "is written in the file"}
	if w.String() != "t.yaml:3: targets[0].credentials.token: is written in the file" {
		t.Errorf("Warning.String() = %q", w.String())
	}
}

func TestRealCatalogueIsConsulted(t *testing.T) {
	// Without useTestChecks, waivers go through the checks catalogue: an ID
	// that can never exist there is refused.
	e := mustFail(t, baseTarget+"    waivers: [{check: no/such-rule-ever, reason: x}]\n", nil)
	if !strings.Contains(e.Msg, "not a known rule ID") {
		t.Errorf("err = %v", e)
	}
}

// Credentials for a non-loopback http target are not an error: the probe
// layer keeps them off the wire and the report says the control checks were
// skipped. The file still loads, with a warning that says so.
func TestParseWarnsAboutCleartextCredentials(t *testing.T) {
	src := "targets:\n  - name: api\n    url: http://api.example.com\n    resources: [/x]\n    credentials: {token: \"${T}\"}\n"
	cfg, warnings := mustParse(t, src, map[string]string{"T": "t"})
	if cfg.Targets[0].Credentials == nil || cfg.Targets[0].AllowCleartext {
		t.Fatalf("target = %+v, want credentials kept and allow_cleartext false", cfg.Targets[0])
	}
	if len(warnings) != 1 || warnings[0].Line != 5 || !strings.Contains(warnings[0].Msg, "allow_cleartext: true") {
		t.Errorf("warnings = %v, want one on line 5 naming allow_cleartext", warnings)
	}
}

// A waiver written against a renamed rule's former ID loads under the
// current ID, so it still waives the results, which carry the new ID.
func TestWaiverOnAliasLoadsUnderTheCurrentID(t *testing.T) {
	cfg, _ := mustParse(t, baseTarget+"    waivers: [{check: rfc9112/content-length-matches, reason: legacy proxy}]\n", nil)
	if got := cfg.Targets[0].Waivers[0].Check; got != "rfc9110/content-length-matches" {
		t.Errorf("waiver check = %q, want the current ID", got)
	}
	e := mustFail(t, baseTarget+"    waivers:\n      - {check: rfc9112/content-length-matches, reason: a}\n      - {check: rfc9110/content-length-matches, reason: b}\n", nil)
	if !strings.Contains(e.Msg, "waived twice") {
		t.Errorf("the old and the new ID name one rule: %v", e)
	}
}
