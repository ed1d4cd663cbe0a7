package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// launchArg, as the first argument, makes wholerun a launcher: it runs the
// command that follows and writes its wall time, peak RSS and exit code to
// a file.
//
// Why a launcher: on Linux, Go starts a child with vfork (CLONE_VM), so the
// child's ru_maxrss starts at the parent's high-water mark, and wholerun's
// grows with every farm it has run (a /bin/true started by a process of
// 200 MiB reports 200 MiB). The launcher is a fresh, small process, so the
// child it starts reports its own peak, or at least the launcher's few MiB.
const launchArg = "launch-child"

// launched is what the launcher reports about its child.
type launched struct {
	wall   time.Duration
	rssKiB int64
	exit   int
	// cpu is the child's user and system CPU time: on a machine of few
	// cores, the farm and authspec share them, and wall time cannot go
	// below their CPU times added up, divided by the cores.
	cpu time.Duration
}

// launch runs args[1:] with this process's output and environment and
// writes what it measured to args[0]. It exits with the child's code.
func launch(args []string) int {
	if len(args) < 2 {
		fmt.Fprintln(os.Stderr, "wholerun launch-child: need a stats file and a command")
		return 2
	}
	cmd := exec.Command(args[1], args[2:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, os.Stdout, os.Stderr
	start := time.Now()
	err := cmd.Run()
	l := launched{wall: time.Since(start)}
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		fmt.Fprintln(os.Stderr, "wholerun launch-child:", err)
		return 2
	}
	l.exit = cmd.ProcessState.ExitCode()
	l.rssKiB = maxRSSKiB(cmd.ProcessState)
	l.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	stats := fmt.Sprintf("%d %d %d %d\n", l.wall, l.rssKiB, l.exit, l.cpu)
	if err := os.WriteFile(args[0], []byte(stats), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "wholerun launch-child:", err)
		return 2
	}
	return l.exit
}

// readLaunched reads the file launch wrote.
func readLaunched(path string) (launched, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return launched{}, fmt.Errorf("the launcher left no stats: %w", err)
	}
	f := strings.Fields(string(data))
	if len(f) != 4 {
		return launched{}, fmt.Errorf("%s: %q is not wall, RSS, exit code and CPU time", path, data)
	}
	var n [4]int64
	for i, s := range f {
		if n[i], err = strconv.ParseInt(s, 10, 64); err != nil {
			return launched{}, fmt.Errorf("%s: %w", path, err)
		}
	}
	return launched{wall: time.Duration(n[0]), rssKiB: n[1], exit: int(n[2]), cpu: time.Duration(n[3])}, nil
}

// maxRSSKiB is a child's peak resident set from its rusage: Linux gives
// it in KiB, macOS in bytes. 0 where there is no rusage.
func maxRSSKiB(ps *os.ProcessState) int64 {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	if runtime.GOOS == "darwin" {
		return int64(ru.Maxrss) / 1024
	}
	return int64(ru.Maxrss)
}
