package suite

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/authspec/authspec/config"
	"github.com/authspec/authspec/openapi"
	"github.com/authspec/authspec/report"
)

// The suite's own flags, given after `--` to `ginkgo` or after `-args` to
// `go test`. Environment variables serve where flags are awkward.
var (
	targetsFlag = flag.String("targets", "", "targets file (default $AUTHSPEC_TARGETS, else ../targets.yaml)")
	reportsFlag = flag.String("reports", "", "folder for junit.xml and results.json (default $AUTHSPEC_REPORTS, else ../reports)")
)

func TestAuthspec(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "authspec")
}

func targetsFile() string { return pick(*targetsFlag, "AUTHSPEC_TARGETS", "../targets.yaml") }

// reportsDir is where the reports go. Without a flag or variable (a plain
// `go test ./...`, as `make test` runs) they go to a temporary folder, so
// the project's own tests never overwrite the reports of a user's run.
func reportsDir() string {
	return pick(*reportsFlag, "AUTHSPEC_REPORTS", filepath.Join(os.TempDir(), "authspec-reports"))
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

var loaded struct {
	once sync.Once
	cfg  *config.Config
}

// mustConfig loads targets.yaml once per process, while the spec tree is
// built. A configuration error ends the run with exit code 2 before any
// request is sent, and removes the reports of an earlier run so that
// nothing can be mistaken for this run's result.
func mustConfig() *config.Config {
	loaded.once.Do(func() {
		cfg, warnings, err := config.Load(targetsFile())
		if err == nil {
			// OpenAPI hook (issue 11): documents become protected resources.
			_, err = openapi.Expand(cfg)
		}
		if err != nil {
			RemoveReports(reportsDir())
			fmt.Fprintf(os.Stderr, "authspec: configuration error: %v\n", err)
			os.Exit(2)
		}
		if os.Getenv(WarnedEnv) == "" {
			for _, w := range warnings {
				fmt.Fprintf(os.Stderr, "authspec: warning: %v\n", w)
			}
		}
		loaded.cfg = cfg
	})
	return loaded.cfg
}

var _ = AfterSuite(StopReference)

// The reports are built from Ginkgo's own merged report, so they are the
// same whether the suite ran under `go test`, `ginkgo` or `ginkgo -p`.
var _ = ReportAfterSuite("authspec reports", func(rep Report) {
	cfg := mustConfig()
	dir := reportsDir()
	if rep.PreRunStats.SpecsThatWillRun == 0 {
		// A filter that selects nothing tested nothing: writing reports
		// that say "pass" would be a lie a pipeline could believe.
		RemoveReports(dir)
		fmt.Fprintln(os.Stdout, "\nauthspec: no spec matches the label filter or focus; no report written")
		return
	}
	run := Collect(cfg, rep)
	Expect(WriteReports(dir, run)).To(Succeed(), "writing reports to %s", dir)
	fmt.Fprintln(os.Stdout) // off the line of Ginkgo's progress dots
	report.WriteSummary(os.Stdout, run, false)
	fmt.Fprintf(os.Stdout, "reports: %s/junit.xml, %s/results.json\n", dir, dir)
})
