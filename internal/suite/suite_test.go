package suite

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/authspec/authspec/internal/report"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

// The suite's own flags, given after `--` to `ginkgo` or after `-args` to
// `go test`. Environment variables serve where flags are awkward.
var (
	targetsFlag  = flag.String("targets", "", "targets file (default $AUTHSPEC_TARGETS, else ../targets.yaml)")
	reportsFlag  = flag.String("reports", "", "folder for the reports (default $AUTHSPEC_REPORTS, else a temporary folder)")
	parallelFlag = flag.Int("parallel", DefaultParallel, "most requests in flight across all targets")
	baselineFlag = flag.String("baseline", "", "baseline file of known findings (default $AUTHSPEC_BASELINE, else the targets file's baseline key)")
	junitFlag    = flag.String("junit-cases", "auto", "junit.xml test cases: per check, per rule, or auto (per rule for a target of more than 1,000 checks)")
)

// TestAuthspec runs the same suite as `authspec run`, for Ginkgo users:
// `go test ./suite` or `go tool ginkgo ./suite`, with Ginkgo's own flags
// for the label filter and focus. A filter that selects nothing, or a
// configuration error, exits 2 as `authspec run` does.
func TestAuthspec(t *testing.T) {
	RegisterFailHandler(Fail)
	opts := Options{
		Targets:  pick(*targetsFlag, "AUTHSPEC_TARGETS", "../../targets.yaml"),
		Reports:  pick(*reportsFlag, "AUTHSPEC_REPORTS", filepath.Join(os.TempDir(), "authspec-reports")),
		Parallel: *parallelFlag,
		Baseline: pick(*baselineFlag, "AUTHSPEC_BASELINE", ""),
	}
	cases, err := report.ParseJUnitCases(*junitFlag)
	if err != nil {
		fmt.Fprintln(os.Stderr, "authspec: -junit-cases:", err)
		os.Exit(ExitConfig)
	}
	opts.JUnitCases = cases
	if err := neverCached("."); err != nil {
		t.Fatal(err)
	}
	sc, rc := GinkgoConfiguration()
	if code := execute(t, opts, sc, rc); code == ExitConfig {
		os.Exit(ExitConfig)
	}
}

// neverCached keeps `go test` from answering a later run from its cache:
// the result depends on servers, not only on the files the test reads.
// The go command does not cache a test that opened a file modified less
// than two seconds before, if the file is inside the module, so the test
// writes one in its own folder (git ignores it) and opens it.
func neverCached(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	stamp := filepath.Join(dir, ".authspec-run")
	if err := os.WriteFile(stamp, []byte(time.Now().Format(time.RFC3339Nano)+"\n"), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", stamp, err)
	}
	f, err := os.Open(stamp)
	if err != nil {
		return err
	}
	return f.Close()
}

func pick(flagValue, env, def string) string {
	if flagValue != "" {
		return flagValue
	}
	if v := os.Getenv(env); v != "" {
		return v
	}
	return def
}
