package report

// Verdicts a target can end with, from best to worst. Error outranks fail:
// a target that could not be tested has not been shown to conform, and a
// pipeline must not read an unreachable server as one that merely broke a
// rule.
const (
	VerdictPass  = "pass"
	VerdictFail  = "fail"
	VerdictError = "error"
	// VerdictNotRun is a target the label filter, focus or shard left out:
	// nothing was sent to it, so it neither passed nor failed.
	VerdictNotRun = "not-run"
	// VerdictInterrupted is a target whose probes a Ctrl-C or SIGTERM cut
	// short: it was not shown to conform, and not shown to break.
	VerdictInterrupted = "interrupted"
)

// Verdict sums up results: "error" if any result is an error, else "fail"
// if any failed, else "pass". Warnings, infos and skips never fail a target;
// whether a finding fails is decided when its Outcome is set (strict mode,
// waivers), not here. An outcome that is none of the six known ones counts
// as an error: it is a bug upstream, and a bug is not a pass.
func Verdict(results []Result) string {
	verdict := VerdictPass
	for _, r := range results {
		switch r.Outcome {
		case Pass, Warn, Skip, Info:
		case Fail:
			verdict = VerdictFail
		default:
			return VerdictError
		}
	}
	return verdict
}

// known reports whether o is one of the six outcomes.
func (o Outcome) known() bool {
	switch o {
	case Pass, Fail, Warn, Skip, Error, Info:
		return true
	}
	return false
}

// ComputeVerdict sets t.Verdict from t.Results.
func (t *Target) ComputeVerdict() {
	t.Verdict = Verdict(t.Results)
}

// effectiveVerdict is the verdict the writers print: the worse of the one
// recorded and the one the results imply. A stale or missing Verdict can
// therefore never hide a failure, and an "error" set by the caller (say, for
// a target that refused every connection before any check ran) survives.
// A target recorded as not run stays so while its results hold no failure.
func (t *Target) effectiveVerdict() string {
	computed := Verdict(t.Results)
	if t.Verdict == VerdictNotRun && computed == VerdictPass {
		return VerdictNotRun
	}
	return worse(t.Verdict, computed)
}

// worse returns the worse of two verdicts. Anything unknown counts as
// error: a verdict nobody understands is not a pass.
func worse(a, b string) string {
	if verdictRank(a) >= verdictRank(b) {
		return normalVerdict(a)
	}
	return normalVerdict(b)
}

func verdictRank(v string) int {
	switch v {
	case "", VerdictPass, VerdictNotRun:
		return 0
	case VerdictFail:
		return 1
	case VerdictInterrupted:
		return 2
	default:
		return 3
	}
}

func normalVerdict(v string) string {
	switch verdictRank(v) {
	case 0:
		if v == VerdictNotRun {
			return v
		}
		return VerdictPass
	case 1:
		return VerdictFail
	case 2:
		return VerdictInterrupted
	default:
		return VerdictError
	}
}

// ExitCode is the process exit status for the run: 0 when no target failed,
// errored or was cut short, 1 otherwise (a target left out by the filter
// or shard is neither). CI pipelines read nothing finer than that; the
// reports say which target and why.
func (r *Run) ExitCode() int {
	if r == nil {
		return 0
	}
	for i := range r.Targets {
		if v := r.Targets[i].effectiveVerdict(); v != VerdictPass && v != VerdictNotRun {
			return 1
		}
	}
	return 0
}
