package config

import (
	"strconv"
	"strings"
)

// Error is the one clear reason a targets file was rejected. Loading stops
// at the first mistake: a pipeline author fixes one line, runs again, and is
// never buried under errors that all follow from the first.
//
// Error never quotes a credential or a header value: both may be secrets.
type Error struct {
	File string
	// Line and Column are 1-based; 0 when the mistake has no place in the
	// file (it is empty, unreadable or too large).
	Line, Column int
	// Field is the path of the offending field, e.g. "targets[0].resources[1]";
	// empty for mistakes about the whole file.
	Field string
	// Msg says what is wrong; Hint, when not empty, says how to fix it.
	Msg  string
	Hint string
}

// Error reads like
//
//	targets.yaml:12: targets[0].resources[1]: path "admin" must start with "/" (write "/admin")
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteString(":" + strconv.Itoa(e.Line))
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	b.WriteString(e.Msg)
	if e.Hint != "" {
		b.WriteString(" (" + e.Hint + ")")
	}
	return b.String()
}

// Warning is something legal but unwise in a targets file, such as a
// password written out in it. Warnings never stop loading.
type Warning struct {
	File  string
	Line  int
	Field string
	Msg   string
}

// String reads like an Error without a hint.
func (w Warning) String() string {
	e := Error{File: w.File, Line: w.Line, Field: w.Field, Msg: w.Msg}
	return e.Error()
}
