package suite

import (
	"os"
	"runtime/debug"
	"sync"
)

// probingGCPercent is the garbage collector's target (GOGC) while the
// probes run. Their live heap is small (tens of MB at thousands of
// resources: exchanges are dropped once judged) while they allocate fast
// (every request, response and judgment), so at Go's default of 100 the
// collector runs every few MB and takes a fifth of the CPU, which on a
// small CI machine is taken from the requests. Doubling the target halves
// the collections for a few tens of MB more. The reports are written at
// the default again: their live heap is the largest of the run.
const probingGCPercent = 200

// relaxGC sets probingGCPercent until restore is called, unless the user
// chose a GOGC of their own, which stands.
func relaxGC() (restore func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	old := debug.SetGCPercent(probingGCPercent)
	return sync.OnceFunc(func() { debug.SetGCPercent(old) })
}
