package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"
)

// columns are the table's headings, the same in both formats.
var columns = []string{"run", "requests", "wall", "floor", "wall/floor", "CPU authspec / farm", "peak RSS", "results.json", "junit.xml", "report.html", "exit"}

// cells renders one measurement in the order of columns.
func (m measurement) cells() []string {
	ratio := "–"
	if m.floor > 0 {
		ratio = fmt.Sprintf("%.2f", float64(m.wall)/float64(m.floor))
	}
	return []string{
		m.scenario.String(),
		fmt.Sprint(m.requests),
		seconds(m.wall),
		seconds(m.floor) + " (" + m.bound + ")",
		ratio,
		seconds(m.cpu) + " / " + seconds(m.farmCPU),
		fmt.Sprintf("%.0f MiB", float64(m.rssKiB)/1024),
		size(m.resultsBytes),
		size(m.junitBytes),
		size(m.htmlBytes),
		fmt.Sprint(m.exit),
	}
}

// printPlain writes an aligned table for a terminal, then the output of
// any run that did not pass.
func printPlain(w io.Writer, o options, ms []measurement) {
	fmt.Fprintln(w, settings(o))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(columns, "\t"))
	for _, m := range ms {
		fmt.Fprintln(tw, strings.Join(m.cells(), "\t"))
	}
	tw.Flush()
	printFailures(ms)
}

// printMarkdown writes the table as the README shows it.
func printMarkdown(w io.Writer, o options, ms []measurement) {
	fmt.Fprintf(w, "%s\n\n", settings(o))
	fmt.Fprintf(w, "| %s |\n", strings.Join(columns, " | "))
	fmt.Fprintf(w, "|%s\n", strings.Repeat("---|", len(columns)))
	for _, m := range ms {
		fmt.Fprintf(w, "| %s |\n", strings.Join(m.cells(), " | "))
	}
	printFailures(ms)
}

// settings says what the figures were measured with.
func settings(o options) string {
	return fmt.Sprintf("authspec run against the loopback latency farm: concurrency %d and rate %g/s per target, -parallel %d; %s/%s, %d CPUs, %s",
		o.concurrency, o.rate, o.parallel, runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version())
}

// printFailures shows, on stderr, the end of the output of every run that
// did not exit 0: a conformant farm should never fail.
func printFailures(ms []measurement) {
	for _, m := range ms {
		if m.exit != 0 {
			fmt.Fprintf(os.Stderr, "\n%s: authspec exited %d; the end of its output:\n%s\n", m.scenario, m.exit, m.log)
		}
	}
}

func seconds(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond))
	}
	return fmt.Sprintf("%.2f s", d.Seconds())
}

func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
