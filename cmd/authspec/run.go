package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/authspec/authspec/config"
	"github.com/authspec/authspec/openapi"
	"github.com/authspec/authspec/report"
	"github.com/authspec/authspec/suite"
)

// cmdRun validates the targets file, then runs the Ginkgo suite through the
// pinned ginkgo CLI (`go tool ginkgo`), and turns what happened into the
// exit codes pipelines expect: 0 nothing failed or errored, 1 a check
// failed or a target errored, 2 a usage or configuration error.
func cmdRun(args []string) int {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	targets := fs.String("targets", "targets.yaml", "targets file")
	reports := fs.String("reports", "reports", "folder for junit.xml and results.json")
	labels := fs.String("labels", "", "Ginkgo label filter, e.g. 'rfc6750' or 'probe:head && !scheme:digest'")
	procs := fs.Int("procs", 1, "number of parallel Ginkgo processes (ginkgo -procs)")
	verbose := fs.Bool("v", false, "verbose Ginkgo output")
	if err := fs.Parse(args); err != nil {
		return parseExit(err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "authspec run: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	absTargets, err1 := filepath.Abs(*targets)
	absReports, err2 := filepath.Abs(*reports)
	if err := errors.Join(err1, err2); err != nil {
		fmt.Fprintf(os.Stderr, "authspec run: %v\n", err)
		return 2
	}
	suite.RemoveReports(absReports)
	cfg, warnings, err := config.Load(absTargets)
	for _, w := range warnings {
		fmt.Fprintf(os.Stderr, "authspec: warning: %v\n", w)
	}
	if err == nil {
		// OpenAPI hook (issue 11): a document that cannot be read or
		// resolved is a configuration error before anything is probed.
		_, err = openapi.Expand(cfg)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "authspec: configuration error: %v\n", err)
		return 2
	}
	// Specs of scheme groups a server did not offer skip; listing each one
	// would bury the summary, so skips stay silent.
	ginkgoArgs := []string{"tool", "ginkgo", "--no-color", "--silence-skips", fmt.Sprintf("--procs=%d", *procs)}
	if *verbose {
		ginkgoArgs = append(ginkgoArgs, "-v")
	}
	if *labels != "" {
		ginkgoArgs = append(ginkgoArgs, "--label-filter="+*labels, "--fail-on-empty")
	}
	ginkgoArgs = append(ginkgoArgs, "./suite", "--", "-targets="+absTargets, "-reports="+absReports)
	cmd := exec.Command("go", ginkgoArgs...)
	cmd.Dir = moduleRoot()
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	cmd.Env = append(os.Environ(), suite.WarnedEnv+"=1")
	runErr := cmd.Run()
	return exitCode(runErr, filepath.Join(absReports, "results.json"))
}

// exitCode decides the run's exit code from the results the suite wrote,
// not from ginkgo's own exit code alone: ginkgo says 1 for a failed spec and
// for a suite that did not compile alike.
func exitCode(runErr error, resultsPath string) int {
	f, err := os.Open(resultsPath)
	if err != nil {
		if runErr != nil {
			fmt.Fprintf(os.Stderr, "authspec: no results written (go tool ginkgo: %v): see the output above; the suite ran no spec (a label filter that selects nothing), did not compile, or was run outside the authspec checkout\n", runErr)
			return 2
		}
		fmt.Fprintln(os.Stderr, "authspec: the suite wrote no results")
		return 2
	}
	defer f.Close()
	run, err := report.ReadJSON(f)
	if err != nil {
		fmt.Fprintf(os.Stderr, "authspec: reading %s: %v\n", resultsPath, err)
		return 2
	}
	if code := run.ExitCode(); code != 0 || runErr == nil {
		return code
	}
	// Ginkgo failed although no result did: an interrupt, say, or a spec
	// that failed outside the checks. That is still not a pass.
	fmt.Fprintf(os.Stderr, "authspec: ginkgo reported a failure: %v\n", runErr)
	return 1
}

// moduleRoot finds the folder holding go.mod, from the working directory
// up, so `authspec run` works from anywhere inside the checkout.
func moduleRoot() string {
	dir, err := os.Getwd()
	if err != nil {
		return "."
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			return dir
		}
	}
}
