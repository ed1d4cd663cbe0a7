package suite

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/authspec/authspec/internal/report"
)

// selection is what Ginkgo's label filter, focus and skip choose, applied
// to every (probe, group of rules) of every unit: the grain the spec tree
// had when each of them was a spec of its own. authspec applies it itself,
// with Ginkgo's own label-filter parser and the texts Ginkgo would match,
// so that the tree can hold one spec per unit (a run of 1,000 resources
// is 1,000 specs, not 30,000) and a probe nobody selected sends nothing.
type selection struct {
	labels      types.LabelFilter // nil: every label set
	focus, skip *regexp.Regexp    // nil: no focus, no skip
}

// newSelection reads the filter, focus and skip of a Ginkgo configuration.
func newSelection(sc types.SuiteConfig) (selection, error) {
	var s selection
	var err error
	if sc.LabelFilter != "" {
		if s.labels, err = types.ParseLabelFilter(sc.LabelFilter); err != nil {
			return s, fmt.Errorf("label filter %q: %v", sc.LabelFilter, err)
		}
	}
	if len(sc.FocusStrings) > 0 {
		if s.focus, err = regexp.Compile(strings.Join(sc.FocusStrings, "|")); err != nil {
			return s, fmt.Errorf("focus: %v", err)
		}
	}
	if len(sc.SkipStrings) > 0 {
		if s.skip, err = regexp.Compile(strings.Join(sc.SkipStrings, "|")); err != nil {
			return s, fmt.Errorf("skip: %v", err)
		}
	}
	return s, nil
}

// keeps reports whether a (probe, group) with these labels and this text
// ("authspec <target> <METHOD path> <probe> <group>") is selected.
func (s selection) keeps(labels []string, text string) bool {
	if s.labels != nil && !s.labels(labels) {
		return false
	}
	full := "authspec " + text // Ginkgo matches the suite description too
	if s.focus != nil && !s.focus.MatchString(full) {
		return false
	}
	return s.skip == nil || !s.skip.MatchString(full)
}

// selectUnits applies the selection to every unit of the plan (so that a
// shard can tell a selection that selects nothing from a shard that holds
// none of what it selects) and returns how many (probe, group) pairs it
// kept. A unit keeps only the
// probes of its kept pairs, in order; the labels of its spec are the
// union of theirs.
func (st *runState) selectUnits(sel selection) int {
	n := 0
	// Without a focus or skip, which match the resource's path, what a
	// unit keeps depends on its target and probes alone: it is worked out
	// once for all the units that share them, and shared (never modified
	// after).
	memo := map[string]*unitSelection{}
	for _, u := range st.all {
		probes := probesOf(u)
		key := ""
		if sel.focus == nil && sel.skip == nil {
			key = strconv.Itoa(u.Target)
			for _, p := range probes {
				key += " " + p.Name
			}
		}
		us := memo[key]
		if us == nil || key == "" {
			us = st.selectPairs(sel, u, probes)
			if key != "" {
				memo[key] = us
			}
		}
		u.groups, u.labels = us.groups, us.labels
		u.Select(func(p string) bool { return len(u.groups[p]) > 0 })
		n += us.pairs
	}
	return n
}

// unitSelection is what the selection keeps of a unit: per probe, the
// groups of rules kept; the labels of its spec (the union of the kept
// pairs'); and how many pairs it kept.
type unitSelection struct {
	groups map[string]map[*Group]bool
	labels []string
	pairs  int
}

// selectPairs applies the selection to every (probe, group) pair of u.
func (st *runState) selectPairs(sel selection, u *Unit, probes []Probe) *unitSelection {
	t := &st.cfg.Targets[u.Target]
	base := []string{"target:" + sanitizeLabel(t.Name), "kind:" + string(t.Kind)}
	union := map[string]bool{}
	us := &unitSelection{groups: map[string]map[*Group]bool{}}
	for _, p := range probes {
		for _, g := range st.groups {
			labels := append(append(append([]string{}, base...), "probe:"+p.Name), g.Labels...)
			text := strings.Join([]string{"authspec", t.Name, u.Method + " " + u.Path, p.Name, g.Title}, " ")
			if !sel.keeps(labels, text) {
				continue
			}
			if us.groups[p.Name] == nil {
				us.groups[p.Name] = map[*Group]bool{}
			}
			us.groups[p.Name][g] = true
			for _, l := range labels {
				union[l] = true
			}
			us.pairs++
		}
	}
	us.labels = sortedSet(union)
	return us
}

func sortedSet(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// selectionOf is the selection a run was asked for, as the reports name
// it; nil when it selects everything.
func selectionOf(sc types.SuiteConfig) *report.Selection {
	if sc.LabelFilter == "" && len(sc.FocusStrings) == 0 && len(sc.SkipStrings) == 0 {
		return nil
	}
	return &report.Selection{Labels: sc.LabelFilter, Focus: sc.FocusStrings, Skip: sc.SkipStrings}
}
