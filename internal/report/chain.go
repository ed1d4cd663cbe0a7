package report

import (
	"fmt"
	"strings"
)

// The discovery chain (Evidence.Chain) in the writers: a discovery
// finding shows the way from the 401 to the document it is about, hop by
// hop, each with its curl line. Every writer renders it from these two
// helpers, so they say the same.

// chainLines renders a chain as numbered lines: the step, the URL, what
// became of the hop when it was not a plain answer, and indent-prefixed
// curl lines when withCurl is set.
func chainLines(ev *Evidence, indent string, withCurl bool) []string {
	if ev == nil || len(ev.Chain) == 0 {
		return nil
	}
	var out []string
	for i, h := range ev.Chain {
		line := fmt.Sprintf("%d. %s %s", i+1, h.Step, h.URL)
		if status := firstLine(h.Response); status != "" && !strings.HasPrefix(status, "[") {
			line += " -> " + status
		}
		if h.Note != "" {
			line += " (" + h.Note + ")"
		}
		out = append(out, line)
		if withCurl && h.Curl != "" {
			out = append(out, indent+h.Curl)
		}
	}
	return out
}

// chainText is the chain as a block of text for JUnit, SARIF and the
// HTML page, "" when there is none.
func chainText(ev *Evidence) string {
	lines := chainLines(ev, "   ", true)
	if len(lines) == 0 {
		return ""
	}
	return strings.Join(lines, "\n")
}
