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
		part := Split(units, Shard{k, n})
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
		if !reflect.DeepEqual(keys(Split(a, Shard{k, 3})), keys(Split(b, Shard{k, 3}))) {
			t.Errorf("shard %d/3 differs between two identical plans", k)
		}
	}
	if got := Split(a, Shard{}); len(got) != len(a) {
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
