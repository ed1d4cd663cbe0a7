package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"

	"github.com/onsi/ginkgo/v2"
	"golang.org/x/term"

	"github.com/authspec/authspec/internal/report"
	"github.com/authspec/authspec/internal/schedule"
	"github.com/authspec/authspec/internal/suite"
)

// cmdRun runs the suite inside this process: the Ginkgo spec tree built
// from targets.yaml, with a Ginkgo configuration made from the flags. It
// needs no Go toolchain and no source tree. Exit codes: 0 nothing failed
// or errored, 1 a check failed or a target could not be tested, 2 a usage
// or configuration error (or a filter that selects nothing), 128+n when
// signal n (Ctrl-C, SIGTERM) cut the run short.
func cmdRun(args []string) int {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	targets := fs.String("targets", "targets.yaml", "targets file")
	reports := fs.String("reports", "reports", "folder for the reports (junit.xml, results.json)")
	labels := fs.String("labels", "", "Ginkgo label filter, e.g. 'rfc6750' or 'probe:head && !scheme:digest'")
	var focus, skip multiFlag
	fs.Var(&focus, "focus", "run only specs whose text matches this regular expression (repeatable)")
	fs.Var(&skip, "skip", "leave out specs whose text matches this regular expression (repeatable)")
	parallel := fs.Int("parallel", suite.DefaultParallel, "most requests in flight across all targets (each target's concurrency and rate hold too)")
	shard := fs.String("shard", "", "run shard K of N of the plan, e.g. 2/4; merge the shards' reports with authspec merge")
	shardBy := fs.String("shard-by", string(schedule.ByTarget), "what a shard takes whole: target (a target's requests all from one shard, its limits as configured) or resource (a big target spread, its rate and concurrency divided by the shard count)")
	junitCases := fs.String("junit-cases", report.JUnitAuto, "junit.xml test cases: per check, per rule, or auto (per rule for a target of more than 1,000 checks)")
	baseline := fs.String("baseline", "", "baseline file of known findings (authspec baseline -reports DIR): they are reported as known and do not fail the run; wins over the targets file's baseline key")
	procs := fs.Int("procs", 1, "removed: authspec sends its requests concurrently in one process; use -parallel, or -shard across machines")
	previous := fs.String("previous", "", "the previous run's results.json (or its folder): its findings on resources this run cannot test are carried forward, so the CI views do not read them as fixed")
	verbose := fs.Bool("v", false, "verbose Ginkgo output: every spec by name")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the run to this file (for performance work)")
	memProfile := fs.String("memprofile", "", "write a heap profile at the end of the run to this file (for performance work)")
	if err := fs.Parse(args); err != nil {
		return parseExit(err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "authspec run: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if *procs != 1 {
		fmt.Fprintln(os.Stderr, "authspec run: -procs is gone: one process sends every target's requests concurrently within its limits; use -parallel N for the cap across targets, and -shard K/N to split a run across machines")
		return 2
	}
	cases, err := report.ParseJUnitCases(*junitCases)
	if err != nil {
		fmt.Fprintf(os.Stderr, "authspec run: -junit-cases: %v\n", err)
		return 2
	}
	sh, err := schedule.ParseShard(*shard)
	if err != nil {
		fmt.Fprintf(os.Stderr, "authspec run: -shard: %v\n", err)
		return 2
	}
	by, err := schedule.ParseShardBy(*shardBy)
	if err != nil {
		fmt.Fprintf(os.Stderr, "authspec run: -shard-by: %v\n", err)
		return 2
	}
	prev, err := readPrevious(*previous)
	if err != nil {
		fmt.Fprintf(os.Stderr, "authspec run: -previous: %v\n", err)
		return 2
	}
	if *cpuProfile != "" {
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			fmt.Fprintf(os.Stderr, "authspec run: -cpuprofile: %v\n", err)
			return 2
		}
		defer stop()
	}
	if *memProfile != "" {
		defer writeHeapProfile(*memProfile)
	}
	sc, rc := ginkgo.GinkgoConfiguration()
	sc.LabelFilter = *labels
	sc.FocusStrings = focus
	sc.SkipStrings = skip
	rc.NoColor = !colorWanted(os.Stdout)
	rc.SilenceSkips = true
	rc.Succinct = !*verbose
	rc.Verbose = *verbose
	return suite.Run(suite.Options{
		Targets: *targets, Reports: *reports, Parallel: *parallel, Shard: sh, ShardBy: by, JUnitCases: cases, Baseline: *baseline,
		Color:    colorWanted(os.Stdout),
		Progress: os.Stderr, LiveProgress: term.IsTerminal(int(os.Stderr.Fd())),
		GinkgoOutput: *verbose, Previous: prev,
	}, sc, rc)
}

// readPrevious reads the results.json given with -previous; nil when none
// was given.
func readPrevious(arg string) (*report.Run, error) {
	if arg == "" {
		return nil, nil
	}
	run, _, err := readResults(arg)
	return run, err
}

// colorWanted reports whether output to f may be coloured: only on a
// terminal, and never when NO_COLOR is set to anything (https://no-color.org).
func colorWanted(f *os.File) bool {
	if os.Getenv("NO_COLOR") != "" {
		return false
	}
	return term.IsTerminal(int(f.Fd()))
}

// multiFlag is a flag that may be given several times.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ", ") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// startCPUProfile starts a CPU profile into path; the returned function
// stops it.
func startCPUProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// writeHeapProfile writes the heap profile into path, reporting a failure
// on stderr: the run's own outcome does not depend on it.
func writeHeapProfile(path string) {
	f, err := os.Create(path)
	if err == nil {
		runtime.GC()
		err = errors.Join(pprof.WriteHeapProfile(f), f.Close())
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "authspec run: -memprofile: %v\n", err)
	}
}
