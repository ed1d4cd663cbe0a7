// Package report holds authspec's result model and the writers that render
// it: JUnit XML, results.json and the terminal summary.
package report

// Outcome is what became of one check on one exchange. The categories are
// kept distinct: error means the target could not be tested, fail means it
// broke a rule.
type Outcome string

const (
	Pass  Outcome = "pass"
	Fail  Outcome = "fail"
	Warn  Outcome = "warn"
	Skip  Outcome = "skip"  // waived or not applicable; Message says which
	Error Outcome = "error" // unreachable, timeout, TLS failure, not HTTP
	Info  Outcome = "info"
)

// Evidence lets a reader see and reproduce what happened. Credentials are
// already redacted.
type Evidence struct {
	Request  string `json:"request"`
	Response string `json:"response"`
	Curl     string `json:"curl"`
}

// Result is one check's outcome on one probe of one resource.
type Result struct {
	Check    string    `json:"check"`   // rule ID
	RFC      string    `json:"rfc"`     // "RFC 9110"
	Section  string    `json:"section"` // "11.6.1"
	Level    string    `json:"level"`   // MUST, SHOULD, MAY, security, info
	Outcome  Outcome   `json:"outcome"`
	Resource string    `json:"resource"` // path
	Method   string    `json:"method"`
	Probe    string    `json:"probe"`
	Variant  string    `json:"variant,omitempty"` // e.g. "basic", "same-connection"
	Message  string    `json:"message"`
	Evidence *Evidence `json:"evidence,omitempty"`
}

// Target is one target's results.
type Target struct {
	Name     string   `json:"name"`
	URL      string   `json:"url"`
	Kind     string   `json:"kind"`
	Verdict  string   `json:"verdict"` // pass, fail or error
	Requests int      `json:"requests"`
	Protocol string   `json:"protocol,omitempty"` // e.g. HTTP/1.1, HTTP/2.0
	Results  []Result `json:"results"`
}

// Run is the whole of results.json.
type Run struct {
	Version int      `json:"version"`
	Targets []Target `json:"targets"`
}
