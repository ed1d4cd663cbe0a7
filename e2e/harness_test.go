// Package e2e runs the real suite, as the authspec binary a user builds,
// against servers on loopback, and asserts what it reports: the exact rules
// that fail on each broken fixture, no failure on correct ones, exit codes,
// reports, and that nothing secret leaks into any byte it writes.
package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/authspec/authspec/internal/report"
)

// authspecBin is the authspec command, built once by TestMain.
var authspecBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "authspec-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	authspecBin = filepath.Join(dir, "authspec")
	build := exec.Command("go", "build", "-o", authspecBin, "../cmd/authspec")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: building authspec:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// outcome is what one run of the suite left behind.
type outcome struct {
	Code           int
	Stdout, Stderr string
	Dir            string // the reports folder
	Run            *report.Run
	JUnit          []byte
	MaxRSSKiB      int64
	Elapsed        time.Duration
}

// runSuite writes targets into a temporary file, runs `authspec run` on it
// with env added to the environment, and reads back the reports.
func runSuite(t *testing.T, targets string, env ...string) outcome {
	t.Helper()
	return runSuiteArgs(t, targets, nil, env...)
}

// runSuiteArgs is runSuite with extra arguments for `authspec run`, such as
// a label filter (-labels).
func runSuiteArgs(t testing.TB, targets string, args []string, env ...string) outcome {
	t.Helper()
	dir := t.TempDir()
	tf := filepath.Join(dir, "targets.yaml")
	if err := os.WriteFile(tf, []byte(targets), 0o600); err != nil {
		t.Fatal(err)
	}
	reports := filepath.Join(dir, "reports")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, authspecBin, append([]string{"run", "-targets=" + tf, "-reports=" + reports}, args...)...)
	cmd.Env = append(os.Environ(), append([]string{"NO_COLOR=1"}, env...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	o := outcome{Stdout: stdout.String(), Stderr: stderr.String(), Dir: reports, Elapsed: time.Since(start)}
	if ctx.Err() != nil {
		t.Fatalf("the suite did not end within 5 minutes:\n%s", tail(o.Stdout))
	}
	o.Code = exitCodeOf(err)
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		o.MaxRSSKiB = ru.Maxrss
	}
	if f, err := os.Open(filepath.Join(reports, "results.json")); err == nil {
		o.Run, err = report.ReadJSON(f)
		f.Close()
		if err != nil {
			t.Fatalf("results.json does not read back: %v", err)
		}
	}
	o.JUnit, _ = os.ReadFile(filepath.Join(reports, "junit.xml"))
	return o
}

func exitCodeOf(err error) int {
	if err == nil {
		return 0
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	return -1
}

// tail keeps the end of a long output for a failure message.
func tail(s string) string {
	const max = 6000
	if len(s) > max {
		return "…" + s[len(s)-max:]
	}
	return s
}

// target returns the named target of a run, failing the test if missing.
func (o outcome) target(t *testing.T, name string) *report.Target {
	t.Helper()
	if o.Run == nil {
		t.Fatalf("no results.json (exit %d)\nstderr:\n%s\nstdout:\n%s", o.Code, tail(o.Stderr), tail(o.Stdout))
	}
	for i := range o.Run.Targets {
		if o.Run.Targets[i].Name == name {
			return &o.Run.Targets[i]
		}
	}
	t.Fatalf("target %q missing from results.json", name)
	return nil
}

// checksWith returns the sorted set of rule IDs with the given outcome.
func checksWith(tg *report.Target, oc report.Outcome) []string {
	set := map[string]bool{}
	for _, r := range tg.Results {
		if r.Outcome == oc {
			set[r.Check] = true
		}
	}
	return sortedKeys(set)
}

func sortedKeys(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// describe renders the failing and erroring results of a target for a test
// failure message.
func describe(tg *report.Target) string {
	var b strings.Builder
	for _, r := range tg.Results {
		if r.Outcome == report.Fail || r.Outcome == report.Error || r.Outcome == report.Warn {
			fmt.Fprintf(&b, "  %s %s %s %s %s/%s: %s\n", r.Outcome, r.Check, r.Method, r.Resource, r.Probe, r.Variant, r.Message)
		}
	}
	return b.String()
}

func readFile(path string) (string, error) {
	b, err := os.ReadFile(path)
	return string(b), err
}
