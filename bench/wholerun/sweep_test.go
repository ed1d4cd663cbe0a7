package main

import (
	"strings"
	"testing"
	"time"
)

// The goals table says yes only where the figure is within the goal.
func TestPrintGoals(t *testing.T) {
	goal := measurement{scenario: goalScenario, wall: 2400 * time.Millisecond, floor: 1875 * time.Millisecond,
		rssKiB: 140_000, resultsBytes: 3_300_000, junitBytes: 2_100_000}
	fixed := measurement{scenario: scenario{1, 1, 0}, wall: 40 * time.Millisecond}
	var b strings.Builder
	printGoals(&b, goal, fixed, 8)
	out := b.String()
	for _, want := range []string{
		"Goals (20×50 @ 20 ms, concurrency 8 per target, median of 3 runs)",
		"| wall ≤ 1.3 × floor | 1.28 × | yes |",
		"| peak RSS < 150 MB | 143 MB | yes |",
		"| results.json < 5 MB | 3.30 MB | yes |",
		"| junit.xml < 2 MB | 2.10 MB | no |",
		"| fixed cost < 0.5 s (1×1 @ 0 ms) | 40 ms | yes |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("goals lack %q:\n%s", want, out)
		}
	}
	goal.wall = 2500 * time.Millisecond
	b.Reset()
	printGoals(&b, goal, fixed, 8)
	if !strings.Contains(b.String(), "| wall ≤ 1.3 × floor | 1.33 × | no |") {
		t.Errorf("a wall over the goal is met:\n%s", b.String())
	}
}
