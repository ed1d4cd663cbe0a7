package suite

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/onsi/ginkgo/v2/formatter"
	"github.com/onsi/ginkgo/v2/types"
)

// fakeProgress is a progress over two targets of two and one units, with
// a clock that moves a second a call and a request counter the test sets.
func fakeProgress(live bool) (*progress, *bytes.Buffer, *int) {
	var buf bytes.Buffer
	sent := 0
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	p := &progress{w: &buf, live: live, left: map[int]int{0: 2, 1: 1}, names: map[int]string{0: "api", 1: "edge\x1b[2J"},
		targets: 2, total: 4800, sent: func(int) int { return sent }}
	p.now = func() time.Time { clock = clock.Add(time.Second); return clock }
	return p, &buf, &sent
}

// Off a terminal, one plain line per finished target, nothing for a unit
// that leaves its target unfinished.
func TestProgressPlainLinePerTarget(t *testing.T) {
	p, buf, sent := fakeProgress(false)
	p.start()
	*sent = 10
	p.unitDone(0)
	if buf.Len() != 0 {
		t.Errorf("a line before any target finished: %q", buf.String())
	}
	*sent = 1204
	p.unitDone(0)
	*sent = 1300
	p.unitDone(1)
	want := "authspec: api done: 1,204 requests, 1s into the run (1 of 2 targets)\n" +
		"authspec: edge?[2J done: 1,300 requests, 2s into the run (2 of 2 targets)\n"
	if buf.String() != want {
		t.Errorf("progress =\n%q\nwant\n%q", buf.String(), want)
	}
	p.finish()
	if buf.String() != want {
		t.Error("finish wrote something off a terminal")
	}
}

// On a terminal, one line rewritten in place with a carriage return, no
// escape sequence, cleared at the end.
func TestProgressLiveLine(t *testing.T) {
	p, buf, sent := fakeProgress(true)
	p.start()
	*sent = 1204
	p.unitDone(0)
	p.unitDone(0)
	out := buf.String()
	if strings.Contains(out, "\n") || strings.Contains(out, "\x1b") {
		t.Errorf("live line holds a newline or an escape: %q", out)
	}
	if !strings.Contains(out, "\rauthspec: 1 of 2 targets, 1,204 of ~4,800 requests, ") {
		t.Errorf("live line = %q", out)
	}
	p.finish()
	if !strings.HasSuffix(buf.String(), "\r") || strings.TrimRight(buf.String()[len(out):], " \r") != "" {
		t.Errorf("finish does not clear the line: %q", buf.String()[len(out):])
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 4800: "4,800", 1234567: "1,234,567"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

// With no colour asked for, Ginkgo's own errors (printed through its
// formatter) carry no escape sequence.
func TestQuietGinkgoDropsColour(t *testing.T) {
	out, fm := formatter.ColorableStdOut, formatter.SingletonFormatter
	defer func() { formatter.ColorableStdOut, formatter.SingletonFormatter = out, fm }()
	quietGinkgo(Options{}, types.ReporterConfig{NoColor: true})
	if s := formatter.F("{{red}}Ginkgo detected an issue{{/}}"); strings.Contains(s, "\x1b") {
		t.Errorf("Ginkgo's formatter still colours: %q", s)
	}
	if formatter.ColorableStdOut == out {
		t.Error("Ginkgo's reporter output is not silenced")
	}
	quietGinkgo(Options{GinkgoOutput: true}, types.ReporterConfig{})
	if s := formatter.F("{{red}}x{{/}}"); !strings.Contains(s, "\x1b") {
		t.Error("colour asked for but not given")
	}
}
