package main

import (
	"fmt"
	"time"
)

// scenario is one farm shape: targets × resources, each answer delayed.
type scenario struct {
	targets   int
	resources int
	delay     time.Duration
}

func (s scenario) String() string {
	return fmt.Sprintf("%d×%d @ %d ms", s.targets, s.resources, s.delay.Milliseconds())
}

// slug names the scenario's folder under -keep.
func (s scenario) slug() string {
	return fmt.Sprintf("%dx%d-%dms", s.targets, s.resources, s.delay.Milliseconds())
}

// sweepScenarios are the README's figures: 1, 100, 1,000, 1,000 and 5,000
// resources in all, at one delay, then the fixed cost: one resource with
// no delay at all, so the wall time is what authspec costs by itself.
func sweepScenarios(delay time.Duration) []scenario {
	return []scenario{
		{1, 1, delay},
		{1, 100, delay},
		{10, 100, delay},
		{20, 50, delay},
		{50, 100, delay},
		{1, 1, 0},
	}
}
