package main

import (
	"bytes"
	"net"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// targetsWithDocument returns a targets file naming an OAI example
// document by its absolute path, plus a hand-listed target. Both targets'
// url is a loopback listener that counts connections; it returns a
// function saying how many it accepted.
func targetsWithDocument(t *testing.T, doc string) (string, func() int64) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	var accepted atomic.Int64
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			c.Close()
		}
	}()
	url := "http://" + ln.Addr().String()
	abs, err := filepath.Abs(filepath.Join("..", "..", "internal", "openapi", "testdata", doc))
	if err != nil {
		t.Fatal(err)
	}
	path := writeTargets(t, "targets:\n  - name: users\n    url: "+url+"\n    openapi: "+abs+"\n"+
		"  - name: legacy\n    url: "+url+"\n    resources: [/a, /b]\n")
	return path, accepted.Load
}

func TestDiscoverPrintsEveryTarget(t *testing.T) {
	path, accepted := targetsWithDocument(t, "oai/non-oauth-scopes.yaml")
	var stdout, stderr bytes.Buffer
	if code := discover([]string{"-targets", path}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d, want 0; stderr: %s", code, stderr.String())
	}
	time.Sleep(50 * time.Millisecond) // a connection, had one been made, is counted by now
	if n := accepted(); n != 0 {
		t.Errorf("discover opened %d connections to the targets, want none", n)
	}
	for _, want := range []string{
		"(OpenAPI 3.1.0), base path /\n",
		"  protected  GET  /users  line 7  security: bearerAuth [read:users, public]; expects Bearer\n",
		"  1 protected, 0 public, 0 skipped\n",
		"legacy: no openapi document; 2 resources listed by hand\n",
	} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout.String())
		}
	}
}

func TestDiscoverAndValidateRejectAnUnusableDocument(t *testing.T) {
	path, _ := targetsWithDocument(t, "oai/petstore.yaml")
	var stdout, stderr bytes.Buffer
	if code := discover([]string{"-targets", path}, &stdout, &stderr); code != 2 || stdout.Len() != 0 {
		t.Fatalf("discover: exit %d, stdout %q; want 2 and nothing", code, stdout.String())
	}
	if !strings.Contains(stderr.String(), "petstore.yaml:8: target users: servers[0].url") {
		t.Errorf("discover stderr = %q", stderr.String())
	}
	stdout.Reset()
	stderr.Reset()
	if code := validate([]string{"-targets", path}, &stdout, &stderr, time.Now()); code != 2 {
		t.Fatalf("validate: exit %d, want 2 for a document that does not load", code)
	}
	if !strings.Contains(stderr.String(), "configuration error") || !strings.Contains(stderr.String(), "is on another host") {
		t.Errorf("validate stderr = %q", stderr.String())
	}
}

func TestDiscoverUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := discover([]string{"extra"}, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), `unexpected argument "extra"`) {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
	if code := discover([]string{"-h"}, &stdout, &stderr); code != 0 {
		t.Errorf("-h: exit %d, want 0", code)
	}
	if code := discover([]string{"-targets", filepath.Join(t.TempDir(), "none.yaml")}, &stdout, &stderr); code != 2 {
		t.Errorf("missing file: exit %d, want 2", code)
	}
}
