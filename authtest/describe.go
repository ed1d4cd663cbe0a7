package authtest

import (
	"os"

	"github.com/authspec/authspec/internal/suite"
)

// Config says how DescribeConfig mounts authspec's spec tree.
type Config struct {
	// Targets is the targets.yaml to probe, relative to the test's working
	// directory (the package's folder under `go test` and `ginkgo`).
	Targets string
	// Reports, when set, is the folder authspec's reports are written to
	// (junit.xml, results.json, report.html, summary.md, SARIF, code
	// quality), as `authspec run -reports` writes them; the environment's
	// AUTHSPEC_REPORTS serves when it is empty. With neither, no report is
	// written: the specs' failures are the report.
	Reports string
	// Parallel caps the requests in flight across all targets (0: 64, as
	// in a run); each target's own concurrency and rate hold too.
	Parallel int
}

// DescribeTargets mounts authspec's own spec tree, built from the targets
// file at path, inside the caller's Ginkgo suite:
//
//	var _ = authtest.DescribeTargets("testdata/targets.yaml")
//
// The specs are those of `authspec run` (authspec › target › "GET
// /path", one per method of a resource) with the same labels
// (target:..., probe:..., rfc6750, scheme:bearer, level:must, mission),
// so `ginkgo --label-filter` selects among authspec's probes and rules as
// `authspec run -labels` does; a probe no selected spec needs sends
// nothing. Each spec fails with authspec's findings. The requests go out
// in the background from the first of these specs on, within each
// target's limits, in one Ordered container (under `ginkgo -p` one process
// sends them).
func DescribeTargets(path string) bool {
	return DescribeConfig(Config{Targets: path})
}

// DescribeConfig is DescribeTargets with a Config: the reports folder and
// the cap on requests in flight.
func DescribeConfig(c Config) bool {
	reports := c.Reports
	if reports == "" {
		reports = os.Getenv("AUTHSPEC_REPORTS")
	}
	return suite.Mount(suite.Options{Targets: c.Targets, Reports: reports, Parallel: c.Parallel})
}
