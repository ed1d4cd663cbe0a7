package suite

import (
	"context"
	"time"

	"github.com/authspec/authspec/internal/probe"
)

// Probe is one kind of request sequence the suite sends to every resource,
// with the relational rules that judge its answers. Single-response rules
// run on every exchange of every probe: nothing the target answers escapes.
type Probe struct {
	Name string
	// Doc is one line on what the probe sends and expects.
	Doc string
	// Applies reports whether the probe runs on r (nil: always).
	Applies func(r *Resource) bool
	// Run sends the probe's requests and judges them.
	Run func(ctx context.Context, r *Resource, c *probe.Client, j Judging) *Verdicts
	// Judges lists the relational rules Run judges, besides the
	// single-response rules every exchange gets: with the catalogue, it
	// makes the plan of a unit's checks (planned.go), which must not
	// depend on what the server answers.
	Judges []string
	// Requests is an upper bound of the requests one run sends (before
	// retries), used to size the spec's timeout.
	Requests int
}

// Probes lists every probe in the order the specs run them: the
// unauthenticated one first, since the others answer its challenges.
func Probes() []Probe {
	return []Probe{
		unauthenticatedProbe,
		discoveryProbe,
		badCredentialsProbe,
		malformedProbe,
		repeatedProbe,
		headProbe,
		controlProbe,
		digestAbuseProbe,
		dpopForgeryProbe,
		queryTokenProbe,
		limitedProbe,
		browserProbe,
	}
}

// judgeAll runs the single-response rules on every exchange, so that every
// 401 and 407 any probe receives is judged.
func judgeAll(v *Verdicts, j Judging, exs []*probe.Exchange) {
	for _, ex := range exs {
		v.single(j, ex)
	}
}

// answered returns the exchanges that got a response, dropping those that
// could not be tested (judgeAll already reported them as errors).
func answered(exs []*probe.Exchange) []*probe.Exchange {
	var out []*probe.Exchange
	for _, ex := range exs {
		if ex.Err == nil {
			out = append(out, ex)
		}
	}
	return out
}

// now is the clock waivers are judged by; a variable so tests can move it.
var now = time.Now
