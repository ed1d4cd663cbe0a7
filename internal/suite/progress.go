package suite

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// progress tells the user how a long run is going, on Options.Progress:
// on a terminal one live line, rewritten in place ("authspec: 3 of 12
// targets, 1,204 of ~4,800 requests"), at most ten times a second; without
// one (a CI log) one plain line per target as it finishes, since a log
// keeps every rewrite. It writes no colour and no escape sequence: the
// live line is redrawn with a carriage return and padded with spaces.
type progress struct {
	w    io.Writer
	live bool
	now  func() time.Time

	mu       sync.Mutex
	targets  int              // targets with selected units
	left     map[int]int      // per target, its selected units not done
	started  time.Time        // when the run started
	total    int              // estimated requests of the run, before retries
	sent     func(ti int) int // requests sent so far to target ti, to all when ti < 0
	names    map[int]string   // target names
	drawn    int              // runes of the live line on screen
	lastDraw time.Time
	done     int // targets finished
}

// newProgress prepares the progress of st's selected units, or returns nil
// when Options.Progress is not set.
func newProgress(st *runState) *progress {
	if st.opts.Progress == nil {
		return nil
	}
	p := &progress{w: st.opts.Progress, live: st.opts.LiveProgress, now: time.Now,
		left: map[int]int{}, names: map[int]string{}}
	for _, u := range st.units {
		if !u.Selected() {
			continue
		}
		if p.left[u.Target] == 0 {
			p.targets++
			p.names[u.Target] = st.cfg.Targets[u.Target].Name
		}
		p.left[u.Target]++
		p.total += u.Requests
	}
	p.sent = func(ti int) int {
		if ti >= 0 {
			return st.rts[ti].sent()
		}
		n := 0
		for _, rt := range st.rts {
			n += rt.sent()
		}
		return n
	}
	return p
}

// start notes the start of the run and draws the first live line.
func (p *progress) start() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.started = p.now()
	if p.live {
		p.draw(true)
	}
}

// unitDone records a finished unit of target ti: a plain line when it was
// the target's last, a redraw of the live line.
func (p *progress) unitDone(ti int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.left[ti]--
	last := p.left[ti] == 0
	if last {
		p.done++
	}
	if p.live {
		p.draw(last)
		return
	}
	if last {
		fmt.Fprintf(p.w, "authspec: %s done: %s requests, %s into the run (%d of %d targets)\n",
			terminalName(p.names[ti]), thousands(p.sent(ti)), p.now().Sub(p.started).Round(100*time.Millisecond), p.done, p.targets)
	}
}

// finish clears the live line, so the summary starts on a clean one. It
// may be called again: there is nothing left to clear.
func (p *progress) finish() {
	if p == nil || !p.live {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn > 0 {
		fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", p.drawn))
		p.drawn = 0
	}
}

// draw rewrites the live line, unless it was drawn less than 100ms ago
// and force is not set.
func (p *progress) draw(force bool) {
	now := p.now()
	if !force && now.Sub(p.lastDraw) < 100*time.Millisecond {
		return
	}
	p.lastDraw = now
	line := fmt.Sprintf("authspec: %d of %d targets, %s of ~%s requests, %s",
		p.done, p.targets, thousands(p.sent(-1)), thousands(p.total), now.Sub(p.started).Round(time.Second))
	n := len([]rune(line))
	pad := ""
	if n < p.drawn {
		pad = strings.Repeat(" ", p.drawn-n)
	}
	fmt.Fprintf(p.w, "\r%s%s", line, pad)
	p.drawn = n
}

// thousands writes n with thousands separators: 4,800.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// terminalName keeps a target name to printable characters; names come
// from targets.yaml, which the loader already restricts, but a progress
// line must not carry a control character whatever happens upstream.
func terminalName(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return '?'
		}
		return r
	}, s)
}
