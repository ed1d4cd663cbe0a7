package main

import "time"

// floor is the least wall time the run's own limits allow for the
// requests it actually sent, and the limit that sets it:
//
//	concurrency  a target's requests × delay / its concurrency (the slowest target)
//	rate         a target's requests / its rate (starts are spaced by 1/rate)
//	parallel     all requests × delay / -parallel (the cap across targets)
//
// The farm answers each request after exactly delay, so nothing faster is
// possible; wall / floor is what scheduling, Ginkgo, judging and reporting
// add. With no delay only the rate bounds a run, and the floor is tiny.
func floor(perTarget []int, delay time.Duration, o options) (time.Duration, string) {
	best, bound := time.Duration(0), "-"
	consider := func(d time.Duration, why string) {
		if d > best {
			best, bound = d, why
		}
	}
	total := 0
	for _, n := range perTarget {
		total += n
		consider(time.Duration(n)*delay/time.Duration(o.concurrency), "concurrency")
		consider(time.Duration(float64(n)/o.rate*float64(time.Second)), "rate")
	}
	consider(time.Duration(total)*delay/time.Duration(o.parallel), "parallel")
	return best, bound
}
