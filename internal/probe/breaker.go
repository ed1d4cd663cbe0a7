package probe

import (
	"fmt"
	"sync"
)

// breakerLimit is how many requests in a row may fail to complete before
// the client stops sending to the target. A target that never answers, or
// answers with something that is not HTTP, would otherwise cost every probe
// of every resource a full timeout: with the breaker, a dead target costs
// about breakerLimit timeouts and the run still ends in bounded time.
const breakerLimit = 3

// breaker counts consecutive exchanges that could not be completed.
type breaker struct {
	mu    sync.Mutex
	fails int
	// lastKind and lastErr are the last failure's, quoted when the breaker
	// is open. They are copied, not read through the exchange: loop
	// redacts the exchange's Err after recording it, and the quote ends up
	// in an exchange that its own loop redacts.
	lastKind string
	lastErr  error
	// stopped, once set, keeps the breaker open for good: the target told
	// us to stay away for longer than we wait (see backOffTooLong).
	stopped     error
	stoppedKind string
}

// stop opens the breaker for the rest of the run.
func (b *breaker) stop(kind string, why error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.stopped == nil {
		b.stopped, b.stoppedKind = why, kind
	}
}

// deadTarget reports whether the target has failed too often in a row, and
// if so the error and kind to record instead of sending.
func (b *breaker) deadTarget() (kind string, err error, open bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.stopped != nil {
		return b.stoppedKind, fmt.Errorf("not sent: %v", b.stopped), true
	}
	if b.fails < breakerLimit {
		return "", nil, false
	}
	return b.lastKind, fmt.Errorf("not sent: the last %d requests to this target could not be completed (last: %v)", b.fails, b.lastErr), true
}

// record notes the outcome of one exchange. Only failures of the target
// itself count: a canceled run or a request we could not build says
// nothing about the target.
func (b *breaker) record(ex *Exchange) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case ex.Err == nil:
		b.fails = 0
	case ex.ErrKind == ErrCanceled || ex.ErrKind == ErrConfig:
	default:
		b.fails++
		b.lastKind, b.lastErr = ex.ErrKind, ex.Err
	}
}
