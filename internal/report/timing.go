package report

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Where a run's time went. The JUnit case times are shares of it, scaled
// so that what CI readers add up stays within the run's wall time (see
// settleCaseTimes); the real figures are kept here: the target's wall
// time and its slowest resources, in junit.xml's "elapsed" property, in
// results.json's "timing" and in report.html.

// maxSlowest is how many of a target's slowest resources are kept.
const maxSlowest = 5

// slowUnit is one of a target's slowest resources.
type slowUnit struct {
	Method    string `json:"method"`
	Resource  string `json:"resource"`
	ElapsedMS int64  `json:"elapsed_ms"`
}

// jsonTiming is a target's timing in results.json.
type jsonTiming struct {
	// ElapsedMS is the target's wall time: from its first request to its
	// last answer, its resources running concurrently.
	ElapsedMS int64 `json:"elapsed_ms"`
	// Slowest are its slowest resources, each from its first request to
	// its last answer.
	Slowest []slowUnit `json:"slowest,omitempty"`
	// SlowestRequests are its slowest requests, each from sending it to
	// its answer (a pass that sums up several requests counts as their
	// mean).
	SlowestRequests []slowRequest `json:"slowest_requests,omitempty"`
}

// slowRequest is one of a target's slowest requests.
type slowRequest struct {
	Method    string `json:"method"`
	Resource  string `json:"resource"`
	Probe     string `json:"probe"`
	ElapsedMS int64  `json:"elapsed_ms"`
}

// slowestRequests returns t's slowest requests, slowest first. Every
// rule judging a request carries its time, so a request is keyed by
// method, resource and probe request, and counted once.
func slowestRequests(t *Target) []slowRequest {
	at := map[string]int{}
	var all []slowRequest
	for i := range t.Results {
		r := &t.Results[i]
		if r.Elapsed <= 0 {
			continue
		}
		d := (r.Elapsed / time.Duration(max(r.Count, 1))).Milliseconds()
		k := r.Method + " " + r.Resource + " " + r.ProbeName()
		if j, ok := at[k]; ok {
			all[j].ElapsedMS = max(all[j].ElapsedMS, d)
			continue
		}
		at[k] = len(all)
		all = append(all, slowRequest{Method: r.Method, Resource: r.Resource, Probe: r.ProbeName(), ElapsedMS: d})
	}
	sort.SliceStable(all, func(a, b int) bool { return all[a].ElapsedMS > all[b].ElapsedMS })
	return all[:min(len(all), maxSlowest)]
}

// slowestUnits returns t's slowest units, slowest first.
func slowestUnits(t *Target) []slowUnit {
	idx := make([]int, 0, len(t.Units))
	for i := range t.Units {
		if t.Units[i].Elapsed > 0 {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return t.Units[idx[a]].Elapsed > t.Units[idx[b]].Elapsed })
	var out []slowUnit
	for _, i := range idx[:min(len(idx), maxSlowest)] {
		u := &t.Units[i]
		out = append(out, slowUnit{Method: u.Method, Resource: u.Resource, ElapsedMS: u.Elapsed.Milliseconds()})
	}
	return out
}

// timingOf is t's timing for results.json; nil when its time is unknown.
func timingOf(t *Target) *jsonTiming {
	if t.timing != nil { // read from results.json: written back as read
		return t.timing
	}
	if t.Elapsed <= 0 {
		return nil
	}
	return &jsonTiming{ElapsedMS: t.Elapsed.Milliseconds(), Slowest: slowestUnits(t), SlowestRequests: slowestRequests(t)}
}

// timingText is "12.503s; slowest GET /admin 1.200s, ...", or "unknown".
func timingText(t *Target) string {
	if t.Elapsed <= 0 {
		return "unknown"
	}
	text := fmt.Sprintf("%.3fs", t.Elapsed.Seconds())
	var parts []string
	for _, u := range slowestUnits(t) {
		parts = append(parts, fmt.Sprintf("%s %s %.3fs", u.Method, u.Resource, (time.Duration(u.ElapsedMS)*time.Millisecond).Seconds()))
	}
	if len(parts) > 0 {
		text += "; slowest " + strings.Join(parts, ", ")
	}
	if rs := slowestRequests(t); len(rs) > 0 {
		r := rs[0]
		text += fmt.Sprintf("; slowest request %s %s %s %.3fs", r.Method, r.Resource, r.Probe, (time.Duration(r.ElapsedMS) * time.Millisecond).Seconds())
	}
	return text
}
