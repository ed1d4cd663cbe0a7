package suite

import (
	"testing"

	"github.com/authspec/authspec/internal/config"
	"github.com/authspec/authspec/internal/schedule"
)

// shardConfig is two targets with limits, three resources each.
func shardConfig() *config.Config {
	cfg := &config.Config{}
	for _, name := range []string{"a", "b"} {
		t := config.Target{Name: name, URL: "http://127.0.0.1:1", Kind: config.Origin, Concurrency: 4, Rate: 5}
		for _, p := range []string{"/1", "/2", "/3"} {
			t.Resources = append(t.Resources, config.Resource{Path: p, Methods: []string{"GET"}})
		}
		cfg.Targets = append(cfg.Targets, t)
	}
	return cfg
}

// By default each target is on one shard with its limits whole; split by
// resource, each shard gets its share of them.
func TestShardLimits(t *testing.T) {
	for _, tc := range []struct {
		by       schedule.ShardBy
		wantConc int
		wantRate float64
	}{
		{"", 4, 5},
		{schedule.ByTarget, 4, 5},
		{schedule.ByResource, 2, 2.5},
	} {
		perTarget := map[int]int{}
		for k := 1; k <= 2; k++ {
			st := newRunState(shardConfig(), Options{Shard: schedule.Shard{Index: k, Count: 2}, ShardBy: tc.by})
			for _, rt := range st.rts {
				if c, r := rt.gate.Concurrency(), rt.gate.Rate(); c != tc.wantConc || r != tc.wantRate {
					t.Errorf("shard-by %q: a target's gate allows %d at once and %v/s, want %d and %v", tc.by, c, r, tc.wantConc, tc.wantRate)
				}
			}
			shardsHolding := map[int]bool{}
			for _, u := range st.units {
				shardsHolding[u.Target] = true
			}
			for ti := range shardsHolding {
				perTarget[ti]++
			}
		}
		for ti, n := range perTarget {
			if tc.by != schedule.ByResource && n != 1 {
				t.Errorf("shard-by %q: target %d is on %d shards, want 1", tc.by, ti, n)
			}
		}
	}
}
