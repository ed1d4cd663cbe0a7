package report

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// GitHub Actions shows, on a pull request and on the run's page, the
// annotations a step prints as workflow commands ("::error file=…,line=…,
// title=…::message"), with no third-party action. It shows at most 10
// errors and 10 warnings of one step (and 50 of a job); the rest are
// dropped without a word. So authspec prints the worst ten of each, one
// per rule and target (the first resource it broke on, and how many
// more), and says how many it left out.

// annotationsPerKind is how many annotations of one kind GitHub shows of
// a step.
const annotationsPerKind = 10

// AnnotateGitHub prints workflow commands for the run's worst failures
// (and targets that could not be tested) and warnings to w when running
// under GitHub Actions (GITHUB_ACTIONS=true); otherwise it prints nothing.
func AnnotateGitHub(w io.Writer, run *Run) {
	if os.Getenv("GITHUB_ACTIONS") != "true" || run == nil {
		return
	}
	writeAnnotations(w, run)
}

// annotation is one workflow command.
type annotation struct {
	kind, file, title, message string
	line                       int
}

// writeAnnotations prints the annotations of run, worst first, at most
// annotationsPerKind of each kind, then a line counting those left out.
func writeAnnotations(w io.Writer, run *Run) {
	errs, warns := annotationsOf(run)
	left := 0
	for _, list := range [][]annotation{errs, warns} {
		for i, a := range list {
			if i == annotationsPerKind {
				left += len(list) - i
				break
			}
			fmt.Fprintln(w, a.command())
		}
	}
	if left > 0 {
		fmt.Fprintf(w, "authspec: %d more annotations left out (GitHub shows %d errors and %d warnings a step); the job summary (summary.md) and the reports list them all\n",
			left, annotationsPerKind, annotationsPerKind)
	}
}

// annotationsOf gathers the errors (targets that could not be tested,
// then failures) and warnings of run, worst first, one per rule and
// target.
func annotationsOf(run *Run) (errs, warns []annotation) {
	file := targetsPath(run)
	for i := range run.Targets {
		t := &run.Targets[i]
		if text, ok := notTested(t); ok {
			errs = append(errs, annotation{kind: "error", file: file, line: t.Line,
				title: "authspec: " + t.Name + " could not be tested", message: text})
		}
	}
	for _, g := range groupFindings(runFindings(run)) {
		f := &g[0]
		r := f.first()
		where := strings.TrimSpace(r.Method + " " + r.Resource)
		if len(g) > 1 {
			where += fmt.Sprintf(" and %s", plural(len(g)-1, "more check"))
		}
		a := annotation{file: file, line: f.line,
			title:   fmt.Sprintf("authspec: %s (%s) on %s", r.Check, f.severity(), f.target.Name),
			message: fmt.Sprintf("%s on %s: %s [%s, %s]", strings.ToUpper(string(f.outcome)), where, stableText(oneLine(r.Message)), r.Ref(), r.LevelText())}
		if f.carried {
			a.message = "not re-tested, as the previous run found it: " + a.message
		}
		switch f.outcome {
		case Fail:
			a.kind = "error"
			errs = append(errs, a)
		case Warn:
			a.kind = "warning"
			warns = append(warns, a)
		}
	}
	return errs, warns
}

// groupFindings gathers findings (already in order) by target, rule and
// outcome, keeping the order of each group's first.
func groupFindings(fs []finding) [][]finding {
	index := map[string]int{}
	var out [][]finding
	for _, f := range fs {
		k := f.target.Name + "\x00" + f.first().Check + "\x00" + string(f.outcome) + "\x00" + fmt.Sprint(f.carried)
		if i, ok := index[k]; ok {
			out[i] = append(out[i], f)
			continue
		}
		index[k] = len(out)
		out = append(out, []finding{f})
	}
	return out
}

// command renders the workflow command, escaped as @actions/core escapes
// them: in the message %, CR and LF; in properties also : and ,.
func (a *annotation) command() string {
	props := []string{"file=" + escapeProperty(a.file)}
	if a.line > 0 {
		props = append(props, fmt.Sprintf("line=%d", a.line))
	}
	props = append(props, "title="+escapeProperty(terminalSafe(a.title)))
	return "::" + a.kind + " " + strings.Join(props, ",") + "::" + escapeData(terminalSafe(truncateRunes(a.message, maxAttrRunes*2)))
}

func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
