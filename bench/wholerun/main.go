// Command wholerun benchmarks a whole authspec run: it starts the latency
// farm of bench/internal/farm in this process, writes a targets.yaml for it, runs
// the authspec binary against it as a child process (no Go toolchain
// needed by the child) and reports wall time against the least time the
// configured limits allow, the child's peak RSS and the reports' sizes.
//
//	wholerun -targets 20 -resources 50 -delay 20      one run, one table line
//	wholerun -sweep                                   the README's Markdown table
//	wholerun -keep /tmp/b -- -cpuprofile /tmp/b/cpu.out   more flags for authspec run
//
// Microbenchmarks of the parser and rules cannot show what a run costs:
// scheduling, the Ginkgo tree, the recorder and the report writers all
// scale with targets × resources. This measures them together, against
// servers whose latency is known, so "wall / floor" says how close a run
// comes to the limit its own politeness settings impose.
//
// Exit code: 0 when every authspec run exited 0 (the farm is conformant, so
// anything else is a bug), 1 otherwise, 2 for a usage error.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"
)

// options are the flags shared by every run.
type options struct {
	bin         string
	concurrency int
	rate        float64
	parallel    int
	keep        string
	extra       []string // more flags for authspec run, after "--"
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == launchArg {
		os.Exit(launch(os.Args[2:]))
	}
	os.Exit(run())
}

func run() int {
	var o options
	targets := flag.Int("targets", 20, "farm servers (targets)")
	resources := flag.Int("resources", 50, "resources per target")
	delayMS := flag.Int("delay", 20, "milliseconds every farm answer waits")
	flag.IntVar(&o.concurrency, "concurrency", 8, "each target's concurrency in targets.yaml (1..64)")
	flag.Float64Var(&o.rate, "rate", 1000, "each target's rate in targets.yaml, requests per second (..1000)")
	flag.IntVar(&o.parallel, "parallel", 64, "authspec run -parallel: requests in flight across all targets (64 is authspec's default)")
	flag.StringVar(&o.bin, "bin", "bin/authspec", "the authspec binary (go build -o bin/authspec ./cmd/authspec)")
	flag.StringVar(&o.keep, "keep", "", "keep each run's targets.yaml, reports and log under this folder")
	sweep := flag.Bool("sweep", false, "run the README's scenarios at -delay and print a Markdown table")
	flag.Parse()
	o.extra = flag.Args()
	if err := o.check(*targets, *resources, *delayMS); err != nil {
		fmt.Fprintln(os.Stderr, "wholerun:", err)
		return 2
	}
	delay := time.Duration(*delayMS) * time.Millisecond
	if *sweep {
		return runSweep(o, delay)
	}
	return runOne(o, scenario{targets: *targets, resources: *resources, delay: delay})
}

// check refuses flags no run could use, before starting anything.
func (o options) check(targets, resources, delayMS int) error {
	if targets < 1 || resources < 1 || delayMS < 0 || o.concurrency < 1 || o.rate <= 0 || o.parallel < 1 {
		return fmt.Errorf("-targets, -resources, -concurrency, -rate and -parallel must be positive, -delay not negative")
	}
	if _, err := os.Stat(o.bin); err != nil {
		return fmt.Errorf("%v: build it first with go build -o bin/authspec ./cmd/authspec, or pass -bin", err)
	}
	return nil
}

// runOne measures one scenario and prints it as one table line.
func runOne(o options, s scenario) int {
	m, err := measure(o, s)
	if err != nil {
		fmt.Fprintln(os.Stderr, "wholerun:", err)
		return 1
	}
	printPlain(os.Stdout, o, []measurement{m})
	return exitFor([]measurement{m})
}

// exitFor is 1 if any authspec run did not pass.
func exitFor(ms []measurement) int {
	for _, m := range ms {
		if m.exit != 0 {
			return 1
		}
	}
	return 0
}
