package config

import "time"

// settings are the fields a defaults block sets and a target may override.
type settings struct {
	timeout       time.Duration
	maxBody       int64
	strict        bool
	concurrency   int
	rate          float64
	retries       int
	maxRetryAfter time.Duration
}

// builtinSettings apply when neither defaults nor the target say otherwise.
// They are gentle on purpose: authspec often runs against shared staging
// servers, and two requests in flight at ten a second bother nobody.
var builtinSettings = settings{
	timeout:       10 * time.Second,
	maxBody:       1 << 20,
	concurrency:   2,
	rate:          10,
	retries:       2,
	maxRetryAfter: 10 * time.Second,
}

// settingKeys are the YAML keys of settings, valid in defaults and in
// every target.
var settingKeys = []string{"timeout", "max_body", "strict", "concurrency", "rate", "retries", "max_retry_after"}

// Bounds of the settings, so that a typo cannot turn a check into a flood
// or a hang.
const (
	maxTimeout       = time.Hour
	maxBodyLimit     = 1 << 30
	maxConcurrency   = 64
	maxRate          = 1000
	maxRetries       = 5
	maxRetryAfterCap = time.Hour
)

// overrideSettings returns base with every setting present in f replaced.
func (p *parser) overrideSettings(f fields, parent string, base settings) settings {
	s := base
	if n := f.get("timeout"); n != nil {
		s.timeout = p.duration(n, join(parent, "timeout"), time.Millisecond, maxTimeout)
	}
	if n := f.get("max_body"); n != nil {
		s.maxBody = p.byteSize(n, join(parent, "max_body"), maxBodyLimit)
	}
	if n := f.get("strict"); n != nil {
		s.strict = p.boolean(n, join(parent, "strict"))
	}
	if n := f.get("concurrency"); n != nil {
		s.concurrency = p.integer(n, join(parent, "concurrency"), 1, maxConcurrency)
	}
	if n := f.get("rate"); n != nil {
		s.rate = p.number(n, join(parent, "rate"), maxRate)
	}
	if n := f.get("retries"); n != nil {
		s.retries = p.integer(n, join(parent, "retries"), 0, maxRetries)
	}
	if n := f.get("max_retry_after"); n != nil {
		s.maxRetryAfter = p.duration(n, join(parent, "max_retry_after"), 0, maxRetryAfterCap)
	}
	return s
}

// apply copies the settings into t.
func (s settings) apply(t *Target) {
	t.Timeout = s.timeout
	t.MaxBody = s.maxBody
	t.Strict = s.strict
	t.Concurrency = s.concurrency
	t.Rate = s.rate
	t.Retries = s.retries
	t.MaxRetryAfter = s.maxRetryAfter
}
