package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"

	"github.com/authspec/authspec/bench/internal/farm"
)

// child is what the authspec process left behind.
type child struct {
	launched
	logTail string // the end of its output when it did not exit 0
}

// runChild runs `authspec run` as its own process, through the launcher
// (see launchArg), so the wall time and the peak RSS are the whole
// command's, startup and report writing included, and nobody else's. Its
// output goes to logPath, next to which the launcher writes its stats.
func runChild(o options, targetsFile, reports, logPath string) (child, error) {
	self, err := os.Executable()
	if err != nil {
		return child{}, err
	}
	logFile, err := os.Create(logPath)
	if err != nil {
		return child{}, err
	}
	defer logFile.Close()
	stats := filepath.Join(filepath.Dir(logPath), "launch.stats")
	args := []string{launchArg, stats,
		o.bin, "run", "-targets", targetsFile, "-reports", reports, "-parallel", strconv.Itoa(o.parallel)}
	cmd := exec.Command(self, append(args, o.extra...)...)
	cmd.Env = append(os.Environ(), "FARM_USER="+farm.Username, "FARM_PASS="+farm.Password, "NO_COLOR=1")
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.Run() // the exit code is in the stats; a launcher failure leaves none
	l, err := readLaunched(stats)
	if err != nil {
		return child{}, fmt.Errorf("running %s: %w\n%s", o.bin, err, tail(logPath, 2048))
	}
	c := child{launched: l}
	if c.exit != 0 {
		c.logTail = tail(logPath, 2048)
	}
	return c, nil
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
