// Package schedule decides when authspec's requests go out. It is the one
// place that knows the plan of a run (which target, resource and method get
// which probes, and which shard of the plan this machine runs), the limits
// that keep authspec polite (each target's concurrency and rate, and a cap
// on requests in flight across all targets), and the order in which work
// starts. The Ginkgo specs in package suite do not send anything
// themselves: each waits for the one result of its resource.
//
// The package knows nothing of HTTP: the probe layer asks a Gate before each
// request, and the suite hands the scheduler a function that runs one unit.
package schedule
