package report

import (
	"fmt"
	"io"
	"sort"
	"strings"

	catalogue "github.com/authspec/authspec/internal/checks"
)

// WriteSummary writes the terminal summary of run to w: one line per
// target with its counts, then every failure and error once, grouped by
// target and rule (the rule and what it requires once, then each resource
// that broke it with what was seen, the request and response lines and a
// curl line to reproduce it), then the warnings one line per rule, and a
// last line that says how the run went:
//
//	FAIL  api  http://127.0.0.1:8080  37 checks: 30 pass, 2 fail, 1 warn, 0 error, 4 skip  (80 requests)
//
// The counts are checks (Check: one rule on one method of one resource),
// the unit JUnit counts its test cases in, and add up. color adds ANSI
// colours to the labels; pass it only when w is a terminal that wants
// them. Every string that could hold server bytes is passed through
// terminalSafe, so a hostile server cannot move the cursor, retitle the
// window or forge a line. Write errors are ignored: the summary is a
// courtesy, the reports on disk are the record.
func WriteSummary(w io.Writer, run *Run, color bool) {
	if run == nil {
		run = &Run{}
	}
	s := summaryWriter{color: color}
	if scope := Scope(run); scope != "" {
		s.printf("%s\n", terminalSafe(scope))
	}
	checks := make([][]Check, len(run.Targets))
	for i := range run.Targets {
		checks[i] = run.Targets[i].Checks()
	}
	s.targets(run.Targets, checks)
	s.problems(run.Targets, checks)
	s.warnings(run.Targets, checks)
	for _, line := range BaselineLines(run) {
		s.printf("authspec: %s\n", terminalSafe(line))
	}
	s.verdictLine(run.Targets)
	_, _ = io.WriteString(w, s.b.String())
}

type summaryWriter struct {
	b     strings.Builder
	color bool
	// seen maps each defect printed (rule, outcome, what was seen) to
	// where it was printed first.
	seen map[string]string
}

// Limits on what the summary shows; the reports carry it all.
const (
	maxMessageRunes  = 300
	maxEvidenceRunes = 200
	// maxPerRule is how many resources a broken rule lists with their
	// evidence; the rest are counted.
	maxPerRule = 10
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

func (s *summaryWriter) targets(targets []Target, checks [][]Check) {
	nameWidth, urlWidth := 0, 0
	for i := range targets {
		nameWidth = max(nameWidth, runeLen(terminalSafe(targets[i].Name)))
		urlWidth = max(urlWidth, runeLen(terminalSafe(redactURL(targets[i].URL))))
	}
	for i := range targets {
		t := &targets[i]
		s.printf("%s %s  %s  %s%s  (%s sent)\n",
			s.label(strings.ToUpper(t.effectiveVerdict())),
			pad(terminalSafe(t.Name), nameWidth),
			pad(terminalSafe(redactURL(t.URL)), urlWidth),
			untestedNote(t), TallyChecks(checks[i]), plural(t.Requests, "request"))
	}
}

// byRule gathers the checks with outcome o by rule, in order of first
// appearance.
func byRule(cs []Check, o Outcome) [][]*Check {
	index := map[string]int{}
	var groups [][]*Check
	for i := range cs {
		c := &cs[i]
		if c.Outcome != o {
			continue
		}
		if j, ok := index[c.Rule]; ok {
			groups[j] = append(groups[j], c)
			continue
		}
		index[c.Rule] = len(groups)
		groups = append(groups, []*Check{c})
	}
	return groups
}

func (s *summaryWriter) problems(targets []Target, checks [][]Check) {
	type group struct {
		t  *Target
		cs []*Check
	}
	var groups []group
	for i := range targets {
		for _, o := range []Outcome{Fail, Error} {
			for _, g := range byRule(checks[i], o) {
				groups = append(groups, group{&targets[i], g})
			}
		}
	}
	// Worst first, whatever the target: by severity (a target that could
	// not be tested ranks as high), failures before errors.
	rank := func(g group) int {
		if g.cs[0].Outcome == Error {
			return catalogue.High.Rank()*8 + 1
		}
		return checkSeverity(g.cs[0]).Rank() * 8
	}
	sort.SliceStable(groups, func(i, j int) bool { return rank(groups[i]) < rank(groups[j]) })
	for i, g := range groups {
		if i == 0 {
			s.printf("\nFailures and errors, worst first:\n")
		}
		s.rule(g.t, g.cs)
	}
}

// rule prints one rule broken on one target: the rule once, then each
// resource that broke it, enough to act on without opening the reports.
func (s *summaryWriter) rule(t *Target, g []*Check) {
	c0 := g[0]
	word := strings.ToUpper(string(c0.Outcome))
	const indent = "      "
	sev := ""
	if c0.Outcome == Fail {
		sev = severityWord(checkSeverity(c0)) + "  "
	}
	s.printf("\n%s %s%s  %s\n", s.label(word), sev, terminalSafe(t.Name), terminalSafe(ruleLine(c0)))
	// The same defect (rule and what was seen) is printed with its
	// evidence once, on the first resource of the first target that had
	// it; every other resource with it is one name on a line.
	if s.seen == nil {
		s.seen = map[string]string{}
	}
	var fresh, same []*Check
	firstAt := ""
	for _, c := range g {
		key := c.Rule + "\x00" + string(c.Outcome) + "\x00" + checkSeen(c)
		if where, ok := s.seen[key]; ok {
			if firstAt == "" {
				firstAt = where
			}
			same = append(same, c)
			continue
		}
		s.seen[key] = t.Name + " " + c.Where()
		fresh = append(fresh, c)
	}
	if req := requirementOf(c0); req != "" && c0.Outcome == Fail && len(fresh) > 0 {
		s.printf("%srequires:  %s\n", indent, terminalSafe(req))
	}
	for i, c := range fresh {
		if i == maxPerRule {
			s.printf("%s... and %s (the reports list them all)\n", indent, plural(len(fresh)-maxPerRule, "more resource"))
			break
		}
		s.check(c)
	}
	if len(same) == 0 {
		return
	}
	names := make([]string, 0, maxPerRule)
	for _, c := range same[:min(len(same), maxPerRule)] {
		names = append(names, c.Where())
	}
	line := "the same"
	if firstAt != "" {
		line += " as on " + firstAt
	}
	line += fmt.Sprintf(" on %s: %s", plural(len(same), "more check"), strings.Join(names, ", "))
	if len(same) > maxPerRule {
		line += fmt.Sprintf(" ... and %d more (the reports list them all)", len(same)-maxPerRule)
	}
	s.printf("%s%s\n", indent, terminalSafe(line))
}

// check prints one resource of a broken rule: what was seen, on how many
// of its requests, the first such request and response line, and the curl
// line that reproduces it.
func (s *summaryWriter) check(c *Check) {
	const indent = "      "
	worst := c.With(c.Outcome)
	if len(worst) == 0 {
		return
	}
	r := worst[0]
	where := strings.Join(nonEmpty(c.Method, c.Resource), " ")
	if where == "" {
		where = "(configuration)"
	}
	seen := truncateRunes(oneLine(r.Message), maxMessageRunes) + requestsNote(c)
	s.printf("%s%s: %s\n", indent, terminalSafe(where), terminalSafe(seen))
	const sub = indent + "  "
	if r.Probe != "" {
		s.printf("%sprobe:     %s\n", sub, terminalSafe(r.ProbeName()))
	}
	if e := r.Evidence; e != nil {
		if e.Request != "" {
			s.printf("%srequest:   %s\n", sub, terminalSafe(truncateRunes(firstLine(e.Request), maxEvidenceRunes)))
		}
		if e.Response != "" {
			s.printf("%sresponse:  %s\n", sub, terminalSafe(truncateRunes(firstLine(e.Response), maxEvidenceRunes)))
		}
		if e.Curl != "" {
			s.printf("%sreproduce: %s\n", sub, terminalSafe(e.Curl))
		}
		for _, line := range chainLines(e, "", false) {
			s.printf("%schain:     %s\n", sub, terminalSafe(truncateRunes(line, maxEvidenceRunes)))
		}
	}
}

func (s *summaryWriter) warnings(targets []Target, checks [][]Check) {
	type group struct {
		i  int
		cs []*Check
	}
	var groups []group
	for i := range targets {
		for _, g := range byRule(checks[i], Warn) {
			groups = append(groups, group{i, g})
		}
	}
	// Worst first, whatever the target.
	sort.SliceStable(groups, func(a, b int) bool {
		return checkSeverity(groups[a].cs[0]).Rank() < checkSeverity(groups[b].cs[0]).Rank()
	})
	first := true
	for _, gr := range groups {
		i, g := gr.i, gr.cs
		if first {
			s.printf("\nWarnings, worst first:\n")
			first = false
		}
		r := g[0].With(Warn)[0]
		where := strings.Join(nonEmpty(g[0].Method, g[0].Resource), " ")
		if len(g) > 1 {
			where += fmt.Sprintf(" (and %s)", plural(len(g)-1, "more check"))
		}
		s.printf("%s %s  %s  %s: %s\n", s.label("WARN"), terminalSafe(targets[i].Name),
			terminalSafe(ruleLine(g[0])), terminalSafe(where),
			terminalSafe(truncateRunes(oneLine(r.Message), maxMessageRunes)))
	}
}

// untestedNote is "could not be tested on 2 of 2 resources; " for a
// target that got errors, so that its line does not read as an ordinary
// failure; "" otherwise.
func untestedNote(t *Target) string {
	down := untestedResources(t)
	if len(down) == 0 {
		return ""
	}
	if n := plannedResources(t); n > 0 {
		return fmt.Sprintf("could not be tested on %d of %d resources; ", len(down), n)
	}
	return "could not be tested; "
}

// requestsNote says on how many of a check's requests its outcome was
// seen: " (3 of 6 requests)", or, when its target was sent fewer
// requests than the check has judgments (a target that refused
// connections is given up on), " (12 planned, 0 sent)": never "12 of 12"
// of requests nobody received (see requestCount).
func requestsNote(c *Check) string {
	n, of := len(c.With(c.Outcome)), c.Judgments()
	if c.Outcome == Skip || n == 0 || of <= 1 {
		return ""
	}
	return requestCount(c, n, of)
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

// ruleLine is "<rule>  RFC x §y  LEVEL".
func ruleLine(c *Check) string {
	parts := []string{c.Rule}
	if len(c.Results) > 0 {
		parts = append(parts, nonEmpty(c.Results[0].Ref(), c.Results[0].LevelText())...)
	}
	return strings.Join(parts, "  ")
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
