package report

import (
	"errors"
	"fmt"
	"html"
	"io"
	"net/url"
	"os"
	"sort"
	"strings"
)

// SummaryLimit is the most summary.md holds, in bytes. GitHub refuses a
// job summary over 1 MiB per step (and shows none of it); 1000 KiB leaves
// room for other tools that write to the same step's summary.
const SummaryLimit = 1000 << 10

// Limits on how much of one finding the summary shows; results.json and
// junit.xml carry it all.
const (
	mdMessageRunes  = 1000
	mdHeadlineRunes = 160
	mdEvidenceRunes = 6000
)

// WriteMarkdown writes summary.md: a Markdown job summary of run for CI
// pages (GitHub Actions' $GITHUB_STEP_SUMMARY, or any Markdown viewer).
//
// It holds, in this order: a headline; one row per target with its
// verdict and counts; a matrix of the rules that failed or warned (rows)
// by target (columns), each cell saying on how many of the target's
// resources the rule broke; then every failure, error and warning, one per
// rule, method and resource, folded in <details> with the requirement,
// what was seen, the line in the targets file, and the request, response
// and curl line in code blocks; and the infos, one line each.
//
// Everything that comes from a server or from results.json is escaped for
// where it lands: Markdown text, HTML text (the <summary> lines) or a code
// block whose fence is longer than any run of backticks in it. Control
// characters and bidirectional overrides are shown as \xNN and \uNNNN.
//
// The file stays under SummaryLimit: past it, the summary stops at a whole
// row or finding and ends with a note pointing at the full reports.
func WriteMarkdown(w io.Writer, run *Run) error {
	if run == nil {
		return errors.New("report: WriteMarkdown: nil run")
	}
	_, err := io.WriteString(w, renderMarkdown(run, SummaryLimit))
	return err
}

// truncationNote ends a summary cut at its size limit.
const truncationNote = "\n\n> [!WARNING]\n> This summary stops here to stay under GitHub's 1 MiB job-summary limit. " +
	"Every result is in the reports folder: results.json, junit.xml, authspec.sarif and codequality.json.\n"

// renderMarkdown renders the summary of run in at most limit bytes (a
// limit too small for anything but the note gives the note alone).
func renderMarkdown(run *Run, limit int) string {
	m := &mdWriter{limit: limit - len(truncationNote), file: mdText(targetsPath(run)), blob: githubBlob(run)}
	m.headline(run)
	m.verdicts(run)
	m.baseline(run)
	m.worst(run) // every failing target and rule, one line each, before anything long
	m.matrix(run)
	m.problems(run, Fail, "Failures")
	m.errors(run) // before warnings: errors, like failures, fail the run
	m.problems(run, Warn, "Warnings")
	m.notes(run)
	if len(run.Targets) > 0 {
		m.block("\nMade by authspec " + mdText(run.versionOf()) + ".\n")
	}
	if m.truncated {
		m.b.WriteString(truncationNote)
	}
	return m.b.String()
}

// mdWriter builds the summary out of whole blocks (a heading, a table row,
// one finding), so a cut at the size limit never leaves a table, a code
// block or a <details> open.
type mdWriter struct {
	b         strings.Builder
	limit     int
	truncated bool
	// file is the targets file, escaped; blob, when set, the URL of its
	// text in the repository at the run's commit (githubBlob).
	file, blob string
}

// githubBlob is the URL of the targets file at the commit being built,
// when GitHub Actions says which (GITHUB_SERVER_URL, GITHUB_REPOSITORY,
// GITHUB_SHA) and the file is a path inside the checkout; "" otherwise.
func githubBlob(run *Run) string {
	server, repo, sha := os.Getenv("GITHUB_SERVER_URL"), os.Getenv("GITHUB_REPOSITORY"), os.Getenv("GITHUB_SHA")
	path := targetsPath(run)
	if server == "" || repo == "" || sha == "" || strings.HasPrefix(path, "/") || strings.Contains(path, "..") {
		return ""
	}
	u, err := url.Parse(strings.TrimSuffix(server, "/"))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || !isRepoName(repo) || !isHex(sha) {
		return ""
	}
	return u.String() + "/" + repo + "/blob/" + sha + "/" + (&url.URL{Path: path}).EscapedPath()
}

func isRepoName(s string) bool {
	owner, name, ok := strings.Cut(s, "/")
	return ok && owner != "" && name != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./") == ""
}

func isHex(s string) bool {
	return len(s) >= 7 && strings.Trim(s, "0123456789abcdef") == ""
}

// where is "targets.yaml:12" (the file alone when the line is unknown),
// a link to the line when the file's place in the repository is known.
func (m *mdWriter) where(line int) string {
	text := lineRef(m.file, line)
	if m.blob == "" {
		return text
	}
	if line > 0 {
		return fmt.Sprintf("[%s](%s#L%d)", text, m.blob, line)
	}
	return "[" + text + "](" + m.blob + ")"
}

// block appends s if it fits, and reports whether it did. After the first
// block that does not fit, nothing more is appended.
func (m *mdWriter) block(s string) bool {
	if m.truncated {
		return false
	}
	if m.b.Len()+len(s) > m.limit {
		m.truncated = true
		return false
	}
	m.b.WriteString(s)
	return true
}

func (m *mdWriter) headline(run *Run) {
	m.block("## authspec: " + mdText(runHeadline(run)) + "\n\n")
	if run.Shard != "" {
		m.block("Shard " + mdText(run.Shard) + " of a split run.\n\n")
	}
	if run.ShardBy != "" || run.Selection != nil {
		m.block("Ran " + mdText(Scope(run)) + ".\n\n")
	}
	if run.Interrupted {
		line := "**Interrupted:** the run was stopped before its probes finished"
		if len(run.Unfinished) > 0 {
			line += " (unfinished: " + mdText(strings.Join(run.Unfinished, ", ")) + ")"
		}
		m.block(line + ".\n\n")
	}
}

// runHeadline sums the run up in words, worst first: "❌ 1 target
// failed, 1 errored, 2 passed; 1 not run".
func runHeadline(run *Run) string {
	if len(run.Targets) == 0 {
		return "no targets"
	}
	count := map[string]int{}
	for i := range run.Targets {
		count[run.Targets[i].effectiveVerdict()]++
	}
	var parts []string
	worst := VerdictPass
	for _, v := range []struct{ verdict, words string }{
		{VerdictError, "errored"}, {VerdictInterrupted, "interrupted"}, {VerdictFail, "failed"}, {VerdictPass, "passed"},
	} {
		n := count[v.verdict]
		if n == 0 {
			continue
		}
		if len(parts) == 0 {
			worst = v.verdict
			parts = append(parts, plural(n, "target")+" "+v.words)
		} else {
			parts = append(parts, fmt.Sprintf("%d %s", n, v.words))
		}
	}
	line := verdictMark(worst) + " " + strings.Join(parts, ", ")
	if n := count[VerdictNotRun]; n > 0 {
		if len(parts) == 0 {
			return verdictMark(VerdictNotRun) + " " + plural(n, "target") + " not run"
		}
		line += fmt.Sprintf("; %d not run", n)
	}
	return line
}

// verdictMark is the sign shown before a verdict; the word always follows
// it, for readers and searches that do not see pictures.
func verdictMark(verdict string) string {
	switch verdict {
	case VerdictPass:
		return "✅"
	case VerdictFail:
		return "❌"
	case VerdictNotRun:
		return "➖"
	case VerdictInterrupted:
		return "⏸️"
	default:
		return "🚫"
	}
}

func (m *mdWriter) verdicts(run *Run) {
	if len(run.Targets) == 0 {
		return
	}
	m.block("| Target | Verdict | URL | Checks | Requests sent | Where |\n|---|---|---|---|---|---|\n")
	for i := range run.Targets {
		t := &run.Targets[i]
		v := t.effectiveVerdict()
		counts := mdText(untestedNote(t)) + TallyChecks(t.Checks()).String() // the same counts as the terminal and JUnit
		m.block(fmt.Sprintf("| %s | %s %s | %s | %s | %d | %s |\n", mdText(t.Name), verdictMark(v), v,
			mdText(redactURL(t.URL)), counts, t.Requests, m.where(t.Line)))
	}
	m.block("\n")
}

// lineRef is "targets.yaml:12", or the file alone when the line is
// unknown. file is already escaped.
func lineRef(file string, line int) string {
	if line <= 0 {
		return file
	}
	return fmt.Sprintf("%s:%d", file, line)
}

// ruleCell counts, for one rule on one target, the resources (method and
// path) it was judged on, and those where it failed or warned.
type ruleCell struct {
	judged, failed, warned map[string]bool
}

// matrix writes the rules that failed or warned anywhere (rows, sorted by
// ID) against the targets (columns).
func (m *mdWriter) matrix(run *Run) {
	cells, rules, texts := matrixCells(run)
	if len(rules) == 0 {
		return
	}
	// Worst first: by the rule's severity, then by ID.
	sort.SliceStable(rules, func(i, j int) bool {
		return texts[rules[i]].SeverityOf().Rank() < texts[rules[j]].SeverityOf().Rank()
	})
	if len(run.Targets) > matrixMaxTargetColumns {
		m.matrixByTarget(run, cells, rules)
		return
	}
	var head, rule strings.Builder
	head.WriteString("| Rule | Severity | RFC | Level |")
	rule.WriteString("|---|---|---|---|")
	for i := range run.Targets {
		head.WriteString(" " + mdText(run.Targets[i].Name) + " |")
		rule.WriteString("---|")
	}
	m.block("### Rules that failed or warned\n\n" + head.String() + "\n" + rule.String() + "\n")
	for _, id := range rules {
		r := texts[id]
		var row strings.Builder
		fmt.Fprintf(&row, "| %s | %s | %s | %s |", mdText(id), r.SeverityOf(), mdRFCLink(r), mdText(r.LevelText()))
		for i := range run.Targets {
			row.WriteString(" " + cells[i][id].text() + " |")
		}
		if !m.block(row.String() + "\n") {
			return
		}
	}
	m.block("\n" + matrixLegend + "\n\n")
}

// matrixMaxTargetColumns is the most targets the matrix has as columns;
// past it the targets are the rows, which a page scrolls through, and
// the columns the rules.
const matrixMaxTargetColumns = 6

// matrixByTarget is the matrix with a row per target.
func (m *mdWriter) matrixByTarget(run *Run, cells []map[string]*ruleCell, rules []string) {
	var head, rule strings.Builder
	head.WriteString("| Target |")
	rule.WriteString("|---|")
	for _, id := range rules {
		head.WriteString(" " + mdText(id) + " |")
		rule.WriteString("---|")
	}
	m.block("### Rules that failed or warned, by target\n\n" + head.String() + "\n" + rule.String() + "\n")
	for i := range run.Targets {
		var row strings.Builder
		row.WriteString("| " + mdText(run.Targets[i].Name) + " |")
		for _, id := range rules {
			row.WriteString(" " + cells[i][id].text() + " |")
		}
		if !m.block(row.String() + "\n") {
			return
		}
	}
	m.block("\n" + matrixLegend + "\n\n")
}

// matrixLegend explains the cells under the matrix.
const matrixLegend = "❌ *n* of *m*: the rule failed on *n* of the *m* resources (method and path) it judged on the target; " +
	"⚠️ the same for warnings; ✅ *m*: it held on all *m*; –: not judged there."

// matrixCells tallies every rule on every target and returns, sorted, the
// IDs of the rules that failed or warned somewhere, and the first result
// of each, for the rule's text.
func matrixCells(run *Run) ([]map[string]*ruleCell, []string, map[string]*Result) {
	cells := make([]map[string]*ruleCell, len(run.Targets))
	shown := map[string]*Result{}
	for i := range run.Targets {
		cells[i] = map[string]*ruleCell{}
		for j := range run.Targets[i].Results {
			r := &run.Targets[i].Results[j]
			c := cells[i][r.Check]
			if c == nil {
				c = &ruleCell{judged: map[string]bool{}, failed: map[string]bool{}, warned: map[string]bool{}}
				cells[i][r.Check] = c
			}
			key := unitKey(r.Method, r.Resource)
			switch r.Outcome {
			case Skip, Error:
				continue
			case Fail:
				c.failed[key] = true
				if shown[r.Check] == nil {
					shown[r.Check] = r
				}
			case Warn:
				c.warned[key] = true
				if shown[r.Check] == nil {
					shown[r.Check] = r
				}
			}
			c.judged[key] = true
		}
	}
	ids := make([]string, 0, len(shown))
	for id := range shown {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return cells, ids, shown
}

// text is a matrix cell: "❌ 2 of 5" (failed on 2 of the 5 resources it
// was judged on), "⚠️ 1 of 5", "✅ 5" (held on all 5), or "–" (not judged
// on this target).
func (c *ruleCell) text() string {
	if c == nil || len(c.judged) == 0 {
		return "–"
	}
	n := len(c.judged)
	switch {
	case len(c.failed) > 0 && len(c.warned) > 0:
		return fmt.Sprintf("❌ %d, ⚠️ %d of %d", len(c.failed), len(c.warned), n)
	case len(c.failed) > 0:
		return fmt.Sprintf("❌ %d of %d", len(c.failed), n)
	case len(c.warned) > 0:
		return fmt.Sprintf("⚠️ %d of %d", len(c.warned), n)
	}
	return fmt.Sprintf("✅ %d", n)
}

// mdRFCLink is the rule's citation, linked to the RFC section when it
// names one.
func mdRFCLink(r *Result) string {
	ref := mdText(r.Ref())
	if u := rfcURL(r.RFC, r.Section); u != "" && ref != "" {
		return "[" + ref + "](" + u + ")"
	}
	return ref
}

// problems writes every finding with the given outcome, one <details> per
// rule, method and resource.
func (m *mdWriter) problems(run *Run, outcome Outcome, title string) {
	first := true
	for _, g := range defectGroups(runFindings(run), outcome) {
		if first {
			if !m.block("### " + title + ", worst first\n\n") {
				return
			}
			first = false
		}
		if !m.block(m.problemDetails(g)) {
			return
		}
	}
}

// defectGroups gathers the findings with outcome (in order, worst first)
// that are the same defect: the same rule, broken with the same message,
// on whatever resources and targets. A fleet that breaks one rule the
// same way on 1,000 resources is one entry, not 1,000.
func defectGroups(fs []finding, outcome Outcome) [][]finding {
	index := map[string]int{}
	var out [][]finding
	for _, f := range fs {
		if f.outcome != outcome {
			continue
		}
		r := f.first()
		k := r.Check + "\x00" + r.Message + "\x00" + fmt.Sprint(f.carried)
		if i, ok := index[k]; ok {
			out[i] = append(out[i], f)
			continue
		}
		index[k] = len(out)
		out = append(out, []finding{f})
	}
	return out
}

// mdListed is how many of a group's other resources the summary lists;
// results.json and report.html have them all.
const mdListed = 200

// problemDetails renders one defect, folded: the <summary> line is all a
// reader sees until they open it. It holds the first finding's evidence
// once, then every other resource with the same defect, folded too.
func (m *mdWriter) problemDetails(g []finding) string {
	f := &g[0]
	r := f.first()
	var b strings.Builder
	mark := "❌"
	if f.outcome == Warn {
		mark = "⚠️"
	}
	where := htmlText(f.target.Name) + "</b> · " + htmlText(strings.TrimSpace(r.Method+" "+r.Resource))
	if len(g) > 1 {
		where = fmt.Sprintf("%s</b> and %s", htmlText(f.target.Name), onHowMany(g))
	}
	carried := ""
	if f.carried {
		carried = " (previous run; not re-tested: the target could not be tested)"
	}
	fmt.Fprintf(&b, "<details><summary>%s %s · <code>%s</code> · <b>%s — %s%s</summary>\n\n", mark, strings.ToUpper(string(f.severity())),
		htmlText(r.Check), where, htmlText(truncateRunes(r.Message, mdHeadlineRunes)), carried)
	fmt.Fprintf(&b, "- **Rule:** %s · %s · %s · severity %s\n", mdText(r.Check), mdRFCLink(r), mdText(r.LevelText()), f.severity())
	fmt.Fprintf(&b, "- **Where:** %s, %s %s\n", m.where(f.line), mdText(f.target.Name), mdText(strings.TrimSpace(r.Method+" "+r.Resource)))
	if r.Requirement != "" {
		fmt.Fprintf(&b, "- **Requires:** %s\n", mdText(r.Requirement))
	}
	fmt.Fprintf(&b, "- **Seen:** %s (probe %s)\n", mdText(truncateRunes(r.Message, mdMessageRunes)), mdText(r.ProbeName()))
	if len(f.results) > 1 {
		fmt.Fprintf(&b, "- **Also on %s:** %s\n", plural(len(f.results)-1, "more request"), mdText(truncateRunes(probeList(f.results[1:]), mdMessageRunes)))
	}
	writeEvidence(&b, r.Evidence)
	if len(g) > 1 {
		fmt.Fprintf(&b, "The same on %s:\n\n", plural(len(g)-1, "more resource"))
		for i, o := range g[1:] {
			if i == mdListed {
				fmt.Fprintf(&b, "- … and %d more: results.json and report.html list them all\n", len(g)-1-i)
				break
			}
			or := o.first()
			fmt.Fprintf(&b, "- %s %s (%s)\n", mdText(o.target.Name), mdText(strings.TrimSpace(or.Method+" "+or.Resource)), m.where(o.line))
		}
		b.WriteString("\n")
	}
	b.WriteString("</details>\n\n")
	return b.String()
}

// onHowMany is "999 more resources on 3 targets" for the others of a
// group.
func onHowMany(g []finding) string {
	targets := map[*Target]bool{}
	for i := range g {
		targets[g[i].target] = true
	}
	s := plural(len(g)-1, "more resource")
	if len(targets) > 1 {
		s += fmt.Sprintf(" on %d targets", len(targets))
	}
	return s
}

// worstRow is one line of the table of what broke: one rule on one
// target (or a target that could not be tested).
type worstRow struct {
	rank                int
	mark, sev, rule, on string
	target              string
	line                int
}

// resourcesOn is "2 of 3 resources": those of t that could not be tested.
func resourcesOn(t *Target) string {
	down := len(untestedResources(t))
	if n := plannedResources(t); n >= down {
		return fmt.Sprintf("%d of %d resources", down, n)
	}
	return plural(down, "resource")
}

// worst writes every target and rule that failed, could not be tested or
// warned, one row each, worst first. It comes before anything long, so
// that a summary cut at its size limit still names them all.
func (m *mdWriter) worst(run *Run) {
	var rows []worstRow
	for i := range run.Targets {
		t := &run.Targets[i]
		if _, ok := notTested(t); ok {
			rows = append(rows, worstRow{rank: checksHighRank()*8 + 1, mark: verdictMark(VerdictError) + " could not be tested", sev: "–",
				rule: NotTestedRule, target: t.Name, on: resourcesOn(t), line: t.Line})
		}
		cs := t.Checks()
		total := map[string]int{}
		for j := range cs {
			total[cs[j].Rule]++
		}
		for _, o := range []Outcome{Fail, Warn} {
			for _, g := range byRule(cs, o) {
				sev := checkSeverity(g[0])
				mark := "❌ fail"
				if o == Warn {
					mark = "⚠️ warn"
				}
				rows = append(rows, worstRow{rank: sev.Rank()*8 + problemRank(o), mark: mark, sev: string(sev), rule: g[0].Rule, target: t.Name,
					on: fmt.Sprintf("%d of %d checks", len(g), total[g[0].Rule]), line: g[0].Line})
			}
		}
		for _, g := range groupFindings(carriedOf(t)) {
			rows = append(rows, worstRow{rank: g[0].severity().Rank()*8 + problemRank(g[0].outcome) + 4, mark: "↩️ carried forward, not re-tested",
				sev: string(g[0].severity()), rule: g[0].first().Check, target: t.Name, on: plural(len(g), "resource"), line: g[0].line})
		}
	}
	if len(rows) == 0 {
		return
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].rank < rows[j].rank })
	m.block("### What broke, worst first\n\n| | Severity | Rule | Target | On | First at |\n|---|---|---|---|---|---|\n")
	for _, r := range rows {
		if !m.block(fmt.Sprintf("| %s | %s | %s | %s | %s | %s |\n", r.mark, r.sev, mdText(r.rule), mdText(r.target), r.on, m.where(r.line))) {
			return
		}
	}
	m.block("\n")
}

// writeEvidence adds the request, response and curl line as code blocks.
func writeEvidence(b *strings.Builder, e *Evidence) {
	if e == nil {
		b.WriteString("\n")
		return
	}
	for _, part := range []struct{ label, lang, text string }{
		{"Request", "http", e.Request}, {"Response", "http", e.Response}, {"Reproduce", "sh", e.Curl},
	} {
		if part.text == "" {
			continue
		}
		fmt.Fprintf(b, "\n%s:\n\n%s", part.label, codeBlock(part.lang, truncateRunes(part.text, mdEvidenceRunes)))
	}
	if chain := chainText(e); chain != "" {
		fmt.Fprintf(b, "\nDiscovery chain, from the 401 to the document:\n\n%s", codeBlock("text", truncateRunes(chain, mdEvidenceRunes)))
	}
	b.WriteString("\n")
}

// errors writes the results that could not be tested, apart from the
// failures: an unreachable server broke no rule.
func (m *mdWriter) errors(run *Run) {
	first := true
	for i := range run.Targets {
		t := &run.Targets[i]
		lines := unitLines(t)
		for _, g := range errorsOf(t) {
			if first {
				if !m.block("### Errors: could not test\n\n") {
					return
				}
				first = false
			}
			r := g[0]
			var b strings.Builder
			fmt.Fprintf(&b, "<details><summary>%s <b>%s</b> · %s — %s</summary>\n\n", verdictMark(VerdictError),
				htmlText(t.Name), htmlText(strings.TrimSpace(r.Method+" "+r.Resource)), htmlText(truncateRunes(r.Message, mdHeadlineRunes)))
			fmt.Fprintf(&b, "- **Where:** %s\n", m.where(lineOf(t, lines, r)))
			fmt.Fprintf(&b, "- **What happened:** %s (probe %s)\n", mdText(truncateRunes(r.Message, mdMessageRunes)), mdText(r.ProbeName()))
			if len(g) > 1 {
				fmt.Fprintf(&b, "- **Also on %s:** %s\n", plural(len(g)-1, "more request"), mdText(truncateRunes(probeList(g[1:]), mdMessageRunes)))
			}
			writeEvidence(&b, r.Evidence)
			b.WriteString("</details>\n\n")
			if !m.block(b.String()) {
				return
			}
		}
	}
}

// notes lists the infos, one line each.
func (m *mdWriter) notes(run *Run) {
	first := true
	for i := range run.Targets {
		for _, f := range findingsOf(&run.Targets[i]) {
			if f.outcome != Info {
				continue
			}
			if first {
				if !m.block("### Worth knowing\n\n") {
					return
				}
				first = false
			}
			r := f.first()
			if !m.block(fmt.Sprintf("- ℹ️ **%s** · %s · %s: %s\n", mdText(f.target.Name), mdText(r.Check),
				mdText(strings.TrimSpace(r.Method+" "+r.Resource)), mdText(truncateRunes(r.Message, mdMessageRunes)))) {
				return
			}
		}
	}
}

// mdText makes s safe as inline Markdown text: control characters, line
// breaks and bidi overrides are shown escaped (a server must not start a
// new line, end a table row or reorder what the reader sees), HTML's
// specials become entities (no tag can open or close), and the characters
// Markdown or GitHub give meaning to mid-line are backslash-escaped (no
// emphasis, code span, link or image, table cell, strike-through, mention,
// issue link or math). Callers never put it at the start of a line, where
// other characters would matter. Links GitHub makes of bare URLs and
// emoji it makes of :name: are left: they cannot hide or forge text.
func mdText(s string) string {
	s = terminalSafe(s)
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '\\', '`', '*', '_', '[', ']', '|', '~', '@', '#', '$':
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// htmlText makes s safe as text inside an HTML element on one line.
func htmlText(s string) string {
	return html.EscapeString(terminalSafe(s))
}

// codeBlock renders text as a fenced code block whose fence is longer than
// any run of backticks in text, so nothing in it can close the block.
func codeBlock(lang, text string) string {
	text = multilineSafe(text)
	fence := strings.Repeat("`", max(3, longestRun(text, '`')+1))
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	return fence + lang + "\n" + text + fence + "\n"
}

func longestRun(s string, c byte) int {
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return longest
}

// githubSummaryLimit is GitHub's limit on one step's job summary.
const githubSummaryLimit = 1 << 20

// AppendStepSummary appends the summary of run to the file named by
// $GITHUB_STEP_SUMMARY, when that is set (GitHub Actions sets it in every
// step), so the job's page shows it without a separate step. It keeps the
// file under GitHub's 1 MiB limit, counting what the step already wrote
// there. A failure is reported on warn, not returned: the summary is a
// courtesy, the reports are the record.
func AppendStepSummary(run *Run, warn io.Writer) {
	path := os.Getenv("GITHUB_STEP_SUMMARY")
	if path == "" || run == nil {
		return
	}
	if err := appendStepSummary(path, run); err != nil {
		fmt.Fprintf(warn, "authspec: writing the job summary to $GITHUB_STEP_SUMMARY: %v\n", err)
	}
}

// minStepSummary is the least room worth a summary: the headline and the
// note that the rest is in the reports.
const minStepSummary = 1 << 10

func appendStepSummary(path string, run *Run) error {
	var used int64
	if fi, err := os.Stat(path); err == nil {
		used = fi.Size()
	}
	room := int(min(int64(SummaryLimit), githubSummaryLimit-used))
	if room < minStepSummary {
		return fmt.Errorf("%s already holds %d bytes, too near GitHub's 1 MiB limit; see %s in the reports", path, used, SummaryFile)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(f, renderMarkdown(run, room)); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
