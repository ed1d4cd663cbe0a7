package probe

import (
	"fmt"
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
