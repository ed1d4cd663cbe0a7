package e2e

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/authspec/authspec/internal/fixtures"
	"github.com/authspec/authspec/internal/report"
)

// counting is a loopback origin that answers every request with a correct
// 401 after delay, and counts requests and the most in flight at once.
type counting struct {
	srv                      *httptest.Server
	requests, inFlight, most atomic.Int64
	// entered gets a value for each request that came in, if not nil.
	entered chan struct{}
}

func startCounting(t *testing.T, delay time.Duration) *counting {
	t.Helper()
	c := &counting{}
	c.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.requests.Add(1)
		n := c.inFlight.Add(1)
		defer c.inFlight.Add(-1)
		for m := c.most.Load(); n > m && !c.most.CompareAndSwap(m, n); m = c.most.Load() {
		}
		if c.entered != nil {
			select {
			case c.entered <- struct{}{}:
			default:
			}
		}
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
		w.Header().Set("WWW-Authenticate", `Basic realm="count", charset="UTF-8"`)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusUnauthorized)
		if r.Method != http.MethodHead {
			fmt.Fprintln(w, "Authentication required: send Basic credentials.")
		}
	}))
	t.Cleanup(c.srv.Close)
	return c
}

// resourcesYAML lists n resources /r0 … /r(n-1).
func resourcesYAML(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "      - /r%d\n", i)
	}
	return b.String()
}

// Each target's concurrency is how many requests are in flight to it at
// once: reached, because the resources are probed concurrently, and never
// exceeded. Counted by the server, not timed.
func TestConcurrencyPerTargetIsReachedAndHeld(t *testing.T) {
	a, b := startCounting(t, 30*time.Millisecond), startCounting(t, 30*time.Millisecond)
	yaml := "targets:\n" +
		"  - name: a\n    url: " + a.srv.URL + "\n    concurrency: 4\n    rate: 1000\n    resources:\n" + resourcesYAML(12) +
		"  - name: b\n    url: " + b.srv.URL + "\n    concurrency: 2\n    rate: 1000\n    resources:\n" + resourcesYAML(4)
	o := runSuite(t, yaml)
	if o.Run == nil {
		t.Fatalf("no results (exit %d)\n%s", o.Code, tail(o.Stderr))
	}
	if got := a.most.Load(); got != 4 {
		t.Errorf("target a: at most %d requests in flight, want its concurrency 4", got)
	}
	if got := b.most.Load(); got != 2 {
		t.Errorf("target b: at most %d requests in flight, want its concurrency 2", got)
	}
	if got, want := int64(o.target(t, "a").Requests), a.requests.Load(); got != want {
		t.Errorf("results.json counts %d requests to a, the server saw %d", got, want)
	}
}

// A resource's unauthenticated request goes out alone and first; the other
// probes then go at once, within the target's concurrency, so a single
// resource fills its target's slots. Counted by the server, not timed.
func TestProbesOfAResourceGoAtOnceAfterTheFirst(t *testing.T) {
	var (
		mu         sync.Mutex
		firstDone  bool
		arrivals   int
		early      []string // requests that arrived before the first was answered
		firstCreds string
	)
	c := startCounting(t, 30*time.Millisecond)
	inner := c.srv.Config.Handler
	c.srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		arrivals++
		first := arrivals == 1
		if first {
			firstCreds = r.Header.Get("Authorization")
		} else if !firstDone {
			early = append(early, r.Method+" "+r.Header.Get("Authorization"))
		}
		mu.Unlock()
		inner.ServeHTTP(w, r)
		if first {
			mu.Lock()
			firstDone = true
			mu.Unlock()
		}
	})
	o := runSuite(t, "targets:\n  - name: a\n    url: "+c.srv.URL+"\n    concurrency: 4\n    rate: 1000\n    resources: [/r0]\n")
	if o.Run == nil {
		t.Fatalf("no results (exit %d)\n%s", o.Code, tail(o.Stderr))
	}
	mu.Lock()
	defer mu.Unlock()
	if firstCreds != "" || len(early) > 0 {
		t.Errorf("the first request carried %q and %d requests came before its answer (%q); want the unauthenticated request alone, first", firstCreds, len(early), early)
	}
	if got := c.most.Load(); got < 2 || got > 4 {
		t.Errorf("at most %d requests in flight to the one resource, want its probes at once, up to the concurrency 4", got)
	}
	if got, want := int64(o.target(t, "a").Requests), c.requests.Load(); got != want || got < 10 {
		t.Errorf("results.json counts %d requests, the server saw %d", got, want)
	}
}

// -parallel caps the requests in flight across all targets.
func TestParallelCapsAllTargets(t *testing.T) {
	var servers []*counting
	var b strings.Builder
	b.WriteString("targets:\n")
	for i := range 3 {
		c := startCounting(t, 30*time.Millisecond)
		servers = append(servers, c)
		fmt.Fprintf(&b, "  - name: t%d\n    url: %s\n    concurrency: 4\n    rate: 1000\n    resources:\n%s", i, c.srv.URL, resourcesYAML(6))
	}
	var most atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // sample the sum of in-flight requests across the servers
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			var sum int64
			for _, c := range servers {
				sum += c.inFlight.Load()
			}
			if sum > most.Load() {
				most.Store(sum)
			}
			time.Sleep(200 * time.Microsecond)
		}
	}()
	o := runSuiteArgs(t, b.String(), []string{"-parallel=5"})
	close(stop)
	wg.Wait()
	if o.Run == nil {
		t.Fatalf("no results (exit %d)\n%s", o.Code, tail(o.Stderr))
	}
	if got := most.Load(); got > 5 {
		t.Errorf("%d requests in flight across targets, -parallel=5", got)
	}
}

// Only what the filter selects is sent: a target filtered out gets no
// request at all, and is reported as not run, never as a pass.
func TestFilteredOutTargetGetsNoRequest(t *testing.T) {
	a, b := startCounting(t, 0), startCounting(t, 0)
	yaml := "targets:\n  - {name: a, url: " + a.srv.URL + ", rate: 1000, resources: [/x]}\n  - {name: b, url: " + b.srv.URL + ", rate: 1000, resources: [/x]}\n"
	o := runSuiteArgs(t, yaml, []string{"-labels=target:a && probe:unauthenticated"})
	if o.Code != 0 {
		t.Fatalf("exit %d\n%s\n%s", o.Code, tail(o.Stderr), tail(o.Stdout))
	}
	if n := b.requests.Load(); n != 0 {
		t.Errorf("target b was filtered out but got %d requests", n)
	}
	if n := a.requests.Load(); n != 1 {
		t.Errorf("target a got %d requests, want the 1 of the unauthenticated probe alone", n)
	}
	if v := o.target(t, "b").Verdict; v != report.VerdictNotRun {
		t.Errorf("filtered-out target b has verdict %q, want %q", v, report.VerdictNotRun)
	}
	if !strings.Contains(o.Stdout, "1 not run") {
		t.Errorf("the summary does not say a target was not run:\n%s", tail(o.Stdout))
	}
}

// A run split into shards and merged gives the results of one run, and
// the exit code one run would have given. The shards' choice of JUnit test
// cases carries over to the merged junit.xml, unless merge is told another.
func TestShardsMergeIntoTheWholeRun(t *testing.T) {
	shipped, err := os.ReadFile("../targets.yaml")
	if err != nil {
		t.Fatal(err)
	}
	whole := runSuite(t, string(shipped))
	dir := t.TempDir()
	tf := filepath.Join(dir, "targets.yaml")
	if err := os.WriteFile(tf, shipped, 0o600); err != nil {
		t.Fatal(err)
	}
	var shards []string
	seen := 0
	for k := 1; k <= 4; k++ {
		out := filepath.Join(dir, fmt.Sprintf("shard%d", k))
		cmd := exec.Command(authspecBin, "run", "-targets", tf, "-reports", out, "-shard", fmt.Sprintf("%d/4", k), "-junit-cases", "rule")
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("shard %d/4: %v\n%s", k, err, tail(string(b)))
		}
		run := readRun(t, filepath.Join(out, "results.json"))
		for _, tg := range run.Targets {
			seen += len(tg.Units)
		}
		shards = append(shards, out)
	}
	if seen != 6 {
		t.Errorf("the 4 shards planned %d units, want the 6 of the shipped targets, each once", seen)
	}
	merged := filepath.Join(dir, "merged")
	cmd := exec.Command(authspecBin, append([]string{"merge", "-reports", merged}, shards...)...)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("merge: %v\n%s", err, b)
	}
	got := readRun(t, filepath.Join(merged, "results.json"))
	if page, err := os.ReadFile(filepath.Join(merged, report.HTMLFile)); err != nil || !bytes.Contains(page, []byte(`"name":"reference-proxy"`)) {
		t.Errorf("merge rebuilt no report.html naming the targets: %v", err)
	}
	if g, w := outcomeKeys(got), outcomeKeys(whole.Run); !reflect.DeepEqual(g, w) {
		t.Errorf("merged shards: %d results, one run %d; first difference: %s", len(g), len(w), firstDiff(g, w))
	}
	for i := range got.Targets {
		if g, w := got.Targets[i].Requests, whole.Run.Targets[i].Requests; g != w {
			t.Errorf("%s: %d requests merged, %d in one run", got.Targets[i].Name, g, w)
		}
	}
	if n := junitCasesProperty(t, filepath.Join(merged, report.JUnitFile)); n["per rule"] != len(got.Targets) {
		t.Errorf("merged junit.xml has test cases %v, want per rule for all %d targets, as the shards were run", n, len(got.Targets))
	}
	perCheck := filepath.Join(dir, "per-check")
	cmd = exec.Command(authspecBin, append([]string{"merge", "-junit-cases", "check", "-reports", perCheck}, shards...)...)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("merge -junit-cases check: %v\n%s", err, b)
	}
	if n := junitCasesProperty(t, filepath.Join(perCheck, report.JUnitFile)); n["per check"] != len(got.Targets) {
		t.Errorf("merge -junit-cases check wrote test cases %v", n)
	}
	cmd = exec.Command(authspecBin, "run", "-targets", tf, "-reports", filepath.Join(dir, "bogus"), "-junit-cases", "resource")
	if b, err := cmd.CombinedOutput(); exitCodeOf(err) != 2 || !strings.Contains(string(b), "-junit-cases") {
		t.Errorf("run -junit-cases resource: exit %d, output %s; want 2", exitCodeOf(err), b)
	}
	// A missing shard is an error, not a smaller pass.
	cmd = exec.Command(authspecBin, "merge", "-reports", filepath.Join(dir, "bad"), shards[0], shards[1], shards[3])
	b, err := cmd.CombinedOutput()
	if exitCodeOf(err) != 2 || !strings.Contains(string(b), "missing shard 3/4") {
		t.Errorf("merge without shard 3: exit %d, output %s", exitCodeOf(err), b)
	}
	// A shard run with another selection is of another run.
	labelled := filepath.Join(dir, "labelled")
	cmd = exec.Command(authspecBin, "run", "-targets", tf, "-reports", labelled, "-shard", "1/4", "-labels", "rfc6750", "-junit-cases", "rule")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("shard 1/4 -labels rfc6750: %v\n%s", err, tail(string(b)))
	}
	cmd = exec.Command(authspecBin, "merge", "-reports", filepath.Join(dir, "mixed"), labelled, shards[1], shards[2], shards[3])
	b, err = cmd.CombinedOutput()
	if exitCodeOf(err) != 2 || !strings.Contains(string(b), "selection") {
		t.Errorf("merge of shards of different selections: exit %d, output %s; want 2, naming the selection", exitCodeOf(err), b)
	}
}

// junitCasesProperty counts the testsuites of a junit.xml by their
// test_cases property ("per check", "per rule").
func junitCasesProperty(t *testing.T, path string) map[string]int {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Suites []struct {
			Properties []struct {
				Name  string `xml:"name,attr"`
				Value string `xml:"value,attr"`
			} `xml:"properties>property"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	n := map[string]int{}
	for _, s := range doc.Suites {
		for _, p := range s.Properties {
			if p.Name == "test_cases" {
				n[p.Value]++
			}
		}
	}
	return n
}

func readRun(t *testing.T, path string) *report.Run {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	run, err := report.ReadJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	return run
}

// A reports folder that cannot be written is an error before any request.
func TestUnwritableReportsFolderSendsNothing(t *testing.T) {
	c := startCounting(t, 0)
	dir := t.TempDir()
	tf := filepath.Join(dir, "targets.yaml")
	if err := os.WriteFile(tf, []byte("targets:\n  - {name: a, url: "+c.srv.URL+", resources: [/x]}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	blocker := filepath.Join(dir, "file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(authspecBin, "run", "-targets", tf, "-reports", filepath.Join(blocker, "reports"))
	out, err := cmd.CombinedOutput()
	if exitCodeOf(err) != 2 || !strings.Contains(string(out), "reports folder") {
		t.Errorf("exit %d, output %s; want 2 naming the reports folder", exitCodeOf(err), out)
	}
	if n := c.requests.Load(); n != 0 {
		t.Errorf("%d requests sent before the reports folder was found unwritable", n)
	}
}

// Ctrl-C ends the run in bounded time: the reports say it was interrupted
// and which targets did not finish, and the interruption is not blamed on
// the target as an error.
func TestInterruptWritesReportsAndBlamesNoTarget(t *testing.T) {
	slow := startCounting(t, time.Minute)
	slow.entered = make(chan struct{}, 1)
	dir := t.TempDir()
	tf := filepath.Join(dir, "targets.yaml")
	yaml := "defaults:\n  timeout: 2m\ntargets:\n  - {name: slow, url: " + slow.srv.URL + ", resources: [/a, /b]}\n"
	if err := os.WriteFile(tf, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	reports := filepath.Join(dir, "reports")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, authspecBin, "run", "-targets", tf, "-reports", reports)
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-slow.entered:
	case <-ctx.Done():
		t.Fatal("no request reached the slow server")
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	if ctx.Err() != nil {
		t.Fatalf("the run did not end within a minute of Ctrl-C\n%s", tail(out.String()))
	}
	if code := exitCodeOf(err); code != 130 {
		t.Errorf("exit %d after SIGINT, want 130\n%s", code, tail(out.String()))
	}
	run := readRun(t, filepath.Join(reports, "results.json"))
	if !run.Interrupted || !reflect.DeepEqual(run.Unfinished, []string{"slow"}) {
		t.Errorf("results.json: interrupted %v, unfinished %v; want true and [slow]", run.Interrupted, run.Unfinished)
	}
	tg := run.Targets[0]
	if tg.Verdict != report.VerdictInterrupted {
		t.Errorf("verdict %q, want %q", tg.Verdict, report.VerdictInterrupted)
	}
	for _, r := range tg.Results {
		if r.Outcome == report.Error {
			t.Errorf("the interruption was reported as an error of the target: %s %s", r.Check, r.Message)
		}
	}
}

// Ginkgo users run the same specs: `go tool ginkgo ./internal/suite` reports what
// `authspec run` does, `-p` is refused (one process sends concurrently
// already), and a filter that selects nothing fails the run.
func TestGinkgoCLIRunsTheSameSuite(t *testing.T) {
	shipped, err := os.ReadFile("../targets.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := runSuite(t, string(shipped))
	dir := t.TempDir()
	tf := filepath.Join(dir, "targets.yaml")
	if err := os.WriteFile(tf, shipped, 0o600); err != nil {
		t.Fatal(err)
	}
	ginkgo := func(args ...string) (int, string) {
		cmd := exec.Command("go", append([]string{"tool", "ginkgo", "--no-color"}, args...)...)
		out, err := cmd.CombinedOutput()
		return exitCodeOf(err), string(out)
	}
	reports := filepath.Join(dir, "reports")
	if code, out := ginkgo("../internal/suite", "--", "-targets="+tf, "-reports="+reports); code != 0 {
		t.Fatalf("go tool ginkgo: exit %d\n%s", code, tail(out))
	}
	got := readRun(t, filepath.Join(reports, "results.json"))
	if g, w := outcomeKeys(got), outcomeKeys(want.Run); !reflect.DeepEqual(g, w) {
		t.Errorf("go tool ginkgo gave %d results, authspec run %d; first difference: %s", len(g), len(w), firstDiff(g, w))
	}
	code, out := ginkgo("-p", "../internal/suite", "--", "-targets="+tf, "-reports="+reports)
	if code == 0 || !strings.Contains(out, "runs in one process") {
		t.Errorf("go tool ginkgo -p: exit %d, want a refusal naming why\n%s", code, tail(out))
	}
	code, out = ginkgo("--label-filter=nosuchlabel", "../internal/suite", "--", "-targets="+tf, "-reports="+reports)
	if code == 0 || !strings.Contains(out, "no spec matches") {
		t.Errorf("go tool ginkgo with an empty filter: exit %d\n%s", code, tail(out))
	}
	if _, err := os.Stat(filepath.Join(reports, "results.json")); !os.IsNotExist(err) {
		t.Errorf("a run that selected nothing left a results.json")
	}
}

// `go test ./internal/suite` is a real run every time: a second run against a
// stopped server fails instead of answering "ok (cached)". And the suite
// binary itself exits 2, as authspec run does, when the filter selects
// nothing (the go and ginkgo drivers turn any failure into their own 1).
func TestGoTestRunsAreNeverCached(t *testing.T) {
	c := startCounting(t, 0)
	dir := t.TempDir()
	tf := filepath.Join(dir, "targets.yaml")
	yaml := "defaults:\n  timeout: 2s\ntargets:\n  - {name: a, url: " + c.srv.URL + ", rate: 1000, resources: [/x]}\n"
	if err := os.WriteFile(tf, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	goTest := func() (int, string) {
		cmd := exec.Command("go", "test", "../internal/suite", "-ginkgo.label-filter=probe:unauthenticated")
		cmd.Env = append(os.Environ(), "AUTHSPEC_TARGETS="+tf, "AUTHSPEC_REPORTS="+filepath.Join(dir, "reports"))
		out, err := cmd.CombinedOutput()
		return exitCodeOf(err), string(out)
	}
	if code, out := goTest(); code != 0 {
		t.Fatalf("first go test: exit %d\n%s", code, tail(out))
	}
	c.srv.Close()
	code, out := goTest()
	if code == 0 || strings.Contains(out, "(cached)") {
		t.Errorf("second go test against a stopped server: exit %d\n%s", code, tail(out))
	}

	bin := filepath.Join(dir, "suite.test")
	if b, err := exec.Command("go", "test", "-c", "-o", bin, "../internal/suite").CombinedOutput(); err != nil {
		t.Fatalf("go test -c: %v\n%s", err, b)
	}
	cmd := exec.Command(bin, "-ginkgo.label-filter=nosuchlabel", "-targets="+tf, "-reports="+filepath.Join(dir, "r2"))
	b, err := cmd.CombinedOutput()
	if exitCodeOf(err) != 2 {
		t.Errorf("suite binary with an empty filter: exit %d, want 2\n%s", exitCodeOf(err), tail(string(b)))
	}
}

// bin/authspec is self-contained: it runs the shipped targets.yaml green
// from a folder outside the source tree with no Go toolchain on PATH.
func TestBinaryNeedsNoGoToolchain(t *testing.T) {
	shipped, err := os.ReadFile("../targets.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "targets.yaml"), shipped, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(authspecBin, "run") // the defaults: ./targets.yaml, ./reports
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + filepath.Join(dir, "no-go-here"), "HOME=" + dir, "NO_COLOR=1"}
	out, err := cmd.CombinedOutput()
	if exitCodeOf(err) != 0 {
		t.Fatalf("exit %d without Go on PATH\n%s", exitCodeOf(err), tail(string(out)))
	}
	run := readRun(t, filepath.Join(dir, "reports", "results.json"))
	if len(run.Targets) != 2 || run.ExitCode() != 0 {
		t.Errorf("results: %d targets, exit code %d", len(run.Targets), run.ExitCode())
	}
}

// A slow target holds back only itself: every request to a fast target
// arrives while the slow target has not answered a single one. (If the
// targets were probed one after another, the fast one would wait for the
// slow one and this test would hit its deadline.)
func TestSlowTargetDoesNotHoldBackOthers(t *testing.T) {
	release := make(chan struct{})
	var slowSeen atomic.Int64
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		slowSeen.Add(1)
		select {
		case <-release:
		case <-r.Context().Done():
			return
		}
		w.Header().Set("WWW-Authenticate", `Basic realm="slow"`)
		w.WriteHeader(http.StatusUnauthorized)
	}))
	defer slow.Close()
	defer func() {
		select {
		case <-release:
		default:
			close(release)
		}
	}()
	fast := startCounting(t, 0)
	yaml := "defaults:\n  timeout: 60s\ntargets:\n" +
		"  - {name: slow, url: " + slow.URL + ", rate: 1000, resources: [/s]}\n" +
		"  - {name: fast, url: " + fast.srv.URL + ", rate: 1000, resources: [/a, /b, /c]}\n"
	// The fast target's share of the work, learned from a run of it alone.
	alone := runSuite(t, "targets:\n  - {name: fast, url: "+fast.srv.URL+", rate: 1000, resources: [/a, /b, /c]}\n")
	want := int64(alone.target(t, "fast").Requests)
	fast.requests.Store(0)
	go func() {
		deadline := time.Now().Add(45 * time.Second)
		for fast.requests.Load() < want && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		if slowSeen.Load() == 0 {
			t.Error("the slow target got no request at all")
		}
		close(release)
	}()
	o := runSuite(t, yaml)
	if got := int64(o.target(t, "fast").Requests); got != want {
		t.Errorf("fast target: %d requests, %d when run alone", got, want)
	}
	if fast.requests.Load() < want {
		t.Errorf("the fast target got only %d of its %d requests while the slow target held its first answer", fast.requests.Load(), want)
	}
}

// `make -n run` and `make -q run` only ask make what it would do: nothing
// is sent.
func TestMakeDryRunSendsNothing(t *testing.T) {
	c := startCounting(t, 0)
	tf := filepath.Join(t.TempDir(), "targets.yaml")
	if err := os.WriteFile(tf, []byte("targets:\n  - {name: a, url: "+c.srv.URL+", resources: [/x]}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, flag := range []string{"-n", "-q"} {
		runMake(t, flag, "run", "TARGETS="+tf, "REPORTS="+filepath.Join(t.TempDir(), "reports"))
		if n := c.requests.Load(); n != 0 {
			t.Errorf("make %s run sent %d requests", flag, n)
		}
	}
}

// Resources probed at once may answer the same Digest nonce: its counts
// must still reach the server in order, or a server that refuses an nc
// lower than one it has seen refuses the valid credentials.
func TestDigestNonceCountsStayInOrderAcrossResources(t *testing.T) {
	f, ok := fixtures.ByName("digest-shared-nonce")
	if !ok {
		t.Fatal("no fixture digest-shared-nonce")
	}
	url, stop, err := f.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	yaml := "targets:\n  - name: shared\n    url: " + url + "\n    concurrency: 6\n    rate: 1000\n" +
		"    credentials: {username: \"${AUTHSPEC_E2E_USER}\", password: \"${AUTHSPEC_E2E_PASS}\"}\n    resources:\n" + resourcesYAML(12)
	o := runSuite(t, yaml, credentialEnv...)
	tg := o.target(t, "shared")
	if contains(checksWith(tg, report.Fail), "rfc9110/valid-credentials-accepted") {
		t.Fatalf("valid Digest credentials refused: nonce counts out of order\n%s", describe(tg))
	}
	for i := range 12 {
		if !hasPass(tg, "rfc9110/valid-credentials-accepted", fmt.Sprintf("/r%d", i)) {
			t.Errorf("/r%d: the valid Digest credentials did not pass\n%s", i, describe(tg))
		}
	}
}
