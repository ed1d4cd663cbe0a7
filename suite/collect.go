package suite

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/authspec/authspec/checks"
	"github.com/authspec/authspec/config"
	"github.com/authspec/authspec/probe"
	"github.com/authspec/authspec/report"
)

// Collect builds the run's results from Ginkgo's merged report: the entries
// every spec left, in config order, plus an error result for any spec that
// ended badly without leaving one (a timeout, a panic, an interrupt), so
// nothing that happened is missing from the reports.
func Collect(cfg *config.Config, rep types.Report) *report.Run {
	run := &report.Run{Version: 1}
	byName := map[string]*report.Target{}
	type ordered struct {
		order [4]int
		seq   int
		res   report.Result
	}
	pending := map[string][]ordered{}
	for _, t := range cfg.Targets {
		run.Targets = append(run.Targets, report.Target{Name: t.Name, URL: t.URL, Kind: string(t.Kind), Results: []report.Result{}})
	}
	for i := range run.Targets {
		byName[run.Targets[i].Name] = &run.Targets[i]
	}
	seq := 0
	for i := range run.Targets {
		run.Targets[i].Started = rep.StartTime
	}
	for _, sr := range rep.SpecReports {
		if t := byName[targetOf(sr)]; t != nil {
			t.Elapsed += sr.RunTime
		}
		got := false
		for _, re := range sr.ReportEntries {
			e, ok := DecodeEntry(re)
			if !ok {
				continue
			}
			got = true
			t := byName[e.Target]
			if t == nil {
				continue
			}
			t.Requests += e.Requests
			if t.Protocol == "" {
				t.Protocol = e.Protocol
			}
			if e.Base != "" && e.Base != t.URL && t.URL == config.BuiltinReference {
				t.URL = config.BuiltinReference + " (" + e.Base + ")"
			}
			for _, r := range e.Results {
				pending[e.Target] = append(pending[e.Target], ordered{e.Order, seq, r})
				seq++
			}
		}
		if !got && sr.State.Is(types.SpecStateFailureStates) {
			if name := targetOf(sr); byName[name] != nil {
				pending[name] = append(pending[name], ordered{[4]int{1 << 30}, seq, specError(sr)})
				seq++
			}
		}
	}
	for name, rs := range pending {
		sort.SliceStable(rs, func(i, j int) bool {
			a, b := rs[i], rs[j]
			if a.order != b.order {
				return lessOrder(a.order, b.order)
			}
			return a.seq < b.seq
		})
		t := byName[name]
		for _, o := range rs {
			t.Results = append(t.Results, o.res)
		}
	}
	redactor := probe.NewRedactor(configSecrets(cfg)...)
	for i := range run.Targets {
		noteUnusedWaivers(&run.Targets[i], cfg.Targets[i].Waivers)
		run.Targets[i].Verdict = report.Verdict(run.Targets[i].Results)
		redactTarget(&run.Targets[i], redactor)
	}
	return run
}

// noteUnusedWaivers adds an info result for each waiver of a target that
// waived nothing in this run: the rule held (or was not run), so the
// waiver may be ready to go before it hides a regression.
func noteUnusedWaivers(t *report.Target, waivers []config.Waiver) {
	used := map[string]bool{}
	for _, r := range t.Results {
		if r.Outcome == report.Skip && strings.HasPrefix(r.Message, "waived") {
			used[r.Check] = true
		}
	}
	for _, w := range waivers {
		rule := checks.Lookup(w.Check)
		if used[w.Check] || rule == nil || !w.Active(now()) {
			// An expired waiver waived nothing because it expired: the run
			// warned of it at the start, and its rule's failures say so.
			continue
		}
		res := newResult(rule, Where{})
		res.Outcome = report.Info
		res.Message = "the waiver for this rule (" + w.Reason + ") waived nothing in this run: the rule held or was not run; remove the waiver once it is no longer needed"
		t.Results = append(t.Results, res)
	}
}

func lessOrder(a, b [4]int) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

// targetOf reads a spec's target from its "target:<name>" label.
func targetOf(sr types.SpecReport) string {
	for _, l := range sr.Labels() {
		if name, ok := strings.CutPrefix(l, "target:"); ok {
			return name
		}
	}
	return ""
}

// specError turns a spec that ended badly without results into an error
// result, so the report says what happened instead of dropping it. The
// spec tree is authspec › target › "METHOD path" › probe › group, which
// names the request the spec was about.
func specError(sr types.SpecReport) report.Result {
	var where Where
	if texts := sr.ContainerHierarchyTexts; len(texts) >= 4 {
		where.Method, where.Path, _ = strings.Cut(texts[2], " ")
		where.Probe = texts[3]
	}
	res := newResult(checks.ResponseReceived, where)
	res.Outcome = report.Error
	msg := sr.Failure.Message
	if msg == "" {
		msg = "no detail"
	}
	res.Message = fmt.Sprintf("the spec %q %s before it could report: %s", sr.FullText(), endedHow(sr.State), msg)
	return res
}

// endedHow says in words how a spec ended badly.
func endedHow(s types.SpecState) string {
	switch s {
	case types.SpecStateTimedout:
		return "timed out"
	case types.SpecStatePanicked:
		return "panicked"
	case types.SpecStateInterrupted:
		return "was interrupted"
	case types.SpecStateAborted:
		return "was aborted"
	}
	return "failed"
}

// configSecrets lists every credential of the configuration in the forms a
// report could carry them.
func configSecrets(cfg *config.Config) []string {
	var out []string
	for _, t := range cfg.Targets {
		out = append(out, credentialSecrets(t.Credentials)...)
	}
	return out
}

// credentialSecrets lists one target's credentials in the forms a report
// could carry them: raw, and Basic's base64 of user:pass.
func credentialSecrets(c *config.Credentials) []string {
	if c == nil {
		return nil
	}
	out := c.Secrets()
	if c.Username != "" || c.Password != "" {
		out = append(out, base64.StdEncoding.EncodeToString([]byte(c.Username+":"+c.Password)))
	}
	return out
}

// redactTarget is the last line of defence: the probe layer already
// redacts what it records, and this pass catches what a finding quoted
// back from the response.
func redactTarget(t *report.Target, r *probe.Redactor) {
	t.URL = r.Redact(t.URL)
	for i := range t.Results {
		redactResult(&t.Results[i], r)
	}
}

func redactResult(res *report.Result, r *probe.Redactor) {
	res.Message = r.Redact(res.Message)
	if e := res.Evidence; e != nil {
		e.Request = r.Redact(e.Request)
		e.Response = r.Redact(e.Response)
		e.Curl = r.Redact(e.Curl)
	}
}

// WriteReports writes junit.xml and results.json into dir, each through a
// temporary file renamed into place, so a reader never sees half a report.
func WriteReports(dir string, run *report.Run) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := writeAtomic(filepath.Join(dir, "results.json"), func(f *os.File) error { return report.WriteJSON(f, run) }); err != nil {
		return err
	}
	return writeAtomic(filepath.Join(dir, "junit.xml"), func(f *os.File) error { return report.WriteJUnit(f, run, "authspec") })
}

func writeAtomic(path string, write func(*os.File) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".authspec-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// RemoveReports deletes the reports of an earlier run, so that a run that
// stops on a configuration error leaves nothing that could be mistaken for
// its result.
func RemoveReports(dir string) {
	for _, name := range []string{"results.json", "junit.xml"} {
		os.Remove(filepath.Join(dir, name))
	}
}
