package main

import (
	"testing"
	"time"
)

func TestFloor(t *testing.T) {
	o := options{concurrency: 8, rate: 1000, parallel: 64}
	cases := []struct {
		name      string
		perTarget []int
		delay     time.Duration
		want      time.Duration
		bound     string
	}{
		{"one target: its concurrency", []int{1600}, 20 * time.Millisecond, 4 * time.Second, "concurrency"},
		{"slowest target sets it", []int{80, 160}, 20 * time.Millisecond, 400 * time.Millisecond, "concurrency"},
		{"many targets: the global cap", []int{800, 800, 800, 800, 800, 800, 800, 800, 800, 800}, 20 * time.Millisecond, 2500 * time.Millisecond, "parallel"},
		{"no delay: only the rate", []int{15}, 0, 15 * time.Millisecond, "rate"},
		{"nothing sent", nil, 20 * time.Millisecond, 0, "-"},
	}
	for _, tc := range cases {
		got, bound := floor(tc.perTarget, tc.delay, o)
		if got != tc.want || bound != tc.bound {
			t.Errorf("%s: floor %v (%s), want %v (%s)", tc.name, got, bound, tc.want, tc.bound)
		}
	}
}
