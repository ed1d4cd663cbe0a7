package probe

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// limiter keeps authspec polite: at most a number of requests in flight
// to a target, and request starts spaced by the configured rate.
type limiter struct {
	slots    chan struct{} // capacity: requests in flight at most
	interval time.Duration // 0: no rate limit

	mu   sync.Mutex
	next time.Time // earliest start of the next request
}

// newLimiter allows concurrency requests at once (1 when not positive) and
// rate request starts per second (unlimited when not positive).
func newLimiter(concurrency int, rate float64) *limiter {
	if concurrency <= 0 {
		concurrency = 1
	}
	l := &limiter{slots: make(chan struct{}, concurrency)}
	if rate > 0 {
		l.interval = time.Duration(float64(time.Second) / rate)
	}
	return l
}

// acquire waits for a slot and for the request's turn under the rate. The
// returned release must be called when the request is done.
func (l *limiter) acquire(ctx context.Context) (release func(), err error) {
	select {
	case l.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	release = func() { <-l.slots }
	if l.interval > 0 {
		l.mu.Lock()
		now := time.Now()
		start := l.next
		if start.Before(now) {
			start = now
		}
		l.next = start.Add(l.interval)
		l.mu.Unlock()
		if err := sleep(ctx, time.Until(start)); err != nil {
			release()
			return nil, err
		}
	}
	return release, nil
}

// sleep waits for d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
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

// retryable reports whether a status invites a retry after Retry-After.
func retryable(status int) bool {
	return status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable
}

// parseRetryAfter reads a Retry-After value (RFC 9110 §10.2.3): a number
// of seconds or an HTTP-date. A date in the past means no wait.
func parseRetryAfter(v string, now time.Time) (time.Duration, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, fmt.Errorf("empty Retry-After")
	}
	if secs, err := strconv.ParseUint(v, 10, 32); err == nil {
		return time.Duration(secs) * time.Second, nil
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d, nil
		}
		return 0, nil
	}
	return 0, fmt.Errorf("Retry-After %q is neither delay-seconds nor an HTTP-date", v)
}
