package probe

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// retryable reports whether a status invites a retry after Retry-After.
func retryable(status int) bool {
	return status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable
}

// parseRetryAfter reads a Retry-After value (RFC 9110 §10.2.3): a number
// of seconds or an HTTP-date. A date in the past means no wait. A number
// of seconds too large for 32 bits is saturated at 2^32-1 seconds (some
// 136 years), not refused: it asks for a longer wait than anyone allows,
// and must stop the target, not turn the 503 into an answer to judge.
func parseRetryAfter(v string, now time.Time) (time.Duration, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, fmt.Errorf("empty Retry-After")
	}
	if secs, err := strconv.ParseUint(v, 10, 32); err == nil {
		return time.Duration(secs) * time.Second, nil
	} else if errors.Is(err, strconv.ErrRange) {
		return math.MaxUint32 * time.Second, nil
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d, nil
		}
		return 0, nil
	}
	return 0, fmt.Errorf("Retry-After %q is neither delay-seconds nor an HTTP-date", v)
}
