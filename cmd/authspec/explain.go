package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/config"
	"github.com/authspec/authspec/internal/suite"
)

const explainUsage = `usage: authspec explain [-examples=false] RULE

Explains one check of the catalogue (see authspec checks): what it
requires, the RFC text it rests on, how authspec probes it, and two
examples found by probing authspec's own fixtures on loopback: a response
that breaks the rule and one that meets it.

  -examples=false  leave the examples out (nothing is started or sent)

Exit codes: 0 explained, 1 the examples could not be made, 2 unknown rule
or usage error.
`

// explainTimeout bounds the search for examples over every fixture.
const explainTimeout = 2 * time.Minute

func cmdExplain(args []string) int {
	return runExplain(args, os.Stdout, os.Stderr)
}

func runExplain(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("explain", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, explainUsage) }
	withExamples := fs.Bool("examples", true, "probe the fixtures for examples")
	if err := fs.Parse(args); err != nil {
		return parseExit(err)
	}
	if fs.NArg() != 1 {
		fmt.Fprintf(stderr, "authspec explain: name one rule\n%s", explainUsage)
		return 2
	}
	id := fs.Arg(0)
	rule := checks.Lookup(id)
	if rule == nil {
		fmt.Fprintf(stderr, "authspec explain: no rule %q in the catalogue%s\n(authspec checks lists them all)\n", id, didYouMean(id))
		return 2
	}
	if rule.ID != id {
		fmt.Fprintf(stdout, "%s is an alias of %s (the rule was renamed; results carry the new ID)\n\n", id, rule.ID)
	}
	var ex *ruleExamples
	if *withExamples {
		ctx, cancel := context.WithTimeout(context.Background(), explainTimeout)
		defer cancel()
		found, err := findExamples(ctx, []string{rule.ID})
		if err != nil {
			fmt.Fprintf(stderr, "authspec explain: %v\n", err)
			return 1
		}
		ex = found[rule.ID]
	}
	if _, err := io.WriteString(stdout, explanation(rule, ex)); err != nil {
		fmt.Fprintf(stderr, "authspec explain: %v\n", err)
		return 1
	}
	return 0
}

// explanation renders everything `authspec explain` says about a rule. ex
// nil means the examples were not asked for.
func explanation(r *checks.Rule, ex *ruleExamples) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%s · %s · scheme %s\n", r.ID, r.Ref(), levelLabel(r), schemeLabel(r))
	if link := rfcLink(r); link != "" {
		fmt.Fprintf(&b, "%s\n", link)
	}
	section(&b, "Requirement")
	indent(&b, wrap(r.Requirement, 76), "  ")
	indent(&b, wrap(consequence(r), 76), "  ")
	section(&b, "What the RFC says")
	for _, q := range checks.QuotesOf(r.ID) {
		rfc := q.RFC
		if rfc == "" {
			rfc = r.RFC
		}
		fmt.Fprintf(&b, "  %s §%s:\n", rfc, q.Section)
		indent(&b, wrap("“"+q.Text+"”", 74), "    ")
		if q.Note != "" {
			indent(&b, wrap(q.Note, 74), "    ")
		}
	}
	section(&b, "How authspec probes it")
	b.WriteString(probing(r))
	if ex != nil {
		section(&b, "Broken: "+brokenTitle(r))
		writeExample(&b, ex.Broken, "No server authspec ships breaks this rule: no fixture exercises it yet.")
		section(&b, "Correct")
		writeExample(&b, ex.Correct, "No server authspec ships meets this rule where it applies: no fixture exercises it yet.")
	}
	return b.String()
}

// consequence says what a violation does to a run.
func consequence(r *checks.Rule) string {
	switch {
	case r.ID == checks.ResponseReceived.ID:
		return "When it breaks, the target is reported as an error (could not be tested), never as a failure."
	case r.Mission:
		return "Breaking it fails the run whatever the level: it is one of the two assertions authspec exists for."
	case r.Declared:
		return "Breaking it fails the run whatever the level: targets.yaml declares the resource protected."
	case r.Level == checks.Must:
		return "Breaking it fails the run."
	case r.Level == checks.Info:
		return "It only informs: it never fails a run, not even a strict one."
	default:
		return "Breaking it warns; with strict: true it fails the run."
	}
}

func brokenTitle(r *checks.Rule) string {
	if r.ID == checks.ResponseReceived.ID {
		return "a request that got no complete response"
	}
	if r.Level == checks.Info && !r.Declared {
		return "a response it notes"
	}
	return "a response that breaks it"
}

// relationalProbes names the probes that judge each relational rule (one
// with no single-response check): they compare several exchanges or what
// was sent with what came back. It is read from the probes themselves
// (suite.Probe.Judges, which also plans the reports' checks), and
// TestRelationalProbesMatchSuite holds that to the suite's code.
var relationalProbes = func() map[string][]string {
	out := map[string][]string{}
	for _, p := range suite.Probes() {
		for _, id := range p.Judges {
			out[id] = append(out[id], p.Name)
		}
	}
	return out
}()

// probing says which probes judge the rule and what they send.
func probing(r *checks.Rule) string {
	docs := map[string]string{}
	var all []string
	for _, p := range suite.Probes() {
		docs[p.Name] = p.Doc
		all = append(all, p.Name)
	}
	var b strings.Builder
	names, relational := relationalProbes[r.ID]
	switch {
	case relational:
		b.WriteString("  Judged by comparing what a probe sent with what came back, in:\n")
	case r.ID == checks.ResponseReceived.ID:
		b.WriteString("  Every request of every probe: a request that gets no complete response\n  in time is reported against this rule.\n")
		names = all
	default:
		b.WriteString("  Judged on every response any probe receives, where it applies\n  (see the examples for where it did):\n")
		names = all
	}
	w := 0
	for _, n := range names {
		w = max(w, len(n))
	}
	for _, n := range names {
		fmt.Fprintf(&b, "    %-*s  %s\n", w, n, docs[n])
	}
	return b.String()
}

// writeExample renders one example: the server, where the suite judged
// it, what it said, and the exchange.
func writeExample(b *strings.Builder, ex *example, none string) {
	if ex == nil {
		indent(b, none, "  ")
		return
	}
	res := ex.Result
	kind := "fixture"
	if ex.Server == config.BuiltinReference {
		kind = "server"
	}
	fmt.Fprintf(b, "  %s %s: %s\n", kind, ex.Server, ex.Why)
	where := res.Probe
	if res.Variant != "" {
		where += " (" + res.Variant + ")"
	}
	fmt.Fprintf(b, "  judged %s by probe %s\n", res.Outcome, where)
	if res.Message != "" {
		indent(b, wrap(res.Message, 74), "    ")
	}
	if e := res.Evidence; e != nil {
		b.WriteString("  request:\n")
		indent(b, strings.TrimRight(e.Request, "\n"), "    ")
		b.WriteString("  response:\n")
		if strings.TrimSpace(e.Response) == "" {
			e.Response = "(none)"
		}
		indent(b, strings.TrimRight(e.Response, "\n"), "    ")
	}
}

func section(b *strings.Builder, title string) {
	fmt.Fprintf(b, "\n%s\n", title)
}

// indent writes each line of text with prefix before it.
func indent(b *strings.Builder, text, prefix string) {
	for _, line := range strings.Split(text, "\n") {
		if line == "" {
			b.WriteString("\n")
			continue
		}
		b.WriteString(prefix + line + "\n")
	}
}

// wrap breaks text into lines of at most width characters at spaces.
func wrap(text string, width int) string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		if line != "" && len(line)+1+len(w) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	return strings.Join(append(lines, line), "\n")
}

// rfcLink returns the RFC Editor's address of the rule's first section,
// or "" when the rule does not rest on an RFC.
func rfcLink(r *checks.Rule) string {
	num, ok := strings.CutPrefix(r.RFC, "RFC ")
	if !ok {
		return ""
	}
	link := "https://www.rfc-editor.org/rfc/rfc" + num
	if sec, _, _ := strings.Cut(r.Section, ", "); sec != "" {
		link += "#section-" + sec
	}
	return link
}

// didYouMean suggests the catalogue's IDs closest to a mistyped one: IDs
// ending in what was typed first (the part after the slash is what people
// remember), then those within a few edits.
func didYouMean(typed string) string {
	low := strings.ToLower(strings.TrimSpace(typed))
	type scored struct {
		id   string
		cost int
	}
	var near []scored
	for _, r := range checks.All() {
		_, name, _ := strings.Cut(r.ID, "/")
		switch {
		case low == "":
		case strings.HasSuffix(r.ID, "/"+low) || strings.EqualFold(r.ID, low):
			near = append(near, scored{r.ID, 0})
		case strings.Contains(r.ID, low) && len(low) >= 4:
			near = append(near, scored{r.ID, 1 + len(r.ID) - len(low)})
		default:
			d := min(config.EditDistance(low, r.ID), config.EditDistance(low, name))
			if d <= max(2, len(low)/4) {
				near = append(near, scored{r.ID, 100 + d})
			}
		}
	}
	if len(near) == 0 {
		return ""
	}
	sort.SliceStable(near, func(i, j int) bool { return near[i].cost < near[j].cost })
	var ids []string
	for i := 0; i < len(near) && i < 3; i++ {
		ids = append(ids, near[i].id)
	}
	return "; did you mean " + strings.Join(ids, " or ") + "?"
}
