package report

import (
	"strconv"
	"strings"
)

// Scope says in one line what part of the plan a run covered, when it was
// not simply all of it: the shard and how the shards were split (and, by
// resource, that each target's limits were divided among them), and the
// selection. Empty for a whole run of everything.
func Scope(run *Run) string {
	var parts []string
	if run.Shard != "" {
		s := "shard " + run.Shard
		if run.ShardBy != "" {
			s += " by " + run.ShardBy
		}
		if run.ShardBy == "resource" {
			if _, n, ok := strings.Cut(run.Shard, "/"); ok {
				if count, err := strconv.Atoi(n); err == nil && count > 1 {
					s += " (each target's rate and concurrency divided by " + n + ")"
				}
			}
		}
		parts = append(parts, s)
	}
	if run.Selection != nil {
		parts = append(parts, "selection: "+run.Selection.String())
	}
	return strings.Join(parts, "; ")
}

// TerminalSafe escapes what a terminal would act on (ESC, OSC-8 links,
// CR, LF, NUL, C1 controls, bidi overrides, zero-width characters), as
// the run's own terminal output does, for the commands that print bytes
// from a document or a server (discover, validate).
func TerminalSafe(s string) string { return terminalSafe(s) }
