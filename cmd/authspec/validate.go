package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/authspec/authspec/internal/config"
	"github.com/authspec/authspec/internal/openapi"
	"github.com/authspec/authspec/internal/report"
)

// cmdValidate implements `authspec validate [-targets FILE]`: it loads the
// targets file exactly as run does and reports the first mistake, so a
// pipeline can check the file before spending time on a run. It returns 2
// on a usage or configuration error and 0 otherwise; warnings never change
// the exit code.
func cmdValidate(args []string) int {
	return validate(args, os.Stdout, os.Stderr, time.Now())
}

// validate is cmdValidate with its outputs and clock passed in.
func validate(args []string, stdout, stderr io.Writer, now time.Time) int {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	targets := fs.String("targets", "targets.yaml", "targets file to check")
	if err := fs.Parse(args); err != nil {
		return parseExit(err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "authspec validate: unexpected argument %q (pass the file with -targets FILE)\n", fs.Arg(0))
		return 2
	}
	cfg, warnings, err := config.LoadAt(*targets, now)
	for _, w := range warnings {
		fmt.Fprintf(stderr, "authspec: warning: %s\n", report.TerminalSafe(fmt.Sprint(w)))
	}
	if err == nil {
		// OpenAPI hook (issue 11): the documents must load too.
		_, err = openapi.Expand(cfg)
	}
	if err != nil {
		fmt.Fprintf(stderr, "authspec: configuration error: %s\n", report.TerminalSafe(err.Error()))
		return 2
	}
	fmt.Fprintf(stdout, "%s: %s OK\n", *targets, countTargets(len(cfg.Targets)))
	return 0
}

// countTargets reads "1 target" or "3 targets".
func countTargets(n int) string {
	if n == 1 {
		return "1 target"
	}
	return fmt.Sprintf("%d targets", n)
}
