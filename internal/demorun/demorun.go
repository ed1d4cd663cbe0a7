// Package demorun makes a real run to look at: the suite, in this process,
// against a few of authspec's own fixture servers on loopback and the
// built-in reference server. The run has a passing target, failing ones
// (among them a grammar error with a byte offset), warnings, infos and an
// unreachable target, so each outcome shows. The report's browser test and
// `make screenshot` use it.
package demorun

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/authspec/authspec/internal/fixtures"
	"github.com/authspec/authspec/internal/refserver"
	"github.com/authspec/authspec/internal/report"
	"github.com/authspec/authspec/internal/suite"
)

// Fixtures are the fixture servers the run probes, by name.
var Fixtures = []string{
	"no-challenge",                // fails the mission: no challenge at all
	"unterminated-quote",          // a grammar error, with its byte offset
	"realm-token",                 // a grammar error in a Basic realm
	"bearer-bare",                 // fails a Bearer rule, warns on another
	"empty-body",                  // fails the diagnostic body
	"several-challenges-one-line", // unusual but correct
}

// Unreachable is the name of the target that nothing listens on, so it
// ends in error: could not be tested.
const Unreachable = "unreachable"

// Reference is the name of the target on the built-in reference server,
// which passes.
const Reference = "reference"

// Credential variables the targets file refers to; Run sets them.
const (
	userVar  = "AUTHSPEC_DEMO_USER"
	passVar  = "AUTHSPEC_DEMO_PASS"
	tokenVar = "AUTHSPEC_DEMO_TOKEN"
)

// Run starts the fixtures, writes dir/targets.yaml, runs the suite with its
// reports in dir/reports and returns the run read back from results.json.
// The suite's own output goes to out. The fixtures are stopped before Run
// returns. It sets the credential variables the targets file names in
// this process's environment, as a user would in a shell. The suite runs
// once per process: call Run once.
func Run(dir string, out io.Writer) (*report.Run, error) {
	var b strings.Builder
	b.WriteString("defaults:\n  timeout: 3s\n  rate: 200\n  concurrency: 4\ntargets:\n")
	fmt.Fprintf(&b, "  - name: %s\n    url: builtin:reference\n    resources: [/basic/, /digest/, /bearer/, {path: /multi/, methods: [GET, POST]}]\n", Reference)
	for _, name := range Fixtures {
		f, ok := fixtures.ByName(name)
		if !ok {
			return nil, fmt.Errorf("demorun: no fixture %q", name)
		}
		url, stop, err := f.Start()
		if err != nil {
			return nil, fmt.Errorf("demorun: starting fixture %s: %w", name, err)
		}
		defer stop()
		writeTarget(&b, f, url)
	}
	port, err := closedPort()
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(&b, "  - name: %s\n    url: http://127.0.0.1:%d\n    resources: [/]\n", Unreachable, port)

	targets := filepath.Join(dir, "targets.yaml")
	if err := os.WriteFile(targets, []byte(b.String()), 0o644); err != nil {
		return nil, err
	}
	for k, v := range map[string]string{userVar: refserver.Username, passVar: refserver.Password, tokenVar: refserver.Token} {
		if err := os.Setenv(k, v); err != nil {
			return nil, err
		}
	}
	reports := filepath.Join(dir, "reports")
	code := suite.Run(suite.Options{Targets: targets, Reports: reports, Stdout: out, Stderr: out},
		types.NewDefaultSuiteConfig(), quietReporter())
	if code != suite.ExitFail {
		return nil, fmt.Errorf("demorun: the run exited %d, want %d (its fixtures fail)", code, suite.ExitFail)
	}
	f, err := os.Open(filepath.Join(reports, report.JSONFile))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return report.ReadJSON(f)
}

func writeTarget(b *strings.Builder, f fixtures.Fixture, url string) {
	fmt.Fprintf(b, "  - name: %s\n    url: %s\n    kind: %s\n", f.Name, url, f.Kind)
	if f.Through != "" {
		fmt.Fprintf(b, "    through: %s\n", f.Through)
	}
	b.WriteString("    resources:\n")
	for _, r := range f.Resources {
		fmt.Fprintf(b, "      - %s\n", r)
	}
	if f.Credentials {
		fmt.Fprintf(b, "    credentials: {username: \"${%s}\", password: \"${%s}\", token: \"${%s}\"}\n", userVar, passVar, tokenVar)
	}
}

// closedPort returns a loopback port that nothing listens on: one the
// system handed out and that was closed again.
func closedPort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	addr, ok := l.Addr().(*net.TCPAddr)
	l.Close()
	if !ok {
		return 0, errors.New("demorun: no TCP port")
	}
	return addr.Port, nil
}

// quietReporter keeps Ginkgo's own output short.
func quietReporter() types.ReporterConfig {
	rc := types.NewDefaultReporterConfig()
	rc.NoColor = true
	rc.Succinct = true
	return rc
}
