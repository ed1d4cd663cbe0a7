package checks

import "fmt"

// Finding is one violation of a rule: what broke, where, and a message a
// server developer can act on.
type Finding struct {
	Rule *Rule
	// Message says what is wrong and how to fix it.
	Message string
	// Evidence holds the offending bytes, verbatim (at most a short excerpt).
	Evidence string
	// Line is the index of the field line the finding is in, among the
	// lines of one field; -1 when it is not about a field line.
	Line int
	// Offset is the byte offset of Evidence within that line; -1 when none.
	Offset int
}

// String renders the finding for terminals and logs.
func (f Finding) String() string {
	s := f.Rule.ID + " (" + f.Rule.Ref() + "): " + f.Message
	if f.Offset >= 0 {
		s += fmt.Sprintf(" [line %d, offset %d]", f.Line, f.Offset)
	}
	if f.Evidence != "" {
		s += fmt.Sprintf(": %q", f.Evidence)
	}
	return s
}

// finding builds a Finding that is not tied to a field line.
func finding(r *Rule, msg string, evidence string) Finding {
	return Finding{Rule: r, Message: msg, Evidence: excerpt(evidence), Line: -1, Offset: -1}
}

// excerpt keeps evidence short enough for a report line.
func excerpt(s string) string {
	const max = 200
	if len(s) <= max {
		return s
	}
	return s[:max] + "…"
}
