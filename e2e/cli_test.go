package e2e

import (
	"bytes"
	"context"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authspec/authspec/internal/fixtures"
	"github.com/authspec/authspec/internal/junitcheck"
	"github.com/authspec/authspec/internal/report"
)

// startFixture starts one fixture by name for the length of the test.
func startFixture(t *testing.T, name string) (fixtures.Fixture, string) {
	t.Helper()
	f, ok := fixtures.ByName(name)
	if !ok {
		t.Fatalf("no fixture %q", name)
	}
	url, stop, err := f.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return f, url
}

func targetsFor(f fixtures.Fixture, url string, extra string) string {
	var b strings.Builder
	b.WriteString("targets:\n")
	writeTarget(&b, f, url)
	b.WriteString(extra)
	return b.String()
}

// The done-criterion of the suite: a target that answers 401 without
// WWW-Authenticate makes `make run` exit 1, with a JUnit <failure> that
// names RFC 9110 §11.6.1 / §15.5.2, and reports that validate against the
// JUnit schema. This goes through make, the run command and the pinned
// ginkgo CLI: the path a user takes.
func TestMakeRunFailsOnMissingChallenge(t *testing.T) {
	f, url := startFixture(t, "no-challenge")
	dir := t.TempDir()
	tf := filepath.Join(dir, "targets.yaml")
	if err := os.WriteFile(tf, []byte(targetsFor(f, url, "")), 0o600); err != nil {
		t.Fatal(err)
	}
	reports := filepath.Join(dir, "reports")
	code, out := runMake(t, "run", "TARGETS="+tf, "REPORTS="+reports)
	if code != 1 {
		t.Fatalf("make run exited %d, want 1\n%s", code, tail(out))
	}
	junit, err := os.ReadFile(filepath.Join(reports, "junit.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc junitDoc
	if err := xml.Unmarshal(junit, &doc); err != nil {
		t.Fatalf("junit.xml does not parse: %v", err)
	}
	found := false
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			if c.Failure != nil && strings.HasPrefix(c.Name, "rfc9110/challenge-present ") &&
				strings.Contains(c.Failure.Message, "RFC 9110 §15.5.2, §11.6.1") {
				found = true
			}
		}
	}
	if !found {
		t.Errorf("no <failure> for rfc9110/challenge-present naming RFC 9110 §15.5.2, §11.6.1 in junit.xml:\n%s", tail(string(junit)))
	}
	validateJUnit(t, filepath.Join(reports, "junit.xml"))
	if !strings.Contains(out, "rfc9110/challenge-present") {
		t.Errorf("the terminal summary does not name the failed rule:\n%s", tail(out))
	}
}

// A configuration error stops `make run` with exit code 2 before anything
// is sent, names file, line and field, and leaves no report behind, not
// even one from an earlier run.
func TestMakeRunConfigErrorExits2(t *testing.T) {
	dir := t.TempDir()
	tf := filepath.Join(dir, "targets.yaml")
	bad := "targets:\n  - name: api\n    url: http://127.0.0.1:1\n    resouces: [/x]\n"
	if err := os.WriteFile(tf, []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	reports := filepath.Join(dir, "reports")
	if err := os.MkdirAll(reports, 0o755); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(reports, "results.json")
	if err := os.WriteFile(stale, []byte(`{"version":1,"targets":[]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out := runMake(t, "run", "TARGETS="+tf, "REPORTS="+reports)
	if code != 2 {
		t.Fatalf("make run exited %d, want 2\n%s", code, tail(out))
	}
	for _, want := range []string{tf + ":4", "resouces", "did you mean 'resources'"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, tail(out))
		}
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("a results.json from an earlier run survived a configuration error")
	}
}

// authspec run itself also refuses a bad file with exit code 2.
func TestSuiteConfigErrorExits2(t *testing.T) {
	o := runSuite(t, "targets:\n\t- name: tabs\n")
	if o.Code != 2 || o.Run != nil {
		t.Fatalf("exit %d (results written: %v), want 2 and no results\n%s", o.Code, o.Run != nil, o.Stderr)
	}
	if !strings.Contains(o.Stderr, "tab") {
		t.Errorf("message does not mention the tab:\n%s", o.Stderr)
	}
}

func runMake(t *testing.T, args ...string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "make", append([]string{"-C", ".."}, args...)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("make %v did not end in time", args)
	}
	return exitCodeOf(err), out.String()
}

// validateJUnit checks a junit.xml against the JUnit schema CI readers
// follow: always with junitcheck, the Go mirror of
// report/testdata/junit.xsd, so the e2e tests need only Go; and, when
// AUTHSPEC_XMLLINT=1 asks for it (as CI does), also with xmllint (Debian's
// libxml2-utils) against the XSD itself, where a missing xmllint fails.
func validateJUnit(t *testing.T, path string) {
	t.Helper()
	doc, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := junitcheck.Check(doc); err != nil {
		t.Errorf("junit.xml breaks the rules of the JUnit schema: %v", err)
	}
	if os.Getenv("AUTHSPEC_XMLLINT") != "1" {
		return
	}
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Fatal("AUTHSPEC_XMLLINT=1 but xmllint not found: install libxml2-utils")
	}
	out, err := exec.Command("xmllint", "--noout", "--nonet", "--schema", "../internal/report/testdata/junit.xsd", path).CombinedOutput()
	if err != nil {
		t.Errorf("junit.xml does not validate against the JUnit schema: %v\n%s", err, out)
	}
}

type junitDoc struct {
	Suites []struct {
		Name  string `xml:"name,attr"`
		Cases []struct {
			Name      string `xml:"name,attr"`
			Classname string `xml:"classname,attr"`
			Failure   *struct {
				Message string `xml:"message,attr"`
				Body    string `xml:",chardata"`
			} `xml:"failure"`
			Skipped *struct {
				Message string `xml:"message,attr"`
			} `xml:"skipped"`
			SystemOut string `xml:"system-out"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

// A label filter selects Ginkgo specs, and so results: with rfc6750 only
// the Bearer rules run and report.
func TestLabelFilterSelectsRules(t *testing.T) {
	shipped, err := os.ReadFile("../targets.yaml")
	if err != nil {
		t.Fatal(err)
	}
	o := runSuiteArgs(t, string(shipped), []string{"-labels=rfc6750"})
	if o.Code != 0 {
		t.Fatalf("exit %d\n%s", o.Code, tail(o.Stdout))
	}
	n := 0
	for _, tg := range o.Run.Targets {
		for _, r := range tg.Results {
			n++
			if !strings.HasPrefix(r.Check, "rfc6750/") {
				t.Fatalf("label rfc6750 let %s through", r.Check)
			}
		}
	}
	if n == 0 {
		t.Fatal("label rfc6750 selected no Bearer result")
	}
}

// A waiver turns a rule's failure into a skip that carries its reason, and
// the run passes; once expired, it stops applying and the report says so.
func TestWaivers(t *testing.T) {
	f, url := startFixture(t, "no-content-type")
	want := f.ExpectFail
	if len(want) == 0 {
		want = []string{"rfc9110/content-type"}
	}
	var waivers strings.Builder
	waivers.WriteString("    waivers:\n")
	for _, id := range want {
		waivers.WriteString("      - {check: " + id + ", reason: \"ticket 123\"}\n")
	}
	o := runSuite(t, targetsFor(f, url, waivers.String())+"    strict: true\n", credentialEnv...)
	tg := o.target(t, f.Name)
	if o.Code != 0 || tg.Verdict != "pass" {
		t.Errorf("waived run: exit %d verdict %s\n%s", o.Code, tg.Verdict, describe(tg))
	}
	skipped := false
	for _, r := range tg.Results {
		if r.Check == want[0] && r.Outcome == report.Skip && strings.Contains(r.Message, "ticket 123") {
			skipped = true
		}
		if r.Check == want[0] && r.Outcome == report.Pass {
			t.Errorf("a waived rule was reported as a pass")
		}
	}
	if !skipped {
		t.Errorf("no skip carrying the waiver's reason for %s", want[0])
	}

	expired := strings.ReplaceAll(waivers.String(), "reason: \"ticket 123\"}", "reason: \"ticket 123\", until: 2001-01-01}")
	o = runSuite(t, targetsFor(f, url, expired)+"    strict: true\n", credentialEnv...)
	tg = o.target(t, f.Name)
	if o.Code != 1 || tg.Verdict != "fail" {
		t.Fatalf("expired waiver: exit %d verdict %s, want 1 and fail", o.Code, tg.Verdict)
	}
	said := false
	for _, r := range tg.Results {
		if r.Check == want[0] && r.Outcome == report.Fail && strings.Contains(r.Message, "expired on 2001-01-01") {
			said = true
		}
	}
	if !said {
		t.Errorf("the failure of %s does not say its waiver expired\n%s", want[0], describe(tg))
	}
}

// strict turns warnings into failures; without it they only warn.
func TestStrictFailsOnWarnings(t *testing.T) {
	f, url := startFixture(t, "no-content-type")
	o := runSuite(t, targetsFor(f, url, ""), credentialEnv...)
	tg := o.target(t, f.Name)
	if !contains(checksWith(tg, report.Warn), "rfc9110/content-type") {
		t.Fatalf("no warning of rfc9110/content-type without strict\n%s", describe(tg))
	}
	o = runSuite(t, targetsFor(f, url, "    strict: true\n"), credentialEnv...)
	tg = o.target(t, f.Name)
	if !contains(checksWith(tg, report.Fail), "rfc9110/content-type") || o.Code != 1 {
		t.Errorf("strict: rfc9110/content-type did not fail (exit %d)\n%s", o.Code, describe(tg))
	}
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// A label filter that selects nothing tested nothing: the run is a usage
// error (exit 2), and no report claims a pass.
func TestMakeRunEmptyFilterExits2(t *testing.T) {
	reports := filepath.Join(t.TempDir(), "reports")
	code, out := runMake(t, "run", "LABELS=nosuchlabel", "REPORTS="+reports)
	if code != 2 {
		t.Fatalf("make run exited %d, want 2\n%s", code, tail(out))
	}
	if _, err := os.Stat(filepath.Join(reports, "results.json")); !os.IsNotExist(err) {
		t.Errorf("results.json written for a run that selected nothing")
	}
}

// Wrong "valid" credentials fail the control check, but say nothing about
// scheme case: the odd-case request is skipped as inconclusive, not failed.
func TestSchemeCaseInconclusiveWhenCredentialsAreWrong(t *testing.T) {
	yaml := "targets:\n  - name: ref\n    url: builtin:reference\n    rate: 100\n    resources: [/bearer/]\n    credentials:\n      token: ${E2E_WRONG_TOKEN}\n"
	o := runSuite(t, yaml, "E2E_WRONG_TOKEN=not-the-token")
	tg := o.target(t, "ref")
	if !contains(checksWith(tg, report.Fail), "rfc9110/valid-credentials-accepted") {
		t.Fatalf("wrong credentials were not reported\n%s", describe(tg))
	}
	if contains(checksWith(tg, report.Fail), "rfc9110/scheme-case-insensitive") {
		t.Errorf("scheme case blamed for credentials that are simply wrong\n%s", describe(tg))
	}
	if !contains(checksWith(tg, report.Skip), "rfc9110/scheme-case-insensitive") {
		t.Errorf("the odd-case request was not reported as skipped")
	}
}

// The README's quick start: `make run` on the shipped targets.yaml is green
// and writes both reports.
func TestMakeRunShippedTargetsGreen(t *testing.T) {
	reports := filepath.Join(t.TempDir(), "reports")
	code, out := runMake(t, "run", "REPORTS="+reports)
	if code != 0 {
		t.Fatalf("make run exited %d, want 0\n%s", code, tail(out))
	}
	for _, name := range []string{"junit.xml", "results.json"} {
		if _, err := os.Stat(filepath.Join(reports, name)); err != nil {
			t.Errorf("%s not written: %v", name, err)
		}
	}
	validateJUnit(t, filepath.Join(reports, "junit.xml"))
	if !strings.Contains(out, "authspec: 2 targets passed") {
		t.Errorf("the summary does not say both targets passed:\n%s", tail(out))
	}
}
