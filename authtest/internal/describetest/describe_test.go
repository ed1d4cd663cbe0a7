// Package describetest mounts authspec's spec tree inside a Ginkgo suite
// of its own, as a user of authtest.DescribeTargets would, beside a spec
// of the suite's own.
package describetest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/authspec/authspec/authtest"
	"github.com/authspec/authspec/internal/fixtures"
	"github.com/authspec/authspec/internal/refserver"
)

// targetsEnv points the mounted tree at another targets file, for the
// runs of this suite in a child process (TestMountedTreeFailsAndFilters).
const targetsEnv = "AUTHTEST_DESCRIBE_TARGETS"

func targets() string {
	if v := os.Getenv(targetsEnv); v != "" {
		return v
	}
	return "testdata/targets.yaml"
}

var _ = authtest.DescribeConfig(authtest.Config{Targets: targets()})

var ownSpecRan bool

var _ = Describe("the suite's own specs", func() {
	It("run beside authspec's", func() { ownSpecRan = true })

	It("probe a handler with GinkgoT and judge a response with the matchers", func() {
		report := authtest.Handler(GinkgoT(), refserver.Handler(),
			authtest.Resources("/bearer/"), authtest.Token(refserver.Token))
		authtest.RequirePass(GinkgoT(), report)
		Expect(report.Findings()).NotTo(BeEmpty())

		rec := httptest.NewRecorder()
		refserver.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/bearer/", nil))
		Expect(rec).To(authtest.HaveValidChallenge())
		Expect(rec).To(authtest.OfferScheme("Bearer"))
		Expect(rec).To(authtest.ConformAsUnauthenticated())
	})
})

func TestDescribeTargets(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "describetest")
	if !ownSpecRan && os.Getenv(targetsEnv) == "" {
		t.Error("the suite's own spec did not run")
	}
}

// The mounted tree fails the suite on a broken target, with authspec's
// findings, writes authspec's reports when asked, and obeys Ginkgo's
// label filter as `authspec run -labels` does. Each case runs this
// package's suite in a child `go test` against a fixture on loopback.
func TestMountedTreeFailsAndFilters(t *testing.T) {
	if os.Getenv(targetsEnv) != "" {
		t.Skip("in the child process")
	}
	f, ok := fixtures.ByName("no-challenge")
	if !ok {
		t.Fatal("no fixture no-challenge")
	}
	url, stop, err := f.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	dir := t.TempDir()
	tf := filepath.Join(dir, "targets.yaml")
	yaml := "defaults: {rate: 1000, concurrency: 4}\ntargets:\n  - name: broken\n    url: " + url + "\n    resources: [/protected/]\n"
	if err := os.WriteFile(tf, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}

	reports := filepath.Join(dir, "reports")
	out, code := childSuite(t, tf, "AUTHSPEC_REPORTS="+reports)
	if code == 0 {
		t.Fatalf("a broken target passed the mounted tree:\n%s", out)
	}
	for _, want := range []string{"rfc9110/challenge-present", "authspec broken [It] GET /protected/"} {
		if !strings.Contains(out, want) {
			t.Errorf("the suite's output lacks %q:\n%s", want, out)
		}
	}
	data, err := os.ReadFile(filepath.Join(reports, "results.json"))
	if err != nil {
		t.Fatalf("no results.json in the reports folder asked for: %v\n%s", err, out)
	}
	var run struct {
		Targets []struct{ Name, Verdict string }
	}
	if err := json.Unmarshal(data, &run); err != nil || len(run.Targets) != 1 || run.Targets[0].Verdict != "fail" {
		t.Errorf("results.json: %v %+v", err, run)
	}

	// The Digest rules alone: the missing challenge is a framework rule,
	// so nothing selected fails.
	out, code = childSuite(t, tf, "", "-ginkgo.label-filter=rfc7616")
	if code != 0 {
		t.Errorf("with only the Digest rules selected, the suite failed (exit %d):\n%s", code, out)
	}
}

// childSuite runs this package's suite in a child `go test` against the
// targets file tf, and returns its output and exit code.
func childSuite(t *testing.T, tf, env string, args ...string) (string, int) {
	t.Helper()
	cmdArgs := append([]string{"test", "-count=1", "-run", "^TestDescribeTargets$", ".", "-args", "-ginkgo.no-color"}, args...)
	cmd := exec.Command("go", cmdArgs...)
	cmd.Env = append(os.Environ(), targetsEnv+"="+tf)
	if env != "" {
		cmd.Env = append(cmd.Env, env)
	}
	out, err := cmd.CombinedOutput()
	if err == nil {
		return string(out), 0
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return string(out), ee.ExitCode()
	}
	t.Fatalf("go test: %v", err)
	return "", -1
}
