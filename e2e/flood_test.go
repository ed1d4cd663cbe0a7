package e2e

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authspec/authspec/internal/fixtures"
	"github.com/authspec/authspec/internal/report"
)

// The bounds one response may not break, whatever it holds: requests per
// resource, bytes of results.json per resource, the run's peak memory, and
// the length of one result's message.
const (
	maxRequestsPerResource = 64
	maxResultsPerResource  = 64 << 10
	maxRunMemoryMB         = 200
	maxMessageBytes        = 4 << 10
)

// floodRun runs the suite once against every flooding fixture (a 401
// offering thousands of schemes, on one line or on many, and hundreds of
// Digest challenges to a run with credentials), and returns the outcome
// with the number of resources probed.
func floodRun(t testing.TB) (outcome, int) {
	var b strings.Builder
	b.WriteString("defaults:\n  rate: 1000\n  concurrency: 8\ntargets:\n")
	resources := 0
	for _, f := range fixtures.Flooding() {
		url, stop, err := f.Start()
		if err != nil {
			t.Fatalf("starting %s: %v", f.Name, err)
		}
		t.Cleanup(stop)
		writeTarget(&b, f, url)
		resources += len(f.Resources)
	}
	return runSuiteArgs(t, b.String(), nil, credentialEnv...), resources
}

// One 401 decides nothing: a resource gets at most 64 requests and adds at
// most 64 KB to results.json, each result's message is bounded, the run
// stays under 200 MB, and the challenges left unanswered are reported as
// a number, not silently dropped.
func TestOneResponseBoundsItsWork(t *testing.T) {
	o, resources := floodRun(t)
	if o.Run == nil {
		t.Fatalf("no results.json (exit %d)\n%s", o.Code, tail(o.Stderr))
	}
	for _, f := range fixtures.Flooding() {
		tg := o.target(t, f.Name)
		if max := maxRequestsPerResource * len(f.Resources); tg.Requests > max {
			t.Errorf("%s: %d requests for %d resources, want at most %d", f.Name, tg.Requests, len(f.Resources), max)
		}
		capped := false
		for _, r := range tg.Results {
			if len(r.Message) > maxMessageBytes {
				t.Errorf("%s: a %s result's message is %d bytes, want at most %d", f.Name, r.Check, len(r.Message), maxMessageBytes)
			}
			if r.Outcome == report.Info && strings.Contains(r.Message, "were not sent") {
				capped = true
			}
		}
		if !capped {
			t.Errorf("%s: no result says how many challenges got no request of their own\n%s", f.Name, describe(tg))
		}
		checkHostile(t, tg, f.ExpectError, f.ExpectFail, f.Why)
		added := resultsBytes(t, *tg)
		if max := maxResultsPerResource * len(f.Resources); added > max {
			t.Errorf("%s: its results add %d bytes to results.json for %d resources, want at most %d", f.Name, added, len(f.Resources), max)
		}
		t.Logf("%s: %d requests, %d results, %d bytes of results.json for %d resources", f.Name, tg.Requests, len(tg.Results), added, len(f.Resources))
	}
	info, err := os.Stat(filepath.Join(o.Dir, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	if max := int64(maxResultsPerResource * resources); info.Size() > max {
		t.Errorf("results.json is %d bytes for %d resources, want at most %d", info.Size(), resources, max)
	}
	if mb := o.MaxRSSKiB / 1024; mb >= maxRunMemoryMB {
		t.Errorf("peak memory %d MB, want under %d MB", mb, maxRunMemoryMB)
	}
	t.Logf("flood run: %d resources, %d bytes of results.json, peak memory %d MB", resources, info.Size(), o.MaxRSSKiB/1024)
}

// BenchmarkOneResponseFlood measures the same run for `make bench`:
// requests per resource, results.json bytes per resource and peak memory.
func BenchmarkOneResponseFlood(b *testing.B) {
	for b.Loop() {
		o, resources := floodRun(b)
		info, err := os.Stat(filepath.Join(o.Dir, "results.json"))
		if err != nil || o.Run == nil {
			b.Fatalf("no results.json (exit %d): %v", o.Code, err)
		}
		requests := 0
		for _, tg := range o.Run.Targets {
			requests += tg.Requests
		}
		b.ReportMetric(float64(requests)/float64(resources), "requests/resource")
		b.ReportMetric(float64(info.Size())/float64(resources)/1024, "KiB-results/resource")
		b.ReportMetric(float64(o.MaxRSSKiB)/1024, "peak-MB")
		b.ReportMetric(0, "ns/op")
		fmt.Fprintf(os.Stderr, "flood run: %d resources, %d requests, %d bytes of results.json, peak %d MB\n", resources, requests, info.Size(), o.MaxRSSKiB/1024)
	}
}

// resultsBytes is what a target's results add to results.json: the file
// written with the target alone, less the file written with the target
// holding no results.
func resultsBytes(t *testing.T, tg report.Target) int {
	t.Helper()
	size := func(tg report.Target) int {
		var b bytes.Buffer
		if err := report.WriteJSON(&b, &report.Run{Version: report.FormatVersion, Targets: []report.Target{tg}}); err != nil {
			t.Fatal(err)
		}
		return b.Len()
	}
	empty := tg
	empty.Results = nil
	return size(tg) - size(empty)
}
