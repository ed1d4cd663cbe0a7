package openapi

import "github.com/authspec/authspec/internal/config"

// Verdict is what authspec makes of one operation of a document.
type Verdict string

const (
	// Protected operations are probed: the document declares a security
	// requirement that is not empty.
	Protected Verdict = "protected"
	// Public operations are not probed: `security: []`, a requirement list
	// holding `{}`, or no security declared at all.
	Public Verdict = "public"
	// Skipped operations are secured but cannot be probed (a path
	// parameter without a value) or were left out by include/exclude.
	Skipped Verdict = "skipped"
)

// Operation is one operation of a target's document and its verdict. The
// discover command prints these; Expand turns the protected ones into
// config.Resources.
type Operation struct {
	Target string
	// Method is upper case; Template is the path as the document writes it.
	Method, Template string
	// Line is the operation's line in the document (0 when unknown).
	Line    int
	Verdict Verdict
	// Path is the request path (base path joined with Template, parameters
	// filled); empty when the operation was skipped for its parameters.
	Path string
	// Reason says why an operation is public or skipped.
	Reason string
	// Declared is what the probes and rules need about a protected or
	// skipped secured operation; nil for a public one.
	Declared *config.DeclaredOperation
}

// Report is what Expand learnt about one target's document, for discover.
type Report struct {
	Target string
	// Document is the document as written in targets.yaml.
	Document string
	// Version is the document's openapi (or swagger) version.
	Version string
	// BasePath is the base path used ("" for the root).
	BasePath   string
	Operations []Operation
	// Merged counts hand-listed resource methods the document also
	// declares: they are probed once, with what the document says.
	Merged int
}

// Counts returns how many operations have each verdict.
func (r *Report) Counts() map[Verdict]int {
	out := map[Verdict]int{}
	for _, op := range r.Operations {
		out[op.Verdict]++
	}
	return out
}
