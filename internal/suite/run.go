package suite

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/formatter"
	"github.com/onsi/ginkgo/v2/types"
	"github.com/onsi/gomega"

	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/config"
	"github.com/authspec/authspec/internal/openapi"
	"github.com/authspec/authspec/internal/report"
	"github.com/authspec/authspec/internal/schedule"
)

// DefaultParallel is the default cap on requests in flight across all
// targets of a run.
const DefaultParallel = 64

// Options are what a run is told: by `authspec run`'s flags, or by the
// suite's own flags under `go test` and `ginkgo`.
type Options struct {
	Targets string // targets.yaml
	Reports string // folder for the reports
	// Parallel caps the requests in flight across all targets (<= 0:
	// DefaultParallel). Each target's own concurrency and rate hold too.
	Parallel int
	Shard    schedule.Shard
	// ShardBy is what a shard takes whole (empty: schedule.ByTarget).
	ShardBy schedule.ShardBy
	// JUnitCases is the grain of junit.xml's test cases: report.JUnitAuto
	// (or empty), report.JUnitCheck or report.JUnitRule.
	JUnitCases string
	// Baseline is a baseline file of known findings (run -baseline); it
	// wins over the targets file's baseline key. Empty: that key, if any.
	Baseline string
	// Stdout gets the summary; Stderr the warnings and errors.
	Stdout, Stderr io.Writer
	// Color colours the summary's labels: set it only when Stdout is a
	// terminal and NO_COLOR is not set.
	Color bool
	// Progress, when set, gets the progress of the run: a live line when
	// LiveProgress is set (Progress is a terminal), else one plain line per
	// target as it finishes.
	Progress     io.Writer
	LiveProgress bool
	// GinkgoOutput keeps Ginkgo's own reporter on the terminal (authspec
	// run -v). Without it `authspec run` silences it: the summary says
	// everything once, and Ginkgo would repeat every failure and count
	// specs, a unit the reports do not use.
	GinkgoOutput bool
	// Previous is the previous run's results (authspec run -previous):
	// its findings on the resources this run could not test are carried
	// forward into the reports (report.CarryForward).
	Previous *report.Run
}

// Exit codes of a run, as `authspec run` returns them.
const (
	ExitPass   = 0
	ExitFail   = 1 // a check failed or a target could not be tested
	ExitConfig = 2 // usage or configuration error, or nothing selected
)

// testingT is the GinkgoTestingT of a run outside `go test`.
type testingT struct{ failed bool }

func (t *testingT) Fail() { t.failed = true }

// Run runs the suite inside this process, as `authspec run` does: no Go
// toolchain and no source tree are needed. The Ginkgo configuration
// carries the label filter and focus; the reporter configuration, the
// colour and verbosity of Ginkgo's own output.
func Run(opts Options, sc types.SuiteConfig, rc types.ReporterConfig) int {
	quietGinkgo(opts, rc)
	return execute(&testingT{}, opts, sc, rc)
}

// quietGinkgo sets up Ginkgo's own output for `authspec run`: its
// reporter silenced unless asked for (it would repeat what the summary
// says, in specs rather than checks), and no colour in anything Ginkgo
// prints, its errors included, when the reporter configuration says no
// colour (NO_COLOR, or not a terminal). Ginkgo reads both from package
// variables when RunSpecs starts; one run per process sets them once.
func quietGinkgo(opts Options, rc types.ReporterConfig) {
	if !opts.GinkgoOutput {
		formatter.ColorableStdOut = io.Discard
	}
	formatter.SingletonFormatter = formatter.NewWithNoColorBool(rc.NoColor)
}

// execute is a whole run, whichever way it was started: load and check
// the configuration, plan this shard's units, apply Ginkgo's label filter
// and focus to them, build the spec tree of what was selected, start the
// selected units in the background, then let Ginkgo run the specs, which
// wait for their units and assert.
func execute(t ginkgo.GinkgoTestingT, opts Options, sc types.SuiteConfig, rc types.ReporterConfig) int {
	if opts.Stdout == nil {
		opts.Stdout = os.Stdout
	}
	if opts.Stderr == nil {
		opts.Stderr = os.Stderr
	}
	if sc.ParallelTotal > 1 {
		fmt.Fprintln(opts.Stderr, "authspec: the suite runs in one process (it sends its requests concurrently itself, within each target's limits); run it without -p/-procs, and split big runs across machines with authspec run -shard K/N")
		return ExitConfig
	}
	unlock, err := report.LockReports(opts.Reports)
	if errors.Is(err, report.ErrReportsLocked) {
		fmt.Fprintf(opts.Stderr, "authspec: reports folder: %v\n", err)
		return ExitConfig
	}
	if err == nil {
		// Held until the reports are written: another run into the
		// same folder is refused instead of mixing its files with ours.
		defer unlock()
	}
	cfg, warnings, err := config.Load(opts.Targets)
	if err == nil {
		// Resources declared by an OpenAPI document join the plan here,
		// before anything is probed: a document that cannot be read or
		// resolved is a configuration error.
		_, err = openapi.Expand(cfg)
	}
	if err != nil {
		report.RemoveAll(opts.Reports)
		fmt.Fprintf(opts.Stderr, "authspec: configuration error: %s\n", report.TerminalSafe(err.Error()))
		return ExitConfig
	}
	for _, w := range warnings {
		fmt.Fprintf(opts.Stderr, "authspec: warning: %s\n", report.TerminalSafe(fmt.Sprint(w)))
	}
	baseline, err := readBaseline(opts.Baseline, cfg.Baseline)
	if err != nil {
		report.RemoveAll(opts.Reports)
		fmt.Fprintf(opts.Stderr, "authspec: configuration error: %s\n", report.TerminalSafe(err.Error()))
		return ExitConfig
	}
	if err := checkWritable(opts.Reports); err != nil {
		fmt.Fprintf(opts.Stderr, "authspec: reports folder: %v\n", err)
		return ExitConfig
	}
	report.RemoveAll(opts.Reports)

	sel, err := newSelection(sc)
	if err != nil {
		fmt.Fprintf(opts.Stderr, "authspec: %v\n", err)
		return ExitConfig
	}
	st := newRunState(cfg, opts)
	st.baseline = baseline
	st.selected = selectionOf(sc)
	if st.selectUnits(sel) == 0 {
		fmt.Fprintln(opts.Stderr, "authspec: no spec matches the label filter or focus; nothing was sent and no report written")
		return ExitConfig
	}
	if !st.shardSelects() {
		// Another shard has all the work: this one writes reports that
		// say so (every target not run), for authspec merge to count.
		fmt.Fprintf(opts.Stderr, "authspec: shard %s holds nothing selected (the other shards have it); its reports list every target as not run\n", opts.Shard)
	}
	if schedule.DividesLimits(opts.Shard, st.shardBy()) {
		fmt.Fprintf(opts.Stderr, "authspec: shard %s by resource: each target's rate and concurrency are divided by %d, so the %d shards together keep them\n", opts.Shard, opts.Shard.Count, opts.Shard.Count)
	}
	// The selection is applied: Ginkgo runs every spec of the tree.
	sc.LabelFilter, sc.FocusStrings, sc.SkipStrings = "", nil, nil
	gomega.RegisterFailHandler(ginkgo.Fail)
	defineTree(st)
	st.start()
	ginkgo.RunSpecs(t, "authspec", sc, rc)
	st.reportsWritten()
	st.stop()
	if st.code < 0 {
		fmt.Fprintln(opts.Stderr, "authspec: the run ended before its reports were written")
		return ExitFail
	}
	return st.code
}

// checkWritable makes sure the reports can be written before any request
// is sent, by creating the folder and a file in it.
func checkWritable(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".authspec-check-*")
	if err != nil {
		return fmt.Errorf("cannot write into %s: %w", dir, err)
	}
	f.Close()
	return os.Remove(f.Name())
}

// runState is the one run of this process.
type runState struct {
	cfg *config.Config
	// baseline holds the known findings, nil without a baseline.
	baseline *report.Baseline
	opts     Options
	groups   []*Group
	all      []*Unit // the whole plan's, in configuration order
	units    []*Unit // this shard's, in configuration order
	rts      []*Runtime
	// selected is the label filter, focus and skip the run was asked for,
	// for the reports.
	selected *report.Selection

	ctx      context.Context // ends on Ctrl-C or SIGTERM, or when the run is over
	cancel   context.CancelFunc
	signals  chan os.Signal
	signal   atomic.Value  // the os.Signal that interrupted the run, if one did
	sigSeen  chan struct{} // closed once signal is set
	sched    *schedule.Scheduler
	progress *progress
	started  time.Time
	finished atomic.Bool
	written  chan struct{} // closed when finish has set code
	code     int
	// restoreGC puts the collector back to its target for the reports
	// (see relaxGC).
	restoreGC func()
	plansMu   sync.Mutex
	plans     planner // guarded by plansMu
}

// newRunState makes the plan: one unit per method of each resource of
// each target, keeping this shard's.
func newRunState(cfg *config.Config, opts Options) *runState {
	st := &runState{cfg: cfg, opts: opts, groups: Groups(), code: -1}
	global := schedule.NewGlobal(orDefault(opts.Parallel, DefaultParallel))
	var all []*schedule.Unit
	byPlan := map[*schedule.Unit]*Unit{}
	for ti := range cfg.Targets {
		t := &cfg.Targets[ti]
		rt := NewRuntime(*t)
		concurrency, rate := schedule.ShareLimits(t.Concurrency, t.Rate, opts.Shard, st.shardBy())
		rt.gate = schedule.NewTargetGate(concurrency, rate, global)
		st.rts = append(st.rts, rt)
		for ri, res := range t.Resources {
			for _, m := range res.Methods {
				u := &Unit{R: &Resource{RT: rt, Method: m, Path: res.Path, HeadToo: m == "GET"}}
				u.Target, u.Resource, u.Method, u.Path, u.Order = ti, ri, m, res.Path, len(all)
				for _, p := range probesOf(u) {
					u.Probes = append(u.Probes, p.Name)
					u.Requests += p.Requests
				}
				all = append(all, &u.Unit)
				byPlan[&u.Unit] = u
				st.all = append(st.all, u)
			}
		}
	}
	for _, su := range schedule.Split(all, opts.Shard, st.shardBy()) {
		st.units = append(st.units, byPlan[su])
	}
	return st
}

// shardBy is what this run's shards take whole.
func (st *runState) shardBy() schedule.ShardBy {
	if st.opts.ShardBy == "" {
		return schedule.ByTarget
	}
	return st.opts.ShardBy
}

// shardSelects reports whether any unit of this shard has a probe to run.
func (st *runState) shardSelects() bool {
	for _, u := range st.units {
		if u.Selected() {
			return true
		}
	}
	return false
}

func orDefault(n, def int) int {
	if n > 0 {
		return n
	}
	return def
}

// unitsOf returns the units of target ti in this shard.
func (st *runState) unitsOf(ti int) []*Unit {
	var out []*Unit
	for _, u := range st.units {
		if u.Target == ti {
			out = append(out, u)
		}
	}
	return out
}

// start runs the selected units in the background. Ctrl-C or SIGTERM
// cancels them: every request in flight ends at once, and Ginkgo, which
// hears the same signal, stops waiting and goes on to the reports.
func (st *runState) start() {
	st.restoreGC = relaxGC()
	st.ctx, st.cancel = context.WithCancel(context.Background())
	st.signals = make(chan os.Signal, 1)
	st.sigSeen = make(chan struct{})
	signal.Notify(st.signals, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case s := <-st.signals:
			st.signal.Store(s)
			close(st.sigSeen)
			st.cancel()
		case <-st.ctx.Done():
		}
	}()
	st.started = time.Now()
	st.written = make(chan struct{})
	su := make([]*schedule.Unit, len(st.units))
	byPlan := map[*schedule.Unit]*Unit{}
	for i, u := range st.units {
		su[i] = &u.Unit
		byPlan[&u.Unit] = u
	}
	workers := func(ti int) int { return st.rts[ti].gate.Concurrency() }
	st.progress = newProgress(st)
	st.progress.start()
	st.sched = schedule.Start(st.ctx, su, workers, func(ctx context.Context, s *schedule.Unit) {
		st.runUnit(ctx, byPlan[s])
		st.progress.unitDone(s.Target)
	})
}

// stop ends the background work (it is done unless the run was
// interrupted) and the built-in reference server.
func (st *runState) stop() {
	st.progress.finish() // if the reports were not reached, its line goes before the message saying so
	signal.Stop(st.signals)
	if st.restoreGC != nil {
		st.restoreGC()
	}
	if st.cancel != nil {
		st.cancel()
		st.sched.Wait()
	}
	for _, rt := range st.rts {
		rt.Close()
	}
	StopReference()
}

// runUnit sends the unit's probes, the first alone and then the others at
// once, and keeps what the judge said.
func (st *runState) runUnit(ctx context.Context, u *Unit) {
	u.started = time.Now()
	defer func() {
		u.elapsed = time.Since(u.started)
		u.R.forget()
	}()
	t := &st.cfg.Targets[u.Target]
	c, err := u.R.RT.Client()
	if err != nil {
		u.err = err
		res := newResult(checks.ResponseReceived, Where{Method: u.Method, Path: u.Path, Probe: u.Probes[0]})
		res.Outcome = report.Error
		res.Message = "target could not be tested: " + err.Error()
		u.keep(u.Probes[0], &Verdicts{Results: []report.Result{res}, Rules: []*checks.Rule{checks.ResponseReceived}}, u.R.RT.Redactor())
		return
	}
	j := JudgingFor(t, now())
	verdicts := make([]*Verdicts, len(u.Probes)) // nil: cut short by an interruption
	run := func(i int, timeout time.Duration) {
		pctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		v := probeNamed(u.Probes[i]).Run(pctx, u.R, c, j)
		if ctx.Err() == nil {
			verdicts[i] = v
		}
	}
	run(0, probeTimeout(t, probeNamed(u.Probes[0])))
	if why := mcpMethodRefused(t, u.R.FinalUnauthenticated(ctx, c)); why != "" && ctx.Err() == nil {
		// An MCP server refused the method (GET, DELETE) with the 405 its
		// revision allows: the other probes would only get 405 again.
		for i, name := range u.Probes[1:] {
			verdicts[i+1] = skipAfterMCP405(t, u, probeNamed(name), why)
		}
	} else if rest := u.Probes[1:]; len(rest) > 0 && ctx.Err() == nil {
		// The other probes answer the first one's challenges, and are
		// independent of each other: they go at once, so that a
		// resource takes as long as its longest probe rather than all
		// of them, and a target's concurrency is used to the full. The
		// target's gate still bounds the requests in flight and their
		// rate; requests under one Digest nonce still go one at a time.
		// Each backstop is the unit's as if its probes ran one after
		// another, since its siblings share the target's slots.
		var unitTimeout time.Duration
		for _, name := range rest {
			unitTimeout += probeTimeout(t, probeNamed(name))
		}
		var wg sync.WaitGroup
		for i := range rest {
			wg.Go(func() { run(i+1, unitTimeout) })
		}
		wg.Wait()
	}
	// Verdicts are kept in probe order, whatever order the probes ended
	// in, so the reports are the same from run to run.
	for i, v := range verdicts {
		if v == nil {
			u.interrupted = true
			return
		}
		u.keep(u.Probes[i], v, u.R.RT.Redactor())
		v.release()
	}
	u.evidenced = nil
	// The plan is for the reports; made here, it takes the CPU while
	// other units wait on the network, not after the last answer.
	st.planOf(t, u)
}

// dropUnitResults lets the collector take what the units kept once the
// run holds a copy: at thousands of resources it is tens of MB, and the
// reports are about to need the most memory of the run. Every spec has
// read its unit by now, unless a signal cut the run short and Ginkgo may
// have left a spec running: then the units keep theirs.
func (st *runState) dropUnitResults() {
	if st.interrupted() {
		return
	}
	for _, u := range st.units {
		u.probes, u.passes = nil, nil
	}
}

// planOf returns the rules planned on u, made once.
func (st *runState) planOf(t *config.Target, u *Unit) *unitPlan {
	st.plansMu.Lock()
	defer st.plansMu.Unlock()
	if u.plan == nil {
		own, head := st.plans.plan(t, u)
		u.plan = &unitPlan{own: own, head: head}
	}
	return u.plan
}

// probeNamed returns the probe called name.
func probeNamed(name string) Probe {
	for _, p := range Probes() {
		if p.Name == name {
			return p
		}
	}
	panic("suite: unknown probe " + name)
}

// finish is the ReportAfterSuite of a run: it gathers the results in
// configuration order, writes the reports and sets the exit code.
func (st *runState) finish(rep ginkgo.Report) {
	if st.sched == nil || st.finished.Swap(true) {
		return // not started, or a second call
	}
	defer close(st.written)
	st.awaitSignal(rep)
	st.cancel()
	st.sched.Wait()
	st.progress.finish()
	st.restoreGC()
	run := st.collect(rep)
	report.CarryForward(run, st.opts.Previous)
	st.dropUnitResults()
	defer run.HoldChecks()() // the reports, the step summary and the terminal's
	if err := report.WriteAll(st.opts.Reports, run); err != nil {
		fmt.Fprintf(st.opts.Stderr, "authspec: writing reports to %s: %v\n", st.opts.Reports, err)
		st.code = ExitFail
		return
	}
	report.AppendStepSummary(run, st.opts.Stderr)
	report.WriteSummary(st.opts.Stdout, run, st.opts.Color)
	report.AnnotateGitHub(st.opts.Stdout, run)
	fmt.Fprintln(st.opts.Stdout, report.Announce(st.opts.Reports))
	st.code = run.ExitCode()
	if sig, ok := st.signal.Load().(syscall.Signal); ok {
		st.code = 128 + int(sig)
	}
}

// awaitSignal waits, briefly, for this process's own handler to note the
// signal that interrupted Ginkgo's specs: both hear it, and Ginkgo may get
// here first. The reports must say the run was interrupted, and by what.
func (st *runState) awaitSignal(rep ginkgo.Report) {
	for _, sr := range rep.SpecReports {
		if sr.State == types.SpecStateInterrupted {
			select {
			case <-st.sigSeen:
			case <-time.After(2 * time.Second):
			}
			return
		}
	}
}

// reportsWritten makes sure the reports are written when RunSpecs
// returns. A Ctrl-C that lands before the specs run, or while
// ReportAfterSuite writes, makes Ginkgo skip that node or move on without
// it (a node that takes no context is left to finish on its own), and an
// interrupted run still owes its reports.
func (st *runState) reportsWritten() {
	if !st.finished.Load() {
		st.finish(ginkgo.Report{})
	}
	select {
	case <-st.written:
	case <-time.After(time.Minute): // writing is local: a minute is a hang
	}
}

// interrupted reports whether a signal ended the run early.
func (st *runState) interrupted() bool { return st.signal.Load() != nil }

// readBaseline reads the run's baseline: the flag's file, else the
// targets file's baseline key, else none. A baseline that cannot be read
// is a configuration error: a run that silently dropped it would fail on
// every known finding, or worse, pass on a misread one.
func readBaseline(flagPath, keyPath string) (*report.Baseline, error) {
	path := flagPath
	if path == "" {
		path = keyPath
	}
	if path == "" {
		return nil, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("baseline: %v", err)
	}
	defer f.Close()
	return report.ReadBaseline(f, path)
}
