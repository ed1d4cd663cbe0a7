package main

import (
	"fmt"
	"os/exec"
	"strings"
)

// Markdown renders the README table "what real servers do" from the
// expectation, so the table and the test cannot drift apart. version gives
// the installed version of a Debian package.
func Markdown(e *Expected, version func(pkg string) string) string {
	var b strings.Builder
	b.WriteString("| Server | Debian package | Location | Verdict | Failures and warnings |\n")
	b.WriteString("| --- | --- | --- | --- | --- |\n")
	for i := range e.Targets {
		t := &e.Targets[i]
		fmt.Fprintf(&b, "| %s | %s %s | %s | %s | %s |\n",
			cell(t.Server), cell(t.Package), cell(version(t.Package)), cell(t.Location), t.Verdict, findingsCell(t))
	}
	return b.String()
}

// findingsCell lists every failing and warning rule of t with its reason,
// one per line of the cell.
func findingsCell(t *Target) string {
	var lines []string
	for _, id := range sortedKeys(t.Fail) {
		lines = append(lines, fmt.Sprintf("fail `%s`: %s", id, cell(t.Fail[id])))
	}
	for _, id := range sortedKeys(t.Warn) {
		lines = append(lines, fmt.Sprintf("warn `%s`: %s", id, cell(t.Warn[id])))
	}
	if len(lines) == 0 {
		return "none"
	}
	return strings.Join(lines, "<br>")
}

// cell makes s safe inside a Markdown table cell.
func cell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.ReplaceAll(s, "\n", " ")
}

// dpkgVersion asks dpkg for the installed version of pkg.
func dpkgVersion(pkg string) string {
	out, err := exec.Command("dpkg-query", "-W", "-f=${Version}", pkg).Output()
	if err != nil || len(out) == 0 {
		return "(not installed)"
	}
	return strings.TrimSpace(string(out))
}
