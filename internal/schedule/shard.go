package schedule

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Shard is one of N deterministic parts of a run, numbered from 1, for
// splitting a run across CI machines. The zero Shard is the whole run.
type Shard struct {
	Index, Count int
}

// Whole reports whether the shard is the whole run.
func (s Shard) Whole() bool { return s.Count <= 1 }

// String writes the shard as "2/4", or "" for the whole run.
func (s Shard) String() string {
	if s.Whole() {
		return ""
	}
	return strconv.Itoa(s.Index) + "/" + strconv.Itoa(s.Count)
}

// ParseShard reads "K/N" with 1 <= K <= N. An empty string is the whole run.
func ParseShard(v string) (Shard, error) {
	if v == "" {
		return Shard{}, nil
	}
	k, n, ok := strings.Cut(v, "/")
	ki, err1 := strconv.Atoi(k)
	ni, err2 := strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil || ni < 1 || ki < 1 || ki > ni || ni > 1000 {
		return Shard{}, fmt.Errorf("shard %q: write K/N with 1 <= K <= N <= 1000, e.g. 2/4", v)
	}
	return Shard{Index: ki, Count: ni}, nil
}

// ShardBy is what a shard takes whole: a target (the default) or a
// resource.
type ShardBy string

const (
	// ByTarget deals whole targets to the shards: each target's requests
	// all come from one machine, so its rate and concurrency hold as
	// configured.
	ByTarget ShardBy = "target"
	// ByResource deals resources, spreading a big target over the
	// machines; each shard then gets a share of the target's limits (see
	// ShareLimits), or N machines would send N times the configured rate.
	ByResource ShardBy = "resource"
)

// ParseShardBy reads "target" or "resource"; empty is ByTarget.
func ParseShardBy(v string) (ShardBy, error) {
	switch ShardBy(v) {
	case "", ByTarget:
		return ByTarget, nil
	case ByResource:
		return ByResource, nil
	}
	return "", fmt.Errorf("shard-by %q: write target (each target on one shard, the default) or resource (a target's resources spread, its rate and concurrency divided among the shards)", v)
}

// DividesLimits reports whether shard s, split by, divides each target's
// rate and concurrency among the shards.
func DividesLimits(s Shard, by ShardBy) bool { return !s.Whole() && by == ByResource }

// ShareLimits is one shard's share of a target's concurrency and rate
// (requests per second, 0 for none): the whole of them, unless the run is
// split by resource, when each of the N shards gets 1/N of the rate and
// of the concurrency (at least one request at a time), so that the shards
// together keep the rate the target asked for.
func ShareLimits(concurrency int, rate float64, s Shard, by ShardBy) (int, float64) {
	if !DividesLimits(s, by) {
		return concurrency, rate
	}
	return max(concurrency/s.Count, 1), rate / float64(s.Count)
}

// pair is one part of the plan that a shard takes whole with its units:
// a target, or a (target, resource), so all of a resource's methods run on
// one machine.
type pair struct {
	target, resource int
	units            []*Unit
	weight           int
}

// Split returns the units of shard s. The targets (or, split by
// resource, the resources) are dealt to the shards by request count,
// heaviest first, each to the shard with the least work so far (ties to
// the lower shard), so the split depends only on the plan: every machine
// given the same targets file computes the same one.
func Split(units []*Unit, s Shard, by ShardBy) []*Unit {
	if s.Whole() {
		return units
	}
	var pairs []*pair
	byKey := map[[2]int]*pair{}
	for _, u := range units {
		k := [2]int{u.Target, -1}
		if by == ByResource {
			k[1] = u.Resource
		}
		p := byKey[k]
		if p == nil {
			p = &pair{target: u.Target, resource: u.Resource}
			byKey[k] = p
			pairs = append(pairs, p)
		}
		p.units = append(p.units, u)
		p.weight += max(u.Requests, 1)
	}
	order := make([]*pair, len(pairs))
	copy(order, pairs)
	sort.SliceStable(order, func(i, j int) bool { return order[i].weight > order[j].weight })
	load := make([]int, s.Count)
	mine := map[*pair]bool{}
	for _, p := range order {
		least := 0
		for i := range load {
			if load[i] < load[least] {
				least = i
			}
		}
		load[least] += p.weight
		if least == s.Index-1 {
			mine[p] = true
		}
	}
	var out []*Unit
	for _, p := range pairs { // configuration order
		if mine[p] {
			out = append(out, p.units...)
		}
	}
	return out
}
