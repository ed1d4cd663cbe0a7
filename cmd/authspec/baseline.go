package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/authspec/authspec/internal/report"
)

const baselineUsage = `usage: authspec baseline -reports DIR > authspec-baseline.yaml

Writes the findings (failures and warnings) of a run as a baseline: one
line per rule, target, method, resource and probe, no response bytes and no
secrets. Give it to the next runs (run -baseline FILE, or baseline: in
targets.yaml): a finding it lists is reported as known and does not fail
the run; a new one fails as usual; an entry that no longer occurs is
reported as fixed, with its line to delete.

  -reports DIR   the run's reports folder, or its results.json (default reports)
`

// cmdBaseline writes a baseline from a run's results.json: 0, 1 when the
// results cannot be read, 2 on a usage error.
func cmdBaseline(args []string) int {
	return runBaseline(args, os.Stdout, os.Stderr)
}

func runBaseline(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("baseline", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, baselineUsage) }
	reports := fs.String("reports", "reports", "the run's reports folder, or its results.json")
	if err := fs.Parse(args); err != nil {
		return parseExit(err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "authspec baseline: unexpected argument %q\n%s", fs.Arg(0), baselineUsage)
		return 2
	}
	run, _, err := readResults(*reports)
	if err != nil {
		fmt.Fprintf(stderr, "authspec baseline: %v\n", err)
		return 1
	}
	if run.Shard != "" {
		fmt.Fprintf(stderr, "authspec baseline: %s holds shard %s of a run: merge the shards first (authspec merge), then write the baseline from the merged reports\n", *reports, run.Shard)
		return 2
	}
	entries := report.BaselineOf(run)
	if err := report.WriteBaseline(stdout, entries); err != nil {
		fmt.Fprintf(stderr, "authspec baseline: %v\n", err)
		return 1
	}
	fmt.Fprintf(stderr, "authspec baseline: %d findings\n", len(entries))
	return 0
}
