package htmlbrowser_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/authspec/authspec/internal/browser"
	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/demorun"
	"github.com/authspec/authspec/internal/fixtures"
	"github.com/authspec/authspec/internal/report"
)

// needChromium skips the test unless AUTHSPEC_CHROMIUM is set, and fails
// it when the variable is set but Chromium is missing: the CI stage that
// sets it must not pass by testing nothing.
func needChromium(t *testing.T) {
	t.Helper()
	if os.Getenv("AUTHSPEC_CHROMIUM") == "" {
		t.Skip("set AUTHSPEC_CHROMIUM=1 to test report.html in headless Chromium (Debian's chromium package)")
	}
	if _, err := browser.Find(); err != nil {
		t.Fatalf("AUTHSPEC_CHROMIUM is set: %v", err)
	}
}

// page is a tab with a report open, and what the tab did meanwhile.
type page struct {
	ctx context.Context

	mu         sync.Mutex
	requests   []string // URLs the tab asked for
	failed     []string // requests that failed or were blocked
	complaints []string // exceptions, console errors and browser log errors
}

// openPage starts Chromium, starts watching the tab's requests, console
// and log, and opens the report at path from file://.
func openPage(t *testing.T, path string) *page {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	tab, stop, err := browser.Start(ctx, 1400, 900)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	p := &page{ctx: tab}
	if err := chromedp.Listen(tab, p.record); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(tab, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(tab, cdplog.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := browser.OpenReport(tab, path); err != nil {
		t.Fatalf("opening %s: %v", path, err)
	}
	t.Logf("%s: opened and drawn in %v as seen from the test", filepath.Base(path), time.Since(start).Round(time.Millisecond))
	return p
}

// record runs in the tab's event loop: it only notes.
func (p *page) record(ev any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		p.requests = append(p.requests, ev.Request.URL)
	case *network.EventLoadingFailed:
		p.failed = append(p.failed, fmt.Sprintf("%s (%s)", ev.ErrorText, ev.BlockedReason))
	case *runtime.EventExceptionThrown:
		p.complaints = append(p.complaints, "exception: "+ev.ExceptionDetails.Text+describeException(ev.ExceptionDetails))
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning {
			p.complaints = append(p.complaints, "console."+string(ev.Type))
		}
	case *cdplog.EventEntryAdded:
		if ev.Entry.Level == cdplog.EntryLevelError || ev.Entry.Level == cdplog.EntryLevelWarning {
			p.complaints = append(p.complaints, "log: "+ev.Entry.Text)
		}
	}
}

func describeException(d *runtime.ExceptionDetails) string {
	if d.Exception != nil && d.Exception.Description != "" {
		return ": " + d.Exception.Description
	}
	return ""
}

// eval evaluates a JavaScript expression in the page and decodes its value.
func eval[T any](t *testing.T, p *page, expr string) T {
	t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %s: %v", firstLine(expr), err)
	}
	return v
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

func (p *page) do(t *testing.T, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// cell is a matrix cell as drawn: target and rule indexes in the data
// block, unit index (-1 on a target's row) and outcome shown.
type cell struct {
	T, R, U int
	O       string
}

const cellsJS = `[...document.querySelectorAll('#matrix td.cell[data-r]')].map(td => ({
  T: +td.dataset.t, R: +td.dataset.r, U: td.dataset.u === undefined ? -1 : +td.dataset.u, O: td.dataset.o }))`

// pageData is what the test reads of the page's data block: the names
// behind the indexes.
type pageData struct {
	Rules []struct {
		ID string `json:"id"`
	} `json:"rules"`
	Targets []struct {
		Name    string `json:"name"`
		Results []struct {
			R int      `json:"r"`
			O string   `json:"o"`
			K [][2]int `json:"k"`
		} `json:"results"`
	} `json:"targets"`
}

const dataJS = `JSON.parse(document.getElementById('authspec-data').textContent)`

// displayOrder is the order in which a cell picks the outcome it shows.
var displayOrder = []report.Outcome{report.Error, report.Fail, report.Warn, report.Info, report.Pass, report.Skip}

// expectedCells is, for each "target rule" pair of run, the outcome its
// cell shows with every outcome let through: the worst one among the
// target's checks of the rule, as every report counts them (a planned
// check that was never judged, on an unreachable target say, is a skip).
// Only rules the run has a result of get a column.
func expectedCells(run *report.Run) map[string]string {
	column := map[string]bool{}
	for _, t := range run.Targets {
		for _, r := range t.Results {
			column[r.Check] = true
		}
	}
	held := map[string]map[report.Outcome]bool{}
	for _, t := range run.Targets {
		for _, c := range t.Checks() {
			if !column[c.Rule] {
				continue
			}
			key := t.Name + " " + c.Rule
			if held[key] == nil {
				held[key] = map[report.Outcome]bool{}
			}
			held[key][c.Outcome] = true
		}
	}
	out := map[string]string{}
	for key, os := range held {
		for _, o := range displayOrder {
			if os[o] {
				out[key] = string(o)
				break
			}
		}
	}
	return out
}

// shownCells reads the target rows' cells: "target rule" → outcome.
func shownCells(t *testing.T, p *page, d *pageData) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, c := range eval[[]cell](t, p, cellsJS) {
		if c.U < 0 {
			out[d.Targets[c.T].Name+" "+d.Rules[c.R].ID] = c.O
		}
	}
	return out
}

// cellsOf keeps the cells of one target.
func cellsOf(cells map[string]string, target string) map[string]string {
	out := map[string]string{}
	for key, o := range cells {
		if strings.HasPrefix(key, target+" ") {
			out[key] = o
		}
	}
	return out
}

func countOutcome(cells map[string]string, o string) int {
	n := 0
	for _, v := range cells {
		if v == o {
			n++
		}
	}
	return n
}

// The report of a real run of the suite against the fixtures, as a
// person uses it: the matrix, a filter, a cell's evidence, a target's
// resources; and nothing requested from the network meanwhile.
func TestBrowserReport(t *testing.T) {
	needChromium(t)
	dir := t.TempDir()
	var suiteOut strings.Builder
	run, err := demorun.Run(dir, &suiteOut)
	if err != nil {
		t.Fatalf("%v\n%s", err, suiteOut.String())
	}
	path := filepath.Join(dir, "reports", report.HTMLFile)
	p := openPage(t, path)
	d := eval[pageData](t, p, dataJS)

	t.Run("matrix", func(t *testing.T) {
		shown, want := shownCells(t, p, &d), expectedCells(run)
		for key, o := range want {
			if shown[key] != o {
				t.Errorf("cell %s shows %q, want %q", key, shown[key], o)
			}
		}
		if len(shown) != len(want) {
			t.Errorf("%d cells drawn, want %d", len(shown), len(want))
		}
		for _, name := range demorun.Fixtures {
			f, _ := fixtures.ByName(name)
			for _, rule := range f.ExpectFail {
				if o := shown[name+" "+rule]; o != "fail" {
					t.Errorf("%s breaks %s: its cell shows %q, want fail", name, rule, o)
				}
			}
		}
		if countOutcome(shown, "fail") == 0 || countOutcome(shown, "pass") == 0 {
			t.Errorf("no fail or no pass cell in %v", shown)
		}
		if countOutcome(cellsOf(shown, demorun.Unreachable), "error") == 0 {
			t.Errorf("the unreachable target shows no error cell: %v", cellsOf(shown, demorun.Unreachable))
		}
		for key, o := range cellsOf(shown, demorun.Reference) {
			if o == "fail" || o == "error" {
				t.Errorf("the reference server shows %s %s", key, o)
			}
		}
	})

	t.Run("filters", func(t *testing.T) {
		before := shownCells(t, p, &d)
		p.do(t, chromedp.Click(chromedp.CSS(`#f-pass`)))
		after := shownCells(t, p, &d)
		if n := countOutcome(after, "pass"); n != 0 {
			t.Errorf("with passes hidden, %d pass cells remain", n)
		}
		if a, b := countOutcome(after, "fail"), countOutcome(before, "fail"); a != b {
			t.Errorf("hiding passes changed the fail cells: %d, were %d", a, b)
		}
		p.do(t, chromedp.Click(chromedp.CSS(`#f-pass`)))
		if got := shownCells(t, p, &d); countOutcome(got, "pass") != countOutcome(before, "pass") {
			t.Errorf("showing passes again: %d pass cells, want %d", countOutcome(got, "pass"), countOutcome(before, "pass"))
		}
		rows := eval[int](t, p, `(() => { const s = document.getElementById('f-target'); s.value = '1';
		  s.dispatchEvent(new Event('change')); return document.querySelectorAll('#matrix tr.trow').length })()`)
		if rows != 1 {
			t.Errorf("one target chosen: %d target rows", rows)
		}
		rfcs := eval[[]string](t, p, `(() => { const s = document.getElementById('f-target'); s.value = '';
		  s.dispatchEvent(new Event('change')); const r = document.getElementById('f-rfc'); r.value = 'RFC 6750';
		  r.dispatchEvent(new Event('change'));
		  const d = JSON.parse(document.getElementById('authspec-data').textContent);
		  return [...document.querySelectorAll('#matrix td.cell[data-r]')].map(td => d.rules[+td.dataset.r].rfc) })()`)
		if len(rfcs) == 0 {
			t.Error("RFC 6750 chosen: no cell left (bearer-bare breaks RFC 6750)")
		}
		for _, rfc := range rfcs {
			if rfc != "RFC 6750" {
				t.Errorf("RFC 6750 chosen: a cell of %s remains", rfc)
				break
			}
		}
		p.do(t, chromedp.Click(chromedp.CSS(`#f-reset`)))
		if got := shownCells(t, p, &d); len(got) != len(before) {
			t.Errorf("after reset %d cells, want %d", len(got), len(before))
		}
	})

	t.Run("evidence", func(t *testing.T) { checkEvidence(t, p, &d, run) })

	t.Run("resources", func(t *testing.T) {
		units := len(findTarget(t, run, demorun.Reference).Units)
		p.do(t, chromedp.Click(chromedp.CSS(`button.toggle[data-toggle="0"]`)))
		if n := eval[int](t, p, `document.querySelectorAll('#matrix tr.urow').length`); n != units {
			t.Errorf("the reference target opened: %d resource rows, want %d", n, units)
		}
	})

	t.Run("no network", func(t *testing.T) {
		p.mu.Lock()
		defer p.mu.Unlock()
		for _, u := range p.requests {
			if !strings.HasPrefix(u, "file://") && !strings.HasPrefix(u, "data:") {
				t.Errorf("the page requested %s", u)
			}
		}
		if len(p.requests) != 1 || !strings.HasSuffix(p.requests[0], "/"+report.HTMLFile) {
			t.Errorf("requests %q, want the report's own document only", p.requests)
		}
		if len(p.failed) > 0 {
			t.Errorf("failed or blocked requests: %q", p.failed)
		}
		if len(p.complaints) > 0 {
			t.Errorf("the page complained: %q", p.complaints)
		}
	})
	logTimings(t, p)
}

// checkEvidence clicks the cell of a grammar failure and checks the panel:
// the request, the response head as results.json has it, a caret under
// the byte the message names, and the curl line with its copy button.
func checkEvidence(t *testing.T, p *page, d *pageData, run *report.Run) {
	const name = "unterminated-quote"
	ti, ri := -1, -1
	for i, tg := range d.Targets {
		if tg.Name != name {
			continue
		}
		for _, r := range tg.Results {
			if r.O == "fail" && len(r.K) > 0 {
				ti, ri = i, r.R
				break
			}
		}
	}
	if ti < 0 {
		t.Fatalf("no failure of %s with a caret in the data", name)
	}
	var want *report.Result
	for i, r := range findTarget(t, run, name).Results {
		if r.Check == d.Rules[ri].ID && r.Outcome == report.Fail && r.Evidence != nil {
			want = &findTarget(t, run, name).Results[i]
			break
		}
	}
	if want == nil {
		t.Fatalf("results.json has no failure of %s on %s", d.Rules[ri].ID, name)
	}
	p.do(t,
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`td.cell[data-t="%d"][data-r="%d"]:not([data-u])`, ti, ri))),
		chromedp.WaitVisible(chromedp.CSS(`#detail pre.head`)),
	)
	type panel struct{ Rule, Req, Head, HL, Caret, Curl string }
	got := eval[panel](t, p, `(() => { const q = s => { const e = document.querySelector('#detail ' + s); return e ? e.textContent : '' };
	  return { Rule: q('h2'), Req: q('pre.req'), Head: q('pre.head'), HL: q('pre.head .hl'), Caret: q('pre.head .caret'), Curl: q('pre.curl') } })()`)
	if got.Rule != d.Rules[ri].ID {
		t.Errorf("panel of %q, want %q", got.Rule, d.Rules[ri].ID)
	}
	if got.Req != want.Evidence.Request {
		t.Errorf("request %q, want %q", got.Req, want.Evidence.Request)
	}
	head, _, _ := strings.Cut(want.Evidence.Response, "\n\n")
	for _, line := range strings.Split(head, "\n") {
		if !strings.Contains(got.Head, line+"\n") {
			t.Errorf("response head lacks %q:\n%s", line, got.Head)
		}
	}
	col := strings.Index(got.Caret, "^")
	if hl := []rune(got.HL); col < 0 || col >= len(hl) || hl[col] != '"' {
		t.Errorf("caret at %d under %q, want it under the opening quote", col, got.HL)
	}
	if got.Curl != want.Evidence.Curl || !strings.HasPrefix(got.Curl, "curl ") {
		t.Errorf("curl line %q, want %q", got.Curl, want.Evidence.Curl)
	}
	p.do(t, chromedp.Click(chromedp.CSS(`#detail button.copy`)))
	label, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](`new Promise(done => {
	  const b = document.querySelector('#detail button.copy'), start = Date.now();
	  (function look() { if (b.textContent !== 'Copy' || Date.now() - start > 5000) done(b.textContent); else setTimeout(look, 20); })();
	})`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if label != "Copied" && label != "Select and copy the line below" {
		t.Errorf("after a click the copy button says %q", label)
	}
	p.do(t, chromedp.Click(chromedp.CSS(`#detail button.close`)))
	if hidden := eval[bool](t, p, `document.getElementById('detail').hidden`); !hidden {
		t.Error("the close button left the panel open")
	}
}

func findTarget(t *testing.T, run *report.Run, name string) *report.Target {
	t.Helper()
	for i := range run.Targets {
		if run.Targets[i].Name == name {
			return &run.Targets[i]
		}
	}
	t.Fatalf("no target %q in the run", name)
	return nil
}

// logTimings logs the page's own timings: parsing the data, drawing the
// matrix, and the time from navigation to the drawn matrix.
func logTimings(t *testing.T, p *page) map[string]float64 {
	t.Helper()
	tm := eval[map[string]float64](t, p, `window.authspecTimings`)
	t.Logf("load: data parsed in %.1f ms, matrix drawn in %.1f ms, ready %.1f ms after navigation", tm["parse"], tm["draw"], tm["ready"])
	return tm
}

// Reports of 1,000 and 5,000 resources load and open quickly enough to
// use; the test logs their sizes and times.
func TestBrowserLoadsLargeReports(t *testing.T) {
	needChromium(t)
	for _, n := range []int{1000, 5000} {
		t.Run(fmt.Sprintf("resources=%d", n), func(t *testing.T) { checkLargeReport(t, n) })
	}
}

func checkLargeReport(t *testing.T, n int) {
	path := filepath.Join(t.TempDir(), report.HTMLFile)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := report.WriteHTML(f, largeRun(n)); err != nil {
		t.Fatal(err)
	}
	f.Close()
	fi, _ := os.Stat(path)
	t.Logf("report of %d resources: %d bytes", n, fi.Size())
	p := openPage(t, path)
	tm := logTimings(t, p)
	if tm["ready"] > 10000 {
		t.Errorf("the report took %.0f ms to draw, want under 10 s", tm["ready"])
	}
	start := time.Now()
	p.do(t, chromedp.Click(chromedp.CSS(`button.toggle[data-toggle="0"]`)), chromedp.WaitVisible(chromedp.CSS(`tr.more button`)))
	t.Logf("opening the target (its first 100 resources) took %v", time.Since(start).Round(time.Millisecond))
	if rows := eval[int](t, p, `document.querySelectorAll('#matrix tr.urow').length`); rows != 100 {
		t.Errorf("%d resource rows drawn, want the first 100", rows)
	}
	p.do(t, chromedp.Click(chromedp.CSS(`td.cell[data-o="fail"]`)), chromedp.WaitVisible(chromedp.CSS(`#detail pre.head`)))
	// Every failure of the cell is the same defect: one entry, its
	// evidence once, the other requests listed under it.
	if items := eval[int](t, p, `document.querySelectorAll('#detail li.result').length`); items != 1 {
		t.Errorf("%d results listed in the panel, want the cell's one defect", items)
	}
	others := n/10 - 1
	if same := eval[int](t, p, `document.querySelectorAll('#detail ul.same li:not(.rest)').length`); same != min(others, 200) {
		t.Errorf("%d other requests listed under the defect, want %d", same, min(others, 200))
	}
	// Past 200, one more line counts the rest.
	rest := eval[string](t, p, `Array.from(document.querySelectorAll('#detail ul.same li.rest')).map(li => li.textContent).join('|')`)
	if want := fmt.Sprintf("… and %d more: results.json lists them all", others-200); others > 200 && rest != want {
		t.Errorf("the line after the listed requests reads %q, want %q", rest, want)
	} else if others <= 200 && rest != "" {
		t.Errorf("%d requests listed in full, yet a line counts more: %q", others, rest)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.requests) != 1 || len(p.complaints) > 0 {
		t.Errorf("requests %q, complaints %q", p.requests, p.complaints)
	}
}

// largeRun is one target of n resources on which 30 rules pass, every
// tenth breaking two with its own exchange as evidence.
func largeRun(n int) *report.Run {
	rules := checks.All()[:30]
	tg := report.Target{Name: "big-api", URL: "http://127.0.0.1:8080", Kind: "origin", Requests: n * 12}
	for i := 0; i < n; i++ {
		path := fmt.Sprintf("/api/v1/items/%d", i)
		tg.Units = append(tg.Units, report.Unit{Method: "GET", Resource: path, Order: i, Line: 10 + i})
		for j, r := range rules {
			res := report.Result{Check: r.ID, RFC: r.RFC, Section: r.Section, Level: string(r.Level),
				Outcome: report.Pass, Resource: path, Method: "GET", Count: 1 + j%6}
			if i%10 == 0 && j < 2 {
				res.Outcome, res.Count, res.Probe = report.Fail, 0, "unauthenticated"
				res.Message = "expected the closing quote (field line 1, byte 12)"
				res.Evidence = &report.Evidence{
					Request:  "GET " + path + " HTTP/1.1\nHost: 127.0.0.1:8080\n",
					Response: "HTTP/1.1 401 Unauthorized\nWww-Authenticate: Basic realm=\"items\n\n{\"status\":401}",
					Curl:     "curl -i 'http://127.0.0.1:8080" + path + "'",
				}
			}
			tg.Results = append(tg.Results, res)
		}
	}
	tg.ComputeVerdict()
	return &report.Run{Version: 2, Targets: []report.Target{tg}}
}
