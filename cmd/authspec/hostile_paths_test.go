package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// hostileDoc writes an OpenAPI document (JSON, so any byte can be in a
// key) whose one secured path key is key, and a targets file naming it.
func hostileDoc(t *testing.T, key string) string {
	t.Helper()
	doc := map[string]any{
		"openapi": "3.0.3",
		"info":    map[string]any{"title": "t", "version": "1"},
		"components": map[string]any{"securitySchemes": map[string]any{
			"basic": map[string]any{"type": "http", "scheme": "basic"}}},
		"security": []any{map[string]any{"basic": []any{}}},
		"paths": map[string]any{
			key: map[string]any{"get": map[string]any{"responses": map[string]any{"200": map[string]any{"description": "ok"}}}},
		},
	}
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "api.json"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	return writeTargetsIn(t, dir, "targets:\n  - name: t\n    url: http://127.0.0.1:1\n    openapi: api.json\n")
}

// writeTargetsIn writes a targets file into dir.
func writeTargetsIn(t *testing.T, dir, content string) string {
	t.Helper()
	path := filepath.Join(dir, "targets.yaml")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// controlBytes are the bytes a terminal acts on: none may reach it raw.
var controlBytes = []string{"\x1b", "\x07", "\x00", "\r", "\x9b"}

// A path key that would drive the terminal (an escape sequence, an OSC-8
// link) is printed escaped by discover and validate, as run prints it.
func TestDiscoverAndValidateEscapePathKeys(t *testing.T) {
	key := "/x\x1b]8;;https://evil.example/\x07click\x1b]8;;\x07\x1b[2J"
	path := hostileDoc(t, key)
	var stdout, stderr bytes.Buffer
	if code := discover([]string{"-targets", path}, &stdout, &stderr); code != 0 {
		t.Fatalf("discover: exit %d, stderr %q", code, stderr.String())
	}
	for _, out := range []string{stdout.String(), stderr.String()} {
		for _, c := range controlBytes {
			if strings.Contains(out, c) {
				t.Errorf("discover printed a raw %q:\n%q", c, out)
			}
		}
	}
	if !strings.Contains(stdout.String(), "click") {
		t.Errorf("discover lost the path:\n%s", stdout.String())
	}
}

// A path key holding CR, LF or NUL can never be requested as written: it
// is a configuration error (exit 2) in validate, discover and run, and the
// message shows it escaped.
func TestPathKeysWithLineBreaksAreConfigErrors(t *testing.T) {
	for _, key := range []string{"/a\r\nX-Injected: 1", "/b\nc", "/c\x00d", "/d\re"} {
		path := hostileDoc(t, key)
		for name, cmd := range map[string]func([]string, *bytes.Buffer, *bytes.Buffer) int{
			"validate": func(a []string, o, e *bytes.Buffer) int { return validate(a, o, e, time.Now()) },
			"discover": func(a []string, o, e *bytes.Buffer) int { return discover(a, o, e) },
		} {
			var stdout, stderr bytes.Buffer
			code := cmd([]string{"-targets", path}, &stdout, &stderr)
			if code != 2 || !strings.Contains(stderr.String(), "path key") {
				t.Errorf("%s with path key %q: exit %d, stderr %q; want 2 naming the path key", name, key, code, stderr.String())
			}
			for _, c := range controlBytes {
				if strings.Contains(stdout.String()+stderr.String(), c) {
					t.Errorf("%s printed a raw %q: %q", name, c, stderr.String())
				}
			}
			if strings.Count(stderr.String(), "\n") > 1 {
				t.Errorf("%s printed the error over several lines: %q", name, stderr.String())
			}
		}
	}
}
