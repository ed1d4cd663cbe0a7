package main

import (
	"fmt"
	"io"
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

	// The engine's goals are set for every target at its own concurrency:
	// -parallel high enough not to bind.
	g := o
	g.parallel = goalScenario.targets * o.concurrency
	goal, err := measureMedian(g, goalScenario, goalRuns)
	if err != nil {
		fmt.Fprintf(os.Stderr, "wholerun: %s: %v\n", goalScenario, err)
		return 1
	}
	fmt.Println()
	printMarkdown(os.Stdout, g, []measurement{goal})
	fmt.Println()
	printGoals(os.Stdout, goal, fixed, g.concurrency)
	return exitFor(append(ms, goal))
}

// goalScenario is the run the engine's goals are set for, at 20 ms
// whatever -delay says; goalRuns how many times it runs (the median is
// reported).
var goalScenario = scenario{targets: 20, resources: 50, delay: 20 * time.Millisecond}

const goalRuns = 3

// printGoals says, goal by goal, whether the runs met it.
func printGoals(w io.Writer, goal, fixed measurement, concurrency int) {
	const mb = 1_000_000
	ratio := float64(goal.wall) / float64(goal.floor)
	rows := []struct {
		what string
		got  string
		met  bool
	}{
		{"wall ≤ 1.3 × floor", fmt.Sprintf("%.2f ×", ratio), goal.floor > 0 && ratio <= 1.3},
		{"peak RSS < 150 MB", fmt.Sprintf("%.0f MB", float64(goal.rssKiB)*1024/mb), goal.rssKiB*1024 < 150*mb},
		{"results.json < 5 MB", fmt.Sprintf("%.2f MB", float64(goal.resultsBytes)/mb), goal.resultsBytes < 5*mb},
		{"junit.xml < 2 MB", fmt.Sprintf("%.2f MB", float64(goal.junitBytes)/mb), goal.junitBytes < 2*mb},
		{"fixed cost < 0.5 s (" + fixed.scenario.String() + ")", seconds(fixed.wall), fixed.wall < 500*time.Millisecond},
	}
	fmt.Fprintf(w, "Goals (%s, concurrency %d per target, median of %d runs):\n\n", goal.scenario, concurrency, goalRuns)
	fmt.Fprintln(w, "| goal | measured | met |")
	fmt.Fprintln(w, "|---|---|---|")
	for _, r := range rows {
		met := "no"
		if r.met {
			met = "yes"
		}
		fmt.Fprintf(w, "| %s | %s | %s |\n", r.what, r.got, met)
	}
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
