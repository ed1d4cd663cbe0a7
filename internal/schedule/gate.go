package schedule

import (
	"context"
	"sync"
	"time"
)

// Gate is asked before every request to a target: Acquire returns when the
// request may start, and release must be called when it is done. Retries
// ask again, so a Retry-After wait holds no slot.
type Gate interface {
	Acquire(ctx context.Context) (release func(), err error)
}

// Global caps the requests in flight across every target of a run (the
// -parallel flag). A nil *Global caps nothing.
type Global struct {
	slots chan struct{}
}

// NewGlobal allows n requests in flight at once; n <= 0 means no cap.
func NewGlobal(n int) *Global {
	if n <= 0 {
		return nil
	}
	return &Global{slots: make(chan struct{}, n)}
}

func (g *Global) acquire(ctx context.Context) error {
	if g == nil {
		return ctx.Err()
	}
	select {
	case g.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (g *Global) release() {
	if g != nil {
		<-g.slots
	}
}

// TargetGate keeps one target's limits: at most concurrency requests in
// flight, request starts spaced by the rate, and a share of the global
// cap. The target's own slot is taken first, so a target that is at its
// limit never holds a global slot another target could use.
type TargetGate struct {
	slots    chan struct{}
	interval time.Duration // 0: no rate limit
	global   *Global

	mu   sync.Mutex
	next time.Time // earliest start of the next request
}

// NewTargetGate allows concurrency requests at once (1 when not positive)
// and rate request starts per second (unlimited when not positive), within
// the global cap g (nil: none).
func NewTargetGate(concurrency int, rate float64, g *Global) *TargetGate {
	if concurrency <= 0 {
		concurrency = 1
	}
	tg := &TargetGate{slots: make(chan struct{}, concurrency), global: g}
	if rate > 0 {
		tg.interval = time.Duration(float64(time.Second) / rate)
	}
	return tg
}

// Concurrency is the most requests the gate lets through at once.
func (tg *TargetGate) Concurrency() int { return cap(tg.slots) }

// Acquire waits for a slot of the target, for the request's turn under the
// rate, then for a global slot.
func (tg *TargetGate) Acquire(ctx context.Context) (release func(), err error) {
	select {
	case tg.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	releaseTarget := func() { <-tg.slots }
	if err := Sleep(ctx, tg.turn()); err != nil {
		releaseTarget()
		return nil, err
	}
	if err := tg.global.acquire(ctx); err != nil {
		releaseTarget()
		return nil, err
	}
	return func() {
		tg.global.release()
		releaseTarget()
	}, nil
}

// turn books the next start under the rate and says how long to wait for
// it. Starts are booked, not measured, so a burst of callers is spread out.
func (tg *TargetGate) turn() time.Duration {
	if tg.interval <= 0 {
		return 0
	}
	tg.mu.Lock()
	defer tg.mu.Unlock()
	now := time.Now()
	start := tg.next
	if start.Before(now) {
		start = now
	}
	tg.next = start.Add(tg.interval)
	return time.Until(start)
}

// Sleep waits for d or until ctx ends, and says which. The probe layer's
// Retry-After waits use it too.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Rate is the most request starts per second the gate allows, 0 for no
// limit.
func (tg *TargetGate) Rate() float64 {
	if tg.interval == 0 {
		return 0
	}
	return float64(time.Second) / float64(tg.interval)
}
