package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"syscall"
	"time"

	"github.com/authspec/authspec/bench/farm"
)

// child is what the authspec process left behind.
type child struct {
	wall    time.Duration
	rssKiB  int64
	exit    int
	logTail string // the end of its output when it did not exit 0
}

// runChild runs `authspec run` as its own process, so the wall time and
// the peak RSS are the whole command's, startup and report writing
// included. Its output goes to logPath.
func runChild(o options, targetsFile, reports, logPath string) (child, error) {
	logFile, err := os.Create(logPath)
	if err != nil {
		return child{}, err
	}
	defer logFile.Close()
	cmd := exec.Command(o.bin, "run", "-targets", targetsFile, "-reports", reports, "-parallel", strconv.Itoa(o.parallel))
	cmd.Env = append(os.Environ(), "FARM_USER="+farm.Username, "FARM_PASS="+farm.Password, "NO_COLOR=1")
	cmd.Stdout, cmd.Stderr = logFile, logFile
	start := time.Now()
	err = cmd.Run()
	c := child{wall: time.Since(start)}
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		return c, fmt.Errorf("running %s: %w", o.bin, err)
	}
	c.exit = cmd.ProcessState.ExitCode()
	c.rssKiB = maxRSSKiB(cmd.ProcessState)
	if c.exit != 0 {
		c.logTail = tail(logPath, 2048)
	}
	return c, nil
}

// maxRSSKiB is the child's peak resident set from its rusage: Linux gives
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

// tail returns at most the last n bytes of a file.
func tail(path string, n int64) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	if int64(len(data)) > n {
		data = data[int64(len(data))-n:]
	}
	return string(data)
}
