// Command verify compares the results.json of an interop run with
// interop/expected.json and exits non-zero on any difference: a missing
// target, another verdict, a rule that fails or warns unexpectedly, an
// expected finding that did not come, an error, or a control that did not
// pass. With -markdown it prints the README table of what real servers do.
//
// Exit codes: 0 as expected, 1 a mismatch, 2 bad input.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/authspec/authspec/internal/report"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	resultsPath := fs.String("results", "", "results.json of the interop run")
	expectedPath := fs.String("expected", "interop/expected.json", "expectations file")
	markdown := fs.Bool("markdown", false, "print the README table from the expectations and the installed package versions, then exit")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	e, err := LoadExpected(*expectedPath)
	if err != nil {
		fmt.Fprintf(stderr, "verify: %v\n", err)
		return 2
	}
	if *markdown {
		fmt.Fprint(stdout, Markdown(e, dpkgVersion))
		return 0
	}
	if *resultsPath == "" {
		fmt.Fprintln(stderr, "verify: -results is required (or -markdown)")
		return 2
	}
	f, err := os.Open(*resultsPath)
	if err != nil {
		fmt.Fprintf(stderr, "verify: %v\n", err)
		return 2
	}
	defer f.Close()
	r, err := report.ReadJSON(f)
	if err != nil {
		fmt.Fprintf(stderr, "verify: %s: %v\n", *resultsPath, err)
		return 2
	}
	rows, ms := Compare(r, e)
	printTable(stdout, rows)
	if len(ms) == 0 {
		fmt.Fprintf(stdout, "interop: %d targets as expected\n", len(rows))
		return 0
	}
	printMismatches(stdout, ms)
	return 1
}

func printTable(w io.Writer, rows []Row) {
	fmt.Fprintf(w, "%-4s %-18s %-14s %-9s %-9s %s\n", "", "TARGET", "VERDICT", "FAILS", "WARNS", "CONTROLS")
	for _, r := range rows {
		mark := "ok"
		if !r.OK {
			mark = "BAD"
		}
		fmt.Fprintf(w, "%-4s %-18s %-14s %-9s %-9s %d/%d\n", mark, r.Name,
			pair(r.GotVerdict, r.WantVerdict), pair(fmt.Sprint(r.GotFail), fmt.Sprint(r.WantFail)),
			pair(fmt.Sprint(r.GotWarn), fmt.Sprint(r.WantWarn)), r.ControlsOK, r.Controls)
	}
}

// pair shows a value and, when it differs, what was expected.
func pair(got, want string) string {
	if got == want {
		return got
	}
	return got + "≠" + want
}

func printMismatches(w io.Writer, ms []Mismatch) {
	fmt.Fprintf(w, "\ninterop: %d mismatches with interop/expected.json:\n", len(ms))
	for _, m := range ms {
		fmt.Fprintf(w, "- %s: %s\n", m.Target, m.What)
		if m.Evidence != "" {
			fmt.Fprintf(w, "    response:\n      %s\n", strings.ReplaceAll(strings.TrimRight(m.Evidence, "\n"), "\n", "\n      "))
		}
	}
}
