package report

import "testing"

func outcomes(os ...Outcome) []Result {
	var rs []Result
	for _, o := range os {
		rs = append(rs, Result{Outcome: o})
	}
	return rs
}

func TestVerdict(t *testing.T) {
	tests := []struct {
		name    string
		results []Result
		want    string
	}{
		{"no results", nil, "pass"},
		{"all pass", outcomes(Pass, Pass), "pass"},
		{"warn info skip do not fail", outcomes(Pass, Warn, Info, Skip), "pass"},
		{"one fail", outcomes(Pass, Fail, Warn), "fail"},
		{"error beats fail", outcomes(Fail, Error, Fail), "error"},
		{"error first", outcomes(Error, Pass), "error"},
		{"unknown outcome is error", outcomes(Pass, "bogus"), "error"},
		{"empty outcome is error", outcomes(""), "error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Verdict(tt.results); got != tt.want {
				t.Errorf("Verdict = %q, want %q", got, tt.want)
			}
			target := Target{Verdict: "stale", Results: tt.results}
			target.ComputeVerdict()
			if target.Verdict != tt.want {
				t.Errorf("ComputeVerdict set %q, want %q", target.Verdict, tt.want)
			}
		})
	}
}

func TestExitCode(t *testing.T) {
	tests := []struct {
		name    string
		targets []Target
		want    int
	}{
		{"no targets", nil, 0},
		{"all pass", []Target{{Results: outcomes(Pass)}, {Results: outcomes(Warn, Skip)}}, 0},
		{"empty target passes", []Target{{}}, 0},
		{"one fail", []Target{{Results: outcomes(Pass)}, {Results: outcomes(Fail)}}, 1},
		{"one error", []Target{{Results: outcomes(Error)}}, 1},
		{"recorded error survives clean results", []Target{{Verdict: "error", Results: outcomes(Pass)}}, 1},
		{"stale pass cannot hide a failure", []Target{{Verdict: "pass", Results: outcomes(Fail)}}, 1},
		{"unknown recorded verdict is not a pass", []Target{{Verdict: "maybe"}}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run := &Run{Version: 1, Targets: tt.targets}
			if got := run.ExitCode(); got != tt.want {
				t.Errorf("ExitCode = %d, want %d", got, tt.want)
			}
		})
	}
	if got := (*Run)(nil).ExitCode(); got != 0 {
		t.Errorf("nil run ExitCode = %d, want 0", got)
	}
}

func TestWorse(t *testing.T) {
	tests := []struct{ a, b, want string }{
		{"", "", "pass"},
		{"pass", "fail", "fail"},
		{"fail", "pass", "fail"},
		{"error", "fail", "error"},
		{"fail", "weird", "error"},
	}
	for _, tt := range tests {
		if got := worse(tt.a, tt.b); got != tt.want {
			t.Errorf("worse(%q, %q) = %q, want %q", tt.a, tt.b, got, tt.want)
		}
	}
}
