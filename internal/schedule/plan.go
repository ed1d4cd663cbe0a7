package schedule

// Unit is one method on one resource of one target: the probes that run on
// it share what the unauthenticated request learned, so they run in order,
// one after the other, while units run concurrently.
type Unit struct {
	// Target and Resource index the target and its resource in the
	// configuration; Method and Path name the request.
	Target, Resource int
	Method, Path     string
	// Order is the unit's place in the whole plan, the same in every
	// shard, so that merged shards come out in configuration order.
	Order int
	// Probes are the probes that run on the unit, in order. Only probes
	// that a selected spec needs are listed: a probe filtered out sends
	// nothing.
	Probes []string
	// Requests estimates the requests the unit sends, before retries; it
	// balances shards.
	Requests int

	done chan struct{}
}

// Selected reports whether any probe of the unit will run.
func (u *Unit) Selected() bool { return len(u.Probes) > 0 }

// Select keeps the probes of the unit that keep accepts, in order.
func (u *Unit) Select(keep func(probe string) bool) {
	out := u.Probes[:0]
	for _, p := range u.Probes {
		if keep(p) {
			out = append(out, p)
		}
	}
	u.Probes = out
}
