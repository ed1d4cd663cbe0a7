package schedule

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestTargetGateSpacesStarts(t *testing.T) {
	g := NewTargetGate(10, 1000, nil) // one start per millisecond
	first := time.Now()
	for range 5 {
		release, err := g.Acquire(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		release()
	}
	// The schedule, not the clock: five starts booked at 1ms spacing.
	if span := g.next.Sub(first); span < 5*time.Millisecond {
		t.Errorf("next start %s after first, want at least 5ms of schedule", span)
	}
}

// inFlight runs n callers through the gates and returns the most that held
// them at once, counted, not timed.
func inFlight(t *testing.T, gates []Gate, n int, want int64) int64 {
	t.Helper()
	var cur, most atomic.Int64
	var wg sync.WaitGroup
	hold := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			release, err := gates[i%len(gates)].Acquire(context.Background())
			if err != nil {
				t.Error(err)
				return
			}
			c := cur.Add(1)
			for {
				m := most.Load()
				if c <= m || most.CompareAndSwap(m, c) {
					break
				}
			}
			<-hold
			cur.Add(-1)
			release()
		}()
	}
	// Wait until the limit is reached, then give a caller that should
	// not get in a moment to show it does.
	for deadline := time.Now().Add(5 * time.Second); cur.Load() < want && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
	close(hold)
	wg.Wait()
	return most.Load()
}

func TestTargetGateHoldsConcurrency(t *testing.T) {
	if got := inFlight(t, []Gate{NewTargetGate(3, 0, nil)}, 10, 3); got != 3 {
		t.Errorf("at most %d in flight, want exactly the limit 3", got)
	}
}

func TestGlobalCapHoldsAcrossTargets(t *testing.T) {
	global := NewGlobal(4)
	gates := []Gate{NewTargetGate(3, 0, global), NewTargetGate(3, 0, global), NewTargetGate(3, 0, global)}
	if got := inFlight(t, gates, 12, 4); got != 4 {
		t.Errorf("at most %d in flight across targets, want the global cap 4", got)
	}
}

func TestGateGivesUpWhenContextEnds(t *testing.T) {
	g := NewTargetGate(1, 0, nil)
	release, err := g.Acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := g.Acquire(ctx); err == nil {
		t.Error("Acquire on a full gate with a canceled context succeeded")
	}
}
