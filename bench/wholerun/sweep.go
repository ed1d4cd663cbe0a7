package main

import (
	"fmt"
	"os"
	"sort"
	"time"
)

// fixedCostRuns is how many times the fixed-cost scenario runs; its median
// is reported. It takes tens of milliseconds, so one run is mostly noise.
const fixedCostRuns = 5

// runSweep measures every sweep scenario in turn (one farm at a time, so
// runs do not compete for the CPU), reports progress on stderr, and prints
// the Markdown table and the fixed cost on stdout. A first, unreported run
// warms the page cache, so the first row does not pay for reading the
// binary from disk.
func runSweep(o options, delay time.Duration) int {
	scenarios := sweepScenarios(delay)
	fixedCost := scenarios[len(scenarios)-1]
	if _, err := measure(o, fixedCost); err != nil {
		fmt.Fprintf(os.Stderr, "wholerun: warm-up: %v\n", err)
		return 1
	}
	var ms []measurement
	for i, s := range scenarios {
		runs := 1
		if i == len(scenarios)-1 {
			runs = fixedCostRuns
		}
		m, err := measureMedian(o, s, runs)
		if err != nil {
			fmt.Fprintf(os.Stderr, "wholerun: %s: %v\n", s, err)
			return 1
		}
		fmt.Fprintf(os.Stderr, "%s: %d requests in %s, exit %d\n", s, m.requests, seconds(m.wall), m.exit)
		ms = append(ms, m)
	}
	printMarkdown(os.Stdout, o, ms)
	fixed := ms[len(ms)-1]
	fmt.Printf("\nFixed cost (%s, median of %d runs): %s wall clock for %d requests: process start, the plan, the reports.\n",
		fixed.scenario, fixedCostRuns, seconds(fixed.wall), fixed.requests)
	return exitFor(ms)
}

// measureMedian runs s n times and returns the run with the median wall
// time; a run that did not pass is returned at once, so it is not hidden.
func measureMedian(o options, s scenario, n int) (measurement, error) {
	var ms []measurement
	for range n {
		m, err := measure(o, s)
		if err != nil || m.exit != 0 {
			return m, err
		}
		ms = append(ms, m)
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].wall < ms[j].wall })
	return ms[len(ms)/2], nil
}
