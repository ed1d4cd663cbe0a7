package schedule

import (
	"context"
	"sync"
)

// Runner does the work of one unit: it sends the unit's probes through the
// target's Gate and keeps what the judge said. It must return when ctx
// ends.
type Runner func(ctx context.Context, u *Unit)

// Scheduler runs the selected units of a plan in the background. Each
// target gets as many workers as its concurrency allows, taking its units
// in configuration order, so the first resources finish first (the order
// the specs wait for them) and a slow or dead target delays only itself.
type Scheduler struct {
	wg sync.WaitGroup
}

// Start starts every selected unit. workers gives a target's number of
// workers (its concurrency). Units that select no probe are not run.
func Start(ctx context.Context, units []*Unit, workers func(target int) int, run Runner) *Scheduler {
	s := &Scheduler{}
	queues := map[int][]*Unit{}
	var targets []int
	for _, u := range units {
		u.done = make(chan struct{})
		if !u.Selected() {
			close(u.done)
			continue
		}
		if _, seen := queues[u.Target]; !seen {
			targets = append(targets, u.Target)
		}
		queues[u.Target] = append(queues[u.Target], u)
	}
	for _, t := range targets {
		q := queues[t]
		next := make(chan *Unit, len(q))
		for _, u := range q {
			next <- u
		}
		close(next)
		n := min(max(workers(t), 1), len(q))
		for range n {
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				for u := range next {
					run(ctx, u)
					close(u.done)
				}
			}()
		}
	}
	return s
}

// Wait returns when unit u is done, or with ctx's error when ctx ends
// first (the spec that waits timed out or was interrupted).
func Wait(ctx context.Context, u *Unit) error {
	select {
	case <-u.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Done reports whether u has finished (false for a unit never started).
func Done(u *Unit) bool {
	if u.done == nil {
		return false
	}
	select {
	case <-u.done:
		return true
	default:
		return false
	}
}

// Wait returns when every started unit is done. Runners return when their
// context ends, so after a cancel this returns in bounded time.
func (s *Scheduler) Wait() { s.wg.Wait() }
