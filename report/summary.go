package report

import (
	"fmt"
	"io"
	"strings"
)

// WriteSummary writes the terminal summary of run to w: one line per
// target, then every failure and error with the rule, its RFC section, the
// resource and probe, and the evidence to reproduce it, then the warnings
// one line each, and a last line that says how the run went:
//
//	PASS  reference  http://127.0.0.1:1234  42 checks: 40 pass, 0 fail, 2 warn, 0 error, 3 skip  (57 requests)
//
// "checks" counts every result that was not skipped. color adds ANSI colours
// to the verdicts; pass it only when w is a terminal. Every string that
// could hold server bytes is passed through terminalSafe, so a hostile
// server cannot move the cursor, retitle the window or forge a line.
// Write errors are ignored: the summary is a courtesy, the reports on disk
// are the record.
func WriteSummary(w io.Writer, run *Run, color bool) {
	if run == nil {
		run = &Run{}
	}
	s := summaryWriter{color: color}
	s.targets(run.Targets)
	s.problems(run.Targets)
	s.warnings(run.Targets)
	s.verdictLine(run.Targets)
	_, _ = io.WriteString(w, s.b.String())
}

type summaryWriter struct {
	b     strings.Builder
	color bool
}

// Limits on what one summary line shows of server-influenced text; the
// reports carry it all.
const (
	maxMessageRunes  = 300
	maxEvidenceRunes = 200
)

// ANSI colours of the labels.
const (
	ansiGreen   = "\x1b[32m"
	ansiRed     = "\x1b[31m"
	ansiBoldRed = "\x1b[1;31m"
	ansiYellow  = "\x1b[33m"
	ansiReset   = "\x1b[0m"
)

func (s *summaryWriter) printf(format string, args ...any) {
	fmt.Fprintf(&s.b, format, args...)
}

// label returns word padded to five columns, coloured when asked. The
// padding is applied before the colour so columns line up either way.
func (s *summaryWriter) label(word string) string {
	padded := fmt.Sprintf("%-5s", word)
	if !s.color {
		return padded
	}
	var code string
	switch word {
	case "PASS":
		code = ansiGreen
	case "FAIL":
		code = ansiRed
	case "ERROR", "INTERRUPTED":
		code = ansiBoldRed
	case "WARN":
		code = ansiYellow
	default:
		return padded
	}
	return code + word + ansiReset + padded[len(word):]
}

func (s *summaryWriter) targets(targets []Target) {
	nameWidth, urlWidth := 0, 0
	for i := range targets {
		nameWidth = max(nameWidth, runeLen(terminalSafe(targets[i].Name)))
		urlWidth = max(urlWidth, runeLen(terminalSafe(redactURL(targets[i].URL))))
	}
	for i := range targets {
		t := &targets[i]
		c := countOutcomes(t.Results)
		counts := fmt.Sprintf("%s: %d pass, %d fail, %d warn, %d error, %d skip",
			plural(c.total-c.skip, "check"), c.pass, c.fail, c.warn, c.err, c.skip)
		if c.info > 0 {
			counts += fmt.Sprintf(", %d info", c.info)
		}
		s.printf("%s %s  %s  %s  (%s)\n",
			s.label(strings.ToUpper(t.effectiveVerdict())),
			pad(terminalSafe(t.Name), nameWidth),
			pad(terminalSafe(redactURL(t.URL)), urlWidth),
			counts, plural(t.Requests, "request"))
	}
}

func (s *summaryWriter) problems(targets []Target) {
	first := true
	for i := range targets {
		t := &targets[i]
		for _, g := range groupResults(t.Results, func(r *Result) bool { return r.Outcome == Fail || r.Outcome == Error }, problemKey) {
			if first {
				s.printf("\nFailures and errors:\n")
				first = false
			}
			s.problem(t, g[0])
			if len(g) > 1 {
				s.printf("      and %d more like it: %s\n", len(g)-1, terminalSafe(probeList(g[1:])))
			}
		}
	}
}

// groupResults gathers the results keep selects by key, in order of first
// appearance. One wrong path breaks the same rule on every probe: the
// terminal shows it once (problemKey), with the probes it also broke on,
// and JUnit makes one test case per rule, method and resource (caseKey).
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

// caseKey groups the results of one rule on one resource.
func caseKey(r *Result) string {
	return r.Check + "\x00" + r.Method + "\x00" + r.Resource
}

// problemKey groups like caseKey, keeping outcomes apart.
func problemKey(r *Result) string {
	return caseKey(r) + "\x00" + string(r.Outcome)
}

// probeList names the probe requests of results, e.g.
// "bad-credentials/basic, repeated-challenge/first".
func probeList(results []*Result) string {
	names := make([]string, 0, len(results))
	for _, r := range results {
		names = append(names, r.ProbeName())
	}
	return strings.Join(names, ", ")
}

// problem prints one failure or error in full: enough to act on without
// opening the reports.
func (s *summaryWriter) problem(t *Target, r *Result) {
	word := "ERROR"
	if r.Outcome == Fail {
		word = "FAIL"
	}
	const indent = "      "
	s.printf("\n%s %s  %s\n", s.label(word), terminalSafe(t.Name), terminalSafe(ruleLine(r)))
	s.printf("%s%s\n", indent, terminalSafe(resourceLine(r)))
	s.printf("%sseen:      %s\n", indent, terminalSafe(truncateRunes(r.Message, maxMessageRunes)))
	if r.Requirement != "" {
		s.printf("%srequires:  %s\n", indent, terminalSafe(r.Requirement))
	}
	if e := r.Evidence; e != nil {
		if e.Request != "" {
			s.printf("%srequest:   %s\n", indent, terminalSafe(truncateRunes(firstLine(e.Request), maxEvidenceRunes)))
		}
		if e.Response != "" {
			s.printf("%sresponse:  %s\n", indent, terminalSafe(truncateRunes(firstLine(e.Response), maxEvidenceRunes)))
		}
		if e.Curl != "" {
			s.printf("%sreproduce: %s\n", indent, terminalSafe(e.Curl))
		}
	}
}

func (s *summaryWriter) warnings(targets []Target) {
	first := true
	for i := range targets {
		t := &targets[i]
		for _, g := range groupResults(t.Results, func(r *Result) bool { return r.Outcome == Warn }, problemKey) {
			if first {
				s.printf("\nWarnings:\n")
				first = false
			}
			r := g[0]
			times := ""
			if len(g) > 1 {
				times = fmt.Sprintf(" (and %d more like it)", len(g)-1)
			}
			s.printf("%s %s  %s  %s: %s%s\n", s.label("WARN"), terminalSafe(t.Name),
				terminalSafe(ruleLine(r)), terminalSafe(resourceLine(r)),
				terminalSafe(truncateRunes(r.Message, maxMessageRunes)), times)
		}
	}
}

// verdictLine is the last line, the one a CI log viewer shows when
// collapsed: "authspec: 1 target failed".
func (s *summaryWriter) verdictLine(targets []Target) {
	count := map[string]int{}
	for i := range targets {
		count[targets[i].effectiveVerdict()]++
	}
	s.b.WriteString("\n")
	var bad []string
	for _, v := range []struct{ verdict, words string }{
		{VerdictFail, "failed"}, {VerdictError, "errored"}, {VerdictInterrupted, "interrupted"},
	} {
		if n := count[v.verdict]; n > 0 {
			bad = append(bad, plural(n, "target")+" "+v.words)
		}
	}
	passed, notRun := count[VerdictPass], count[VerdictNotRun]
	line := ""
	switch {
	case len(targets) == 0:
		line = "no targets"
	case len(bad) > 0:
		line = strings.Join(bad, ", ")
		if passed > 0 {
			line += fmt.Sprintf("; %d passed", passed)
		}
	default:
		line = plural(passed, "target") + " passed"
	}
	if notRun > 0 {
		line += fmt.Sprintf("; %d not run", notRun)
	}
	s.printf("authspec: %s\n", line)
}

// ruleLine is "<check>  RFC x §y  LEVEL".
func ruleLine(r *Result) string {
	var parts []string
	for _, p := range []string{r.Check, r.Ref(), r.LevelText()} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, "  ")
}

// resourceLine is "<METHOD> <path>  probe <probe>[/<variant>]".
func resourceLine(r *Result) string {
	line := strings.TrimSpace(r.Method + " " + r.Resource)
	if r.Probe != "" {
		line = strings.TrimSpace(line + "  probe " + r.ProbeName())
	}
	return line
}

func plural(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func runeLen(s string) int {
	return len([]rune(s))
}

// pad pads s with spaces to width runes.
func pad(s string, width int) string {
	if n := runeLen(s); n < width {
		return s + strings.Repeat(" ", width-n)
	}
	return s
}
