package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authspec/authspec/internal/checks"
)

// writeTargets writes a targets file into a fresh folder and returns its path.
func writeTargets(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "targets.yaml")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

const validTargets = `targets:
  - name: reference
    url: builtin:reference
    resources: [/protected]
  - name: local
    url: http://127.0.0.1:8080
    resources: [/private]
    credentials:
      username: alice
      password: literal-pw
`

func TestValidateAcceptsAValidFile(t *testing.T) {
	path := writeTargets(t, validTargets)
	var stdout, stderr bytes.Buffer
	if code := validate([]string{"-targets", path}, &stdout, &stderr, time.Now()); code != 0 {
		t.Fatalf("exit %d, want 0; stderr: %s", code, stderr.String())
	}
	if want := path + ": 2 targets OK\n"; stdout.String() != want {
		t.Errorf("stdout = %q, want %q", stdout.String(), want)
	}
	if !strings.Contains(stderr.String(), "warning: "+path+":10: targets[1].credentials.password") {
		t.Errorf("stderr = %q, want a warning about the literal password", stderr.String())
	}
	if strings.Contains(stdout.String()+stderr.String(), "literal-pw") {
		t.Errorf("output quotes the password")
	}
}

func TestValidateRejectsABadFile(t *testing.T) {
	path := writeTargets(t, "targets:\n  - name: api\n    url: https://api.example.com\n    resources: [admin]\n")
	var stdout, stderr bytes.Buffer
	if code := validate([]string{"-targets", path}, &stdout, &stderr, time.Now()); code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
	want := path + `:4: targets[0].resources[0]: path "admin" must start with "/" (write "/admin")`
	if !strings.Contains(stderr.String(), want) || stdout.Len() != 0 {
		t.Errorf("stdout %q stderr %q, want the error %q on stderr only", stdout.String(), stderr.String(), want)
	}
}

func TestValidateExitCodes(t *testing.T) {
	dir := t.TempDir()
	good := writeTargets(t, validTargets)
	bad := writeTargets(t, "targets: []\n")
	for _, c := range []struct {
		args []string
		want int
	}{
		{[]string{"-targets", good}, 0},
		{[]string{"-targets=" + good}, 0},
		{[]string{"-targets", bad}, 2},
		{[]string{"-targets", filepath.Join(dir, "missing.yaml")}, 2},
		{[]string{"-targets", dir}, 2},
		{[]string{"-nosuchflag"}, 2},
		{[]string{"-targets", good, "extra"}, 2},
	} {
		var stdout, stderr bytes.Buffer
		if code := validate(c.args, &stdout, &stderr, time.Now()); code != c.want {
			t.Errorf("validate %q = %d, want %d (stderr %q)", c.args, code, c.want, stderr.String())
		}
	}
}

func TestValidateDefaultsToTargetsYAMLInTheWorkingDirectory(t *testing.T) {
	dir := filepath.Dir(writeTargets(t, validTargets))
	t.Chdir(dir)
	if code := cmdValidate(nil); code != 0 {
		t.Errorf("exit %d in a folder with a valid targets.yaml, want 0", code)
	}
	t.Chdir(t.TempDir())
	if code := cmdValidate(nil); code != 2 {
		t.Errorf("exit %d in a folder without targets.yaml, want 2", code)
	}
}

func TestValidateReportsExpiredWaivers(t *testing.T) {
	rules := checks.All()
	if len(rules) == 0 {
		t.Skip("the checks catalogue is empty")
	}
	id := rules[0].ID
	path := writeTargets(t, "targets:\n  - name: api\n    url: https://api.example.com\n    resources: [/x]\n"+
		"    waivers:\n      - {check: "+id+", reason: old ticket, until: 2026-01-31}\n")
	var stdout, stderr bytes.Buffer
	before := time.Date(2026, 1, 31, 12, 0, 0, 0, time.UTC)
	if code := validate([]string{"-targets", path}, &stdout, &stderr, before); code != 0 || stderr.Len() != 0 {
		t.Fatalf("exit %d stderr %q on the waiver's last day, want 0 and silence", code, stderr.String())
	}
	after := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	if code := validate([]string{"-targets", path}, &stdout, &stderr, after); code != 0 {
		t.Fatalf("exit %d after expiry, want 0: an expired waiver is not an error", code)
	}
	want := path + ":6: targets[0].waivers[0]: waiver for " + id + " expired on 2026-01-31"
	if !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr = %q, want %q", stderr.String(), want)
	}
}
