package schedule

import (
	"context"
	"reflect"
	"sync"
	"testing"
)

// plan makes units for targets with the given resource counts, each
// resource with methods GET and POST and a request weight that varies.
func plan(resources ...int) []*Unit {
	var out []*Unit
	for ti, n := range resources {
		for ri := range n {
			for _, m := range []string{"GET", "POST"} {
				out = append(out, &Unit{Target: ti, Resource: ri, Method: m, Path: "/", Probes: []string{"p"}, Requests: 1 + (ri*7+ti)%5})
			}
		}
	}
	return out
}

func TestParseShard(t *testing.T) {
	for in, want := range map[string]Shard{"": {}, "1/1": {1, 1}, "2/4": {2, 4}} {
		if got, err := ParseShard(in); err != nil || got != want {
			t.Errorf("ParseShard(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"0/4", "5/4", "4", "a/b", "1/0", "-1/2", "1/1001", "2/4/6"} {
		if _, err := ParseShard(bad); err == nil {
			t.Errorf("ParseShard(%q) accepted", bad)
		}
	}
}

// Every unit lands in exactly one shard, a resource's methods together,
// each shard in configuration order, and the loads are balanced.
func TestSplitPartitionsTheRun(t *testing.T) {
	units := plan(7, 13, 1, 30)
	const n = 4
	seen := map[*Unit]int{}
	load := make([]int, n)
	for k := 1; k <= n; k++ {
		part := Split(units, Shard{k, n}, ByResource)
		for i, u := range part {
			seen[u]++
			load[k-1] += u.Requests
			if i > 0 && indexOf(units, part[i-1]) > indexOf(units, u) {
				t.Errorf("shard %d/%d is out of configuration order", k, n)
			}
		}
		for _, u := range part {
			for _, v := range units {
				if v.Target == u.Target && v.Resource == u.Resource && !contains(part, v) {
					t.Errorf("shard %d/%d has %s of target %d resource %d but not %s", k, n, u.Method, u.Target, u.Resource, v.Method)
				}
			}
		}
	}
	for _, u := range units {
		if seen[u] != 1 {
			t.Fatalf("a unit is in %d shards", seen[u])
		}
	}
	most, least := load[0], load[0]
	for _, l := range load {
		most, least = max(most, l), min(least, l)
	}
	if most-least > 10 { // one resource weighs at most 2×5 requests
		t.Errorf("shard loads %v differ by more than one resource", load)
	}
}

// The split depends only on the plan: the same on every machine.
func TestSplitIsDeterministic(t *testing.T) {
	a, b := plan(5, 9, 3), plan(5, 9, 3)
	for k := 1; k <= 3; k++ {
		if !reflect.DeepEqual(keys(Split(a, Shard{k, 3}, ByResource)), keys(Split(b, Shard{k, 3}, ByResource))) {
			t.Errorf("shard %d/3 differs between two identical plans", k)
		}
	}
	if got := Split(a, Shard{}, ByTarget); len(got) != len(a) {
		t.Errorf("the whole run has %d units, want %d", len(got), len(a))
	}
}

// Start runs every selected unit once, no more workers at a time for a
// target than it allows, and leaves unselected units alone.
func TestStartRunsEachSelectedUnitOnce(t *testing.T) {
	units := plan(3, 10)
	units[0].Probes = nil // filtered out
	var mu sync.Mutex
	ran := map[*Unit]int{}
	busy, most := map[int]int{}, map[int]int{}
	hold := make(chan struct{})
	s := Start(context.Background(), units, func(target int) int { return target + 1 }, func(ctx context.Context, u *Unit) {
		mu.Lock()
		ran[u]++
		busy[u.Target]++
		most[u.Target] = max(most[u.Target], busy[u.Target])
		mu.Unlock()
		<-hold
		mu.Lock()
		busy[u.Target]--
		mu.Unlock()
	})
	close(hold)
	s.Wait()
	for i, u := range units {
		want := 1
		if i == 0 {
			want = 0
		}
		if ran[u] != want {
			t.Errorf("unit %d ran %d times, want %d", i, ran[u], want)
		}
		if err := Wait(context.Background(), u); err != nil || !Done(u) {
			t.Errorf("unit %d not done after the scheduler returned", i)
		}
	}
	if most[0] > 1 || most[1] > 2 {
		t.Errorf("workers at once per target %v, allowed 1 and 2", most)
	}
}

func indexOf(units []*Unit, u *Unit) int {
	for i, v := range units {
		if v == u {
			return i
		}
	}
	return -1
}

func contains(units []*Unit, u *Unit) bool { return indexOf(units, u) >= 0 }

func keys(units []*Unit) [][3]any {
	var out [][3]any
	for _, u := range units {
		out = append(out, [3]any{u.Target, u.Resource, u.Method})
	}
	return out
}

// By default a shard takes targets whole: a target's limits hold because
// one machine sends all its requests.
func TestSplitByTargetKeepsATargetOnOneShard(t *testing.T) {
	units := plan(7, 13, 1, 30, 4)
	const n = 3
	shardsOf := map[int]map[int]bool{} // target -> shards holding any of its units
	total := 0
	for k := 1; k <= n; k++ {
		for _, u := range Split(units, Shard{k, n}, ByTarget) {
			if shardsOf[u.Target] == nil {
				shardsOf[u.Target] = map[int]bool{}
			}
			shardsOf[u.Target][k] = true
			total++
		}
	}
	if total != len(units) {
		t.Fatalf("the shards hold %d units, the plan %d", total, len(units))
	}
	for target, shards := range shardsOf {
		if len(shards) != 1 {
			t.Errorf("target %d is on %d shards %v, want 1", target, len(shards), shards)
		}
	}
	if len(shardsOf) != 5 {
		t.Errorf("%d targets assigned, want 5", len(shardsOf))
	}
}

// Split by resource, a target's resources spread over the shards.
func TestSplitByResourceSpreadsATarget(t *testing.T) {
	units := plan(40)
	seen := map[int]int{}
	for k := 1; k <= 4; k++ {
		seen[k] = len(Split(units, Shard{k, 4}, ByResource))
	}
	for k, n := range seen {
		if n == 0 {
			t.Errorf("shard %d/4 got none of the one target's 40 resources", k)
		}
	}
}

// Split by resource, each shard gets a share of the target's limits, so
// the shards together keep them.
func TestShareLimits(t *testing.T) {
	for _, tc := range []struct {
		s           Shard
		by          ShardBy
		conc        int
		rate        float64
		wantConc    int
		wantRate    float64
		wantDivided bool
	}{
		{Shard{}, ByResource, 8, 5, 8, 5, false},
		{Shard{1, 2}, ByTarget, 8, 5, 8, 5, false},
		{Shard{1, 2}, ByResource, 8, 5, 4, 2.5, true},
		{Shard{2, 4}, ByResource, 2, 0, 1, 0, true}, // no rate stays none; a share is at least 1
		{Shard{3, 3}, ByResource, 9, 1000, 3, 1000.0 / 3, true},
	} {
		c, r := ShareLimits(tc.conc, tc.rate, tc.s, tc.by)
		if c != tc.wantConc || r != tc.wantRate {
			t.Errorf("ShareLimits(%d, %v, %v, %s) = %d, %v; want %d, %v", tc.conc, tc.rate, tc.s, tc.by, c, r, tc.wantConc, tc.wantRate)
		}
		if got := DividesLimits(tc.s, tc.by); got != tc.wantDivided {
			t.Errorf("DividesLimits(%v, %s) = %v, want %v", tc.s, tc.by, got, tc.wantDivided)
		}
	}
}

func TestParseShardBy(t *testing.T) {
	for in, want := range map[string]ShardBy{"": ByTarget, "target": ByTarget, "resource": ByResource} {
		if got, err := ParseShardBy(in); err != nil || got != want {
			t.Errorf("ParseShardBy(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := ParseShardBy("method"); err == nil {
		t.Error("ParseShardBy accepted method")
	}
}
