package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fuzzSecret is what every environment variable holds during fuzzing; no
// error or warning may ever quote it.
const fuzzSecret = "FUZZ-SECRET-v4lue"

// FuzzParse feeds arbitrary bytes to Parse. Whatever the input, Parse must
// return (never panic or hang), reject with an *Error that says something,
// never quote a secret, and accept only configurations the rest of
// authspec can rely on.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "*.yaml"))
	for _, path := range seeds {
		if data, err := os.ReadFile(path); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		oldKnown, oldIDs := KnownCheck, CheckIDs
		KnownCheck = func(id string) bool { return contains(testRuleIDs, id) }
		CheckIDs = func() []string { return testRuleIDs }
		defer func() { KnownCheck, CheckIDs = oldKnown, oldIDs }()

		env := func(string) (string, bool) { return fuzzSecret, true }
		cfg, warnings, err := Parse(filepath.Join("testdata", "fuzz.yaml"), data, env)
		for _, w := range warnings {
			if strings.Contains(w.String(), fuzzSecret) {
				t.Fatalf("warning quotes a secret: %s", w)
			}
		}
		if err != nil {
			checkRejection(t, cfg, err)
			return
		}
		checkAccepted(t, cfg)
	})
}

func checkRejection(t *testing.T, cfg *Config, err error) {
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is a %T, not *config.Error", err, err)
	}
	if cfg != nil {
		t.Fatalf("config returned with error %v", err)
	}
	if e.Line < 0 || e.Column < 0 || (e.Field == "" && e.Msg == "") || e.Msg == "" {
		t.Fatalf("error without place or message: %#v", e)
	}
	if strings.Contains(e.Error(), fuzzSecret) {
		t.Fatalf("error quotes a secret: %v", e)
	}
}

func checkAccepted(t *testing.T, cfg *Config) {
	if cfg == nil || len(cfg.Targets) == 0 {
		t.Fatalf("accepted without targets: %+v", cfg)
	}
	for _, tg := range cfg.Targets {
		if !validName.MatchString(tg.Name) || tg.URL == "" || (len(tg.Resources) == 0 && tg.OpenAPI == nil) || tg.Line < 1 {
			t.Fatalf("accepted an incomplete target: %+v", tg)
		}
		if o := tg.OpenAPI; o != nil && (o.Location == "" || o.MaxOperations < 1 || o.MaxOperations > maxMaxOperations ||
			(o.Server != "" && !strings.HasPrefix(o.Server, "/"))) {
			t.Fatalf("accepted an incomplete openapi source: %+v", o)
		}
		if (tg.Kind == Proxy) != (tg.Through != "") || (tg.Kind != Proxy && tg.Kind != Origin) {
			t.Fatalf("accepted kind %q with through %q", tg.Kind, tg.Through)
		}
		for _, r := range tg.Resources {
			if !strings.HasPrefix(r.Path, "/") || len(r.Methods) == 0 {
				t.Fatalf("accepted resource %+v", r)
			}
		}
		if tg.Timeout <= 0 || tg.MaxBody <= 0 || tg.Concurrency < 1 || tg.Concurrency > maxConcurrency ||
			!(tg.Rate > 0 && tg.Rate <= maxRate) || tg.Retries < 0 || tg.Retries > maxRetries || tg.MaxRetryAfter < 0 {
			t.Fatalf("accepted settings out of bounds: %+v", tg)
		}
		for name, value := range tg.Headers {
			if !isToken(name) || strings.ContainsAny(value, "\r\n\x00") {
				t.Fatalf("accepted header %q", name)
			}
		}
		for _, w := range tg.Waivers {
			if !KnownCheck(w.Check) || strings.TrimSpace(w.Reason) == "" {
				t.Fatalf("accepted waiver %+v", w)
			}
		}
	}
}
