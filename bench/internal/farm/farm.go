// Package farm is a latency farm for whole-run benchmarks: N loopback HTTP
// servers, each guarding M resources with Basic authentication and
// answering every request only after a fixed delay.
//
// A whole run of authspec is bounded by the servers it probes, not by its
// parser. The farm makes that bound known in advance (every answer takes
// the same delay, every answer is conformant), so a benchmark can compare
// a run's wall time with the least time the configured concurrency allows
// and see what authspec itself adds on top.
package farm

import (
	"errors"
	"fmt"
	"time"

	"github.com/authspec/authspec/internal/rawserve"
)

// Config says how big the farm is and how slow each answer is.
type Config struct {
	Targets   int           // servers, each on its own loopback listener
	Resources int           // resources per server: /r/0 … /r/Resources-1
	Delay     time.Duration // waited before every answer, HEAD included
	// Sleep waits out Delay; nil means time.Sleep. Tests replace it to see
	// that every answer is delayed without timing anything.
	Sleep func(time.Duration)
}

// Farm is a running set of servers. Close stops them.
type Farm struct {
	urls    []string
	servers []*rawserve.Server
}

// Start opens cfg.Targets listeners on 127.0.0.1:0 (loopback only: the
// farm is never reachable from another host) and serves each of them.
func Start(cfg Config) (*Farm, error) {
	if cfg.Targets < 1 || cfg.Resources < 1 || cfg.Delay < 0 {
		return nil, fmt.Errorf("farm: need at least one target and one resource and a delay >= 0, got %d, %d, %v",
			cfg.Targets, cfg.Resources, cfg.Delay)
	}
	f := &Farm{}
	h := newHandler(cfg.Resources, cfg.Delay, cfg.Sleep)
	for range cfg.Targets {
		if err := f.serve(h); err != nil {
			f.Close()
			return nil, err
		}
	}
	return f, nil
}

// serve starts one server on a fresh loopback port.
func (f *Farm) serve(h *handler) error {
	srv, err := rawserve.Start(h.serve)
	if err != nil {
		return fmt.Errorf("farm: %w", err)
	}
	f.servers = append(f.servers, srv)
	f.urls = append(f.urls, srv.URL())
	return nil
}

// URLs returns each server's origin (http://127.0.0.1:PORT), in order.
func (f *Farm) URLs() []string { return append([]string(nil), f.urls...) }

// Close stops every server at once, without waiting for answers in flight.
func (f *Farm) Close() error {
	var errs []error
	for _, srv := range f.servers {
		errs = append(errs, srv.Stop())
	}
	return errors.Join(errs...)
}
