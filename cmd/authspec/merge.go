package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/authspec/authspec/internal/report"
)

// cmdMerge implements `authspec merge -reports DIR SHARD...`: it reads the
// results.json of every shard of a run (a file, or the folder holding it),
// and writes the reports of the whole run into DIR, exiting as the single
// run would have (0 pass, 1 fail or error). Inputs that are not exactly
// the shards of one run (one missing, one twice, shards of other targets)
// are a usage error, exit 2.
func cmdMerge(args []string) int {
	return merge(args, os.Stdout, os.Stderr)
}

func merge(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("merge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	reports := fs.String("reports", "reports", "folder for the merged reports")
	junitCases := fs.String("junit-cases", "", "junit.xml test cases: per check, per rule, or auto (default: what the shards were run with)")
	previous := fs.String("previous", "", "the previous run's results.json (or its folder): its findings on resources this run could not test are carried forward")
	if err := fs.Parse(args); err != nil {
		return parseExit(err)
	}
	prev, err := readPrevious(*previous)
	if err != nil {
		fmt.Fprintf(stderr, "authspec merge: -previous: %v\n", err)
		return 2
	}
	if *junitCases != "" {
		if _, err := report.ParseJUnitCases(*junitCases); err != nil {
			fmt.Fprintf(stderr, "authspec merge: -junit-cases: %v\n", err)
			return 2
		}
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "authspec merge: name the shards' reports folders (or their results.json files)")
		return 2
	}
	for _, arg := range fs.Args() {
		if folderOf(arg) != "" && sameFolder(folderOf(arg), *reports) {
			fmt.Fprintf(stderr, "authspec merge: the reports folder %s is one of the inputs (%s): merging into it would overwrite that shard's reports; name another folder with -reports\n", *reports, arg)
			return 2
		}
	}
	var inputs []report.Input
	for _, arg := range fs.Args() {
		run, name, err := readResults(arg)
		if err != nil {
			fmt.Fprintf(stderr, "authspec merge: %v\n", err)
			return 2
		}
		if *junitCases != "" {
			run.JUnitCases = *junitCases
		}
		inputs = append(inputs, report.Input{Name: name, Run: run})
	}
	run, err := report.Merge(inputs)
	if err != nil {
		fmt.Fprintf(stderr, "authspec merge: %v\n", err)
		return 2
	}
	report.CarryForward(run, prev)
	unlock, err := report.LockReports(*reports)
	if err != nil {
		fmt.Fprintf(stderr, "authspec merge: reports folder: %v\n", err)
		return 2
	}
	defer unlock()
	defer run.HoldChecks()()
	if err := report.WriteAll(*reports, run); err != nil {
		fmt.Fprintf(stderr, "authspec merge: writing reports to %s: %v\n", *reports, err)
		return 2
	}
	report.AppendStepSummary(run, stderr)
	report.WriteSummary(stdout, run, false)
	report.AnnotateGitHub(stdout, run)
	fmt.Fprintln(stdout, report.Announce(*reports))
	return run.ExitCode()
}

// readResults reads a results.json, given as the file or its folder.
func readResults(arg string) (*report.Run, string, error) {
	path := arg
	if fi, err := os.Stat(arg); err == nil && fi.IsDir() {
		path = filepath.Join(arg, report.JSONFile)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, path, err
	}
	defer f.Close()
	run, err := report.ReadJSON(f)
	if err != nil {
		return nil, path, fmt.Errorf("%s: %v", path, err)
	}
	return run, path, nil
}

// folderOf is the folder holding an input's results.json: the argument
// itself when it is a folder, else the file's folder.
func folderOf(arg string) string {
	if fi, err := os.Stat(arg); err == nil && fi.IsDir() {
		return arg
	}
	return filepath.Dir(arg)
}

// sameFolder reports whether a and b name one folder: the same path once
// made absolute and clean with symbolic links followed, or, both
// existing, the same file (a bind mount, say).
func sameFolder(a, b string) bool {
	if canonical(a) == canonical(b) {
		return true
	}
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(fa, fb)
}

// canonical is path absolute, clean, with symbolic links followed as far
// as it exists.
func canonical(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return filepath.Clean(path)
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real
	}
	return abs
}
