package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"

	"github.com/authspec/authspec/internal/probe"
)

// cmdVersion prints the version, the commit and the Go version: what a
// bug report needs. The commit comes from the build information Go stamps
// into a binary built from a git checkout; the version from make release
// (probe.Version).
func cmdVersion(args []string) int {
	if len(args) > 0 {
		fmt.Fprintf(os.Stderr, "authspec version: unexpected argument %q\nusage: authspec version\n", args[0])
		return 2
	}
	info, _ := debug.ReadBuildInfo()
	writeVersion(os.Stdout, info)
	return 0
}

// writeVersion writes the version lines from info (nil: no build
// information, as in a test binary).
func writeVersion(w io.Writer, info *debug.BuildInfo) {
	commit, modified, goVersion := "unknown", "", runtime.Version()
	if info != nil {
		goVersion = info.GoVersion
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				commit = s.Value
			case "vcs.modified":
				if s.Value == "true" {
					modified = " (modified)"
				}
			}
		}
	}
	fmt.Fprintf(w, "authspec %s\ncommit %s%s\ngo %s %s/%s\n", probe.Version, commit, modified, goVersion, runtime.GOOS, runtime.GOARCH)
}
