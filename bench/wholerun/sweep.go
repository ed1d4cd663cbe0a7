package main

import (
	"fmt"
	"os"
	"time"
)

// runSweep measures every sweep scenario in turn (one farm at a time, so
// runs do not compete for the CPU), reports progress on stderr, and prints
// the Markdown table and the fixed cost on stdout.
func runSweep(o options, delay time.Duration) int {
	var ms []measurement
	for _, s := range sweepScenarios(delay) {
		m, err := measure(o, s)
		if err != nil {
			fmt.Fprintf(os.Stderr, "wholerun: %s: %v\n", s, err)
			return 1
		}
		fmt.Fprintf(os.Stderr, "%s: %d requests in %s, exit %d\n", s, m.requests, seconds(m.wall), m.exit)
		ms = append(ms, m)
	}
	printMarkdown(os.Stdout, o, ms)
	fixed := ms[len(ms)-1]
	fmt.Printf("\nFixed cost (%s, no delay): %s wall clock for %d requests: process start, the plan, the reports.\n",
		fixed.scenario, seconds(fixed.wall), fixed.requests)
	return exitFor(ms)
}
