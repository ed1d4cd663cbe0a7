package report

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// The reports CI systems show in their own views: a Markdown job summary
// (GitHub Actions), SARIF (GitHub code scanning and other SARIF viewers)
// and GitLab Code Quality. Like every report they are built from what
// results.json holds, so `authspec merge` rebuilds them from shards.
const (
	SummaryFile     = "summary.md"
	SARIFFile       = "authspec.sarif"
	CodeQualityFile = "codequality.json"
)

// ciReportFiles names the CI reports, for RemoveAll.
var ciReportFiles = []string{SummaryFile, SARIFFile, CodeQualityFile}

// ciWriters are the writers of the three CI reports of run.
func ciWriters(run *Run) []fileWriter {
	return []fileWriter{
		{SummaryFile, func(f *os.File) error { return WriteMarkdown(f, run) }},
		{SARIFFile, func(f *os.File) error { return WriteSARIF(f, run) }},
		{CodeQualityFile, func(f *os.File) error { return WriteCodeQuality(f, run) }},
	}
}

// finding is what the CI reports show as one item: the results of one rule
// on one method and resource of a target that are not passes, skips or
// errors. One wrong path breaks a rule on every probe that reaches it; CI
// views want it once, on the resource's line in the targets file.
type finding struct {
	target  *Target
	results []*Result
	// outcome is the worst of the results': fail, then warn, then info.
	outcome Outcome
	// line is the resource's line in the targets file, else the target's
	// (0: unknown).
	line int
	// carried marks a finding of the previous run on a resource this run
	// could not test (Target.Carried): listed, not re-tested.
	carried bool
}

func (f *finding) first() *Result { return f.results[0] }

// isFinding selects the results a CI view shows as findings. Errors are not
// findings: a target that could not be tested broke no rule, and the
// reports keep the two apart.
func isFinding(r *Result) bool {
	return r.Outcome == Fail || r.Outcome == Warn || r.Outcome == Info
}

// findingsOf groups t's findings by rule, method and resource, in the
// order they first appear.
func findingsOf(t *Target) []finding {
	lines := unitLines(t)
	groups := groupResults(t.Results, isFinding, caseKey)
	out := make([]finding, 0, len(groups))
	for _, g := range groups {
		out = append(out, finding{target: t, results: g, outcome: worstFinding(g), line: lineOf(t, lines, g[0])})
	}
	return out
}

// carriedOf groups the findings carried forward onto t (Target.Carried)
// like findingsOf does.
func carriedOf(t *Target) []finding {
	lines := unitLines(t)
	groups := groupResults(t.Carried, isFinding, caseKey)
	out := make([]finding, 0, len(groups))
	for _, g := range groups {
		out = append(out, finding{target: t, results: g, outcome: worstFinding(g), line: lineOf(t, lines, g[0]), carried: true})
	}
	return out
}

// errorsOf groups t's errors by rule, method and resource.
func errorsOf(t *Target) [][]*Result {
	return groupResults(t.Results, func(r *Result) bool { return r.Outcome == Error || !r.Outcome.known() }, caseKey)
}

func worstFinding(results []*Result) Outcome {
	worst := Info
	for _, r := range results {
		switch r.Outcome {
		case Fail:
			return Fail
		case Warn:
			worst = Warn
		}
	}
	return worst
}

func unitKey(method, resource string) string { return method + " " + resource }

// unitLines maps each unit of t to its line in the targets file, under
// its method and resource, and under its resource alone.
func unitLines(t *Target) map[string]int {
	lines := make(map[string]int, 2*len(t.Units))
	for _, u := range t.Units {
		if u.Line > 0 {
			lines[unitKey(u.Method, u.Resource)] = u.Line
			if _, seen := lines[resourceKey(u.Resource)]; !seen {
				lines[resourceKey(u.Resource)] = u.Line
			}
		}
	}
	return lines
}

func resourceKey(resource string) string { return "\x00" + resource }

// lineOf returns the line of r's resource in the targets file: the line of
// its unit, else of the resource under any method (the HEAD probe of a GET
// resource has no unit of its own), else the target's (0: unknown).
func lineOf(t *Target, lines map[string]int, r *Result) int {
	if l := lines[unitKey(r.Method, r.Resource)]; l > 0 {
		return l
	}
	if l := lines[resourceKey(r.Resource)]; l > 0 {
		return l
	}
	return t.Line
}

// defaultTargetsFile is where the CI reports point when results.json does
// not say which targets file the run read (files of authspec before it
// did): the file `make run` reads unless told otherwise.
const defaultTargetsFile = "targets.yaml"

// targetsPath is the targets file as the CI reports name it: as given on
// the command line, with forward slashes and without a leading "./",
// since GitLab and GitHub resolve it against the repository's root.
func targetsPath(run *Run) string {
	p := run.TargetsFile
	if p == "" {
		p = defaultTargetsFile
	}
	p = filepath.ToSlash(p)
	for strings.HasPrefix(p, "./") {
		p = p[2:]
	}
	return p
}

// targetsURI is targetsPath as a URI reference, as SARIF wants it: a
// relative path stays relative (percent-encoded where it must be), an
// absolute one becomes a file: URI.
func targetsURI(run *Run) string {
	p := targetsPath(run)
	if strings.HasPrefix(p, "/") {
		return (&url.URL{Scheme: "file", Path: p}).String()
	}
	return (&url.URL{Path: p}).String()
}

// fingerprint identifies a finding across runs: the same rule broken on the
// same method and resource of the same target gets the same fingerprint,
// whatever the message, the evidence or the line. GitLab compares them to
// tell new findings from fixed ones; SARIF carries it as a partial
// fingerprint.
func fingerprint(check, target, method, resource string) string {
	sum := sha256.Sum256([]byte(check + "\x00" + target + "\x00" + method + "\x00" + resource))
	return hex.EncodeToString(sum[:])
}

// rfcURL links a rule to its RFC section on rfc-editor.org, e.g.
// https://www.rfc-editor.org/rfc/rfc9110#section-11.6.1 for "RFC 9110" and
// "11.6.1, 15.5.2" (the first section). It is "" when rfc is not "RFC"
// and a number; a section that is not dotted numbers is left out. Only
// digits and dots reach the URL, so a results.json cannot smuggle markup
// into the reports through it.
func rfcURL(rfc, section string) string {
	num, ok := strings.CutPrefix(rfc, "RFC ")
	if !ok || !isDigits(num) {
		return ""
	}
	u := "https://www.rfc-editor.org/rfc/rfc" + num
	first, _, _ := strings.Cut(section, ",")
	first = strings.TrimSpace(first)
	if first != "" && isDottedNumber(first) {
		u += "#section-" + first
	}
	return u
}

func isDigits(s string) bool {
	if s == "" || len(s) > 6 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isDottedNumber(s string) bool {
	for _, part := range strings.Split(s, ".") {
		if !isDigits(part) {
			return false
		}
	}
	return true
}

// multilineSafe keeps line breaks and tabs but escapes every other control
// character and the bidirectional formatting characters, as terminalSafe
// does; a CRLF becomes a plain line break. It is for evidence shown as a
// block of text: in a Markdown code block, a SARIF message.
func multilineSafe(s string) string {
	return escapeUnless(strings.ReplaceAll(s, "\r\n", "\n"), multilineKeeps)
}

func multilineKeeps(r rune) bool {
	return r == '\n' || r == '\t' || terminalKeeps(r)
}

// groupResults gathers the results keep selects by key, in order of first
// appearance: one broken rule on one resource is one finding in the CI
// reports, with every request that broke it.
func groupResults(results []Result, keep func(*Result) bool, key func(*Result) string) [][]*Result {
	index := map[string]int{}
	var groups [][]*Result
	for j := range results {
		r := &results[j]
		if !keep(r) {
			continue
		}
		k := key(r)
		if i, ok := index[k]; ok {
			groups[i] = append(groups[i], r)
			continue
		}
		index[k] = len(groups)
		groups = append(groups, []*Result{r})
	}
	return groups
}

// caseKey is a result's check: its rule on one method of one resource.
func caseKey(r *Result) string {
	return r.Check + "\x00" + r.Method + "\x00" + r.Resource
}

// probeList names the probe requests of results, for "also on: ...".
func probeList(results []*Result) string {
	names := make([]string, 0, len(results))
	for _, r := range results {
		names = append(names, r.ProbeName())
	}
	return strings.Join(names, ", ")
}
