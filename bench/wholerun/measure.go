package main

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/authspec/authspec/bench/internal/farm"
)

// measurement is what one run of a scenario gave.
type measurement struct {
	scenario
	requests     int           // sum of targets[].requests in results.json
	wall         time.Duration // the child process, start to exit
	floor        time.Duration // least time the limits allow (see floor)
	bound        string        // which limit sets the floor
	rssKiB       int64         // the child's peak resident set
	cpu          time.Duration // the child's CPU time, user and system
	farmCPU      time.Duration // this process's CPU time during the run: the farm's
	resultsBytes int64
	junitBytes   int64
	htmlBytes    int64
	exit         int
	log          string // the child's output, for a failed run
}

// measure starts a farm for s, runs authspec against it in a fresh folder
// and reads what it wrote. The folder is removed unless -keep is given.
func measure(o options, s scenario) (measurement, error) {
	dir, cleanup, err := runDir(o.keep, s)
	if err != nil {
		return measurement{}, err
	}
	defer cleanup()
	f, err := farm.Start(farm.Config{Targets: s.targets, Resources: s.resources, Delay: s.delay})
	if err != nil {
		return measurement{}, err
	}
	defer f.Close()
	targetsFile := filepath.Join(dir, "targets.yaml")
	if err := writeTargets(targetsFile, f.URLs(), s, o); err != nil {
		return measurement{}, err
	}
	reports := filepath.Join(dir, "reports")
	before := selfCPU()
	c, err := runChild(o, targetsFile, reports, filepath.Join(dir, "authspec.log"))
	farmCPU := selfCPU() - before
	if err != nil {
		return measurement{}, err
	}
	m, err := settle(o, s, c, reports)
	m.farmCPU = farmCPU
	return m, err
}

// settle reads the reports of a finished run into a measurement. A run
// that wrote no results.json (a configuration error) still gives a row,
// with its exit code and the tail of its output.
func settle(o options, s scenario, c child, reports string) (measurement, error) {
	m := measurement{scenario: s, wall: c.wall, rssKiB: c.rssKiB, cpu: c.cpu, exit: c.exit, log: c.logTail}
	perTarget, err := readRequests(filepath.Join(reports, "results.json"))
	if err != nil && c.exit == 0 {
		return m, err
	}
	for _, n := range perTarget {
		m.requests += n
	}
	m.floor, m.bound = floor(perTarget, s.delay, o)
	m.resultsBytes = fileSize(filepath.Join(reports, "results.json"))
	m.junitBytes = fileSize(filepath.Join(reports, "junit.xml"))
	m.htmlBytes = fileSize(filepath.Join(reports, "report.html"))
	return m, nil
}

// selfCPU is this process's user and system CPU time so far. While a
// child runs, this process does nothing but serve the farm (the child's
// own CPU time is counted apart, when it is waited for).
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// runDir is the folder for one run: under keep when given (kept), else a
// temporary one (removed by cleanup).
func runDir(keep string, s scenario) (dir string, cleanup func(), err error) {
	if keep == "" {
		dir, err = os.MkdirTemp("", "wholerun-")
		return dir, func() { os.RemoveAll(dir) }, err
	}
	dir = filepath.Join(keep, s.slug())
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", nil, fmt.Errorf("-keep: %w", err)
	}
	return dir, func() {}, nil
}
