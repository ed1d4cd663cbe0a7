package suite

import (
	"context"
	"fmt"

	"github.com/onsi/ginkgo/v2"

	"github.com/authspec/authspec/internal/config"
	"github.com/authspec/authspec/internal/openapi"
	"github.com/authspec/authspec/internal/report"
)

// Mount declares authspec's spec tree inside the caller's own Ginkgo
// suite, for `var _ = authtest.DescribeTargets("targets.yaml")`: the same
// containers, specs and labels as `authspec run` (authspec › target ›
// "GET /path"), the same probes and the same assertions. Ginkgo's label
// filter, focus and skip select among authspec's probes and groups of
// rules as they do in a run, so a probe nobody selected sends nothing.
//
// The targets file is read when Ginkgo builds the tree (its path is
// relative to the test's working directory, the package's folder); a file
// the loader refuses becomes one failing spec that says why. The units run
// in the background from the first spec on, in one Ordered container, so
// that under `ginkgo -p` a single process sends the requests; a failing
// spec does not stop the others (ContinueOnFailure). When opts.Reports is
// set, the container's AfterAll writes authspec's reports there and the
// terminal's summary to GinkgoWriter.
func Mount(opts Options) bool {
	ginkgo.Describe("authspec", ginkgo.Ordered, ginkgo.ContinueOnFailure, func() {
		st, err := mountState(opts)
		if err != nil {
			ginkgo.It("loads "+opts.Targets, func() { ginkgo.Fail(err.Error()) })
			return
		}
		if st == nil {
			return // the filter selects nothing of authspec's: no spec
		}
		var cancel context.CancelFunc
		ginkgo.BeforeAll(func() {
			if opts.Reports != "" {
				if err := checkWritable(opts.Reports); err != nil {
					ginkgo.Fail("authspec reports folder: " + err.Error())
				}
			}
			st.ctx, cancel = context.WithCancel(context.Background())
			st.sched = st.schedule(st.ctx)
		})
		ginkgo.AfterAll(func() {
			cancel()
			st.sched.Wait()
			st.mountedReports()
			for _, rt := range st.rts {
				rt.Close()
			}
			StopReference()
		})
		describeTargets(st)
	})
	return true
}

// mountState loads the targets file and applies the suite's filter; nil
// when nothing of it is selected.
func mountState(opts Options) (*runState, error) {
	cfg, _, err := config.Load(opts.Targets)
	if err == nil {
		_, err = openapi.Expand(cfg)
	}
	if err != nil {
		return nil, fmt.Errorf("authspec: configuration error: %v", err)
	}
	sc, _ := ginkgo.GinkgoConfiguration()
	sel, err := newSelection(sc)
	if err != nil {
		return nil, fmt.Errorf("authspec: %v", err)
	}
	baseline, err := readBaseline(opts.Baseline, cfg.Baseline)
	if err != nil {
		return nil, fmt.Errorf("authspec: configuration error: %v", err)
	}
	st := newRunState(cfg, opts)
	st.baseline = baseline
	if st.selectUnits(sel) == 0 {
		return nil, nil
	}
	return st, nil
}

// mountedReports writes authspec's reports of a mounted tree, when asked
// for, and its terminal summary to GinkgoWriter.
func (st *runState) mountedReports() {
	if st.opts.Reports == "" {
		return
	}
	run := st.collect(ginkgo.Report{})
	markInterrupted(st, run)
	defer run.HoldChecks()()
	if err := report.WriteAll(st.opts.Reports, run); err != nil {
		ginkgo.Fail(fmt.Sprintf("authspec: writing reports to %s: %v", st.opts.Reports, err))
	}
	report.WriteSummary(ginkgo.GinkgoWriter, run, false)
	fmt.Fprintln(ginkgo.GinkgoWriter, report.Announce(st.opts.Reports))
}
