package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/authspec/authspec/internal/config"
	"github.com/authspec/authspec/internal/openapi"
	"github.com/authspec/authspec/internal/report"
)

// cmdDiscover implements `authspec discover [-targets FILE]`: it reads
// every target's OpenAPI document and prints each operation with its
// verdict (probed as protected, public, or skipped and why), so the user
// sees what a run will probe before it sends anything. It sends no request
// to any target; a document given as a URL is fetched. Exit 2 on a usage
// or configuration error, 0 otherwise.
func cmdDiscover(args []string) int {
	return discover(args, os.Stdout, os.Stderr)
}

// discover is cmdDiscover with its outputs passed in. Everything it
// prints from the documents (path keys, notes, names) is escaped as the
// run's terminal output is: a document cannot drive the terminal.
func discover(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("discover", flag.ContinueOnError)
	fs.SetOutput(stderr)
	targets := fs.String("targets", "targets.yaml", "targets file")
	if err := fs.Parse(args); err != nil {
		return parseExit(err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "authspec discover: unexpected argument %q (pass the file with -targets FILE)\n", fs.Arg(0))
		return 2
	}
	cfg, warnings, err := config.Load(*targets)
	for _, w := range warnings {
		fmt.Fprintf(stderr, "authspec: warning: %s\n", report.TerminalSafe(fmt.Sprint(w)))
	}
	var reports []openapi.Report
	if err == nil {
		reports, err = openapi.Expand(cfg)
	}
	if err != nil {
		fmt.Fprintf(stderr, "authspec: configuration error: %s\n", report.TerminalSafe(err.Error()))
		return 2
	}
	byTarget := map[string]*openapi.Report{}
	for i := range reports {
		byTarget[reports[i].Target] = &reports[i]
	}
	for _, t := range cfg.Targets {
		if rep := byTarget[t.Name]; rep != nil {
			printReport(stdout, rep)
		} else {
			fmt.Fprintf(stdout, "%s: no openapi document; %s listed by hand\n", report.TerminalSafe(t.Name), plural(len(t.Resources), "resource"))
		}
	}
	return 0
}

// printReport prints one target's operations as an aligned table in
// document order, then the counts.
func printReport(w io.Writer, rep *openapi.Report) {
	base := rep.BasePath
	if base == "" {
		base = "/"
	}
	safe := report.TerminalSafe
	fmt.Fprintf(w, "%s: %s (%s), base path %s\n", safe(rep.Target), safe(rep.Document), safe(rep.Version), safe(base))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, op := range rep.Operations {
		path := op.Path
		if path == "" {
			path = op.Template
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\tline %d\t%s\n", op.Verdict, safe(op.Method), safe(path), op.Line, safe(operationNote(op)))
	}
	tw.Flush()
	c := rep.Counts()
	fmt.Fprintf(w, "  %d protected, %d public, %d skipped", c[openapi.Protected], c[openapi.Public], c[openapi.Skipped])
	if rep.Merged > 0 {
		fmt.Fprintf(w, "; %s also listed under resources, probed once", plural(rep.Merged, "method"))
	}
	fmt.Fprintln(w)
}

// operationNote says what the verdict rests on: for a protected operation
// the requirement and the schemes expected; for the others the reason.
func operationNote(op openapi.Operation) string {
	d := op.Declared
	if op.Verdict != openapi.Protected || d == nil {
		return op.Reason
	}
	parts := []string{"security: " + d.Security}
	if len(d.Schemes) > 0 {
		parts = append(parts, "expects "+strings.Join(d.Schemes, ", "))
	}
	if len(d.NoChallenge) > 0 {
		parts = append(parts, "no challenge defined for "+strings.Join(d.NoChallenge, ", "))
	}
	if d.MediaType != "" {
		parts = append(parts, "request body "+d.MediaType+" (probes send none)")
	}
	return strings.Join(parts, "; ")
}

// plural reads "1 resource" or "3 resources".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
