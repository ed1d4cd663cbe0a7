package main

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/config"
	"github.com/authspec/authspec/internal/fixtures"
	"github.com/authspec/authspec/internal/openapi"
	"github.com/authspec/authspec/internal/probe"
	"github.com/authspec/authspec/internal/refserver"
	"github.com/authspec/authspec/internal/report"
	"github.com/authspec/authspec/internal/suite"
)

// An example is one verdict of the real suite on a loopback server: a
// fixture from package fixtures, or the built-in reference server.
type example struct {
	Server string // fixture name, or "builtin:reference"
	Why    string // what the server does, in one line
	Result report.Result
}

// ruleExamples are the two examples `authspec explain` shows for a rule:
// one response that breaks it and one that meets it. Either may be nil
// when no server authspec ships does that.
type ruleExamples struct {
	Broken, Correct *example
	// fallback is a correct example from a fixture that is broken in
	// another way, used only when no correct server meets the rule.
	fallback *example
}

// candidate is a server the example finder may start and probe.
type candidate struct {
	name, why string
	// lists is the set of rules the fixture declares it breaks (fail or
	// warn): the preferred broken examples of those rules.
	lists []string
	// correct marks servers meant to break nothing: the preferred correct
	// examples.
	correct bool
	// hostile candidates may hang until the timeout, so only the
	// unauthenticated probe is sent to them.
	hostile bool
	// reference is the built-in reference server, started here with its
	// own lifetime (not the suite's process-wide one, which cannot be
	// started again once stopped).
	reference bool
	fixture   *fixtures.Fixture
	// mcp is an MCP fixture (TLS, POST to its endpoint, the limited token
	// and, for the CORS ones, a browser origin).
	mcp *fixtures.MCPFixture
	// disc is a discovery fixture (TLS, GET of its resource, the MCP
	// revision it declares).
	disc *fixtures.DiscoveryFixture
}

// exampleTimeout bounds each request of the example finder: everything is
// on loopback, and a hostile fixture should cost little.
const exampleTimeout = time.Second

// candidates lists the servers in the order they are tried: the broken
// fixtures that declare a wanted rule, then the correct servers (the
// unusual fixtures and the reference server), then the other broken
// fixtures, and last the hostile fixtures that cannot be tested at all,
// which are the broken examples of rfc9110/response-received.
func candidates(wanted []string) []candidate {
	var lists, others, correct, hostile []candidate
	for _, f := range fixtures.Broken() {
		c := candidate{name: f.Name, why: f.Why, lists: slices.Concat(f.ExpectFail, f.ExpectWarn, f.ExpectInfo), fixture: &f}
		if slices.ContainsFunc(c.lists, func(id string) bool { return slices.Contains(wanted, id) }) {
			lists = append(lists, c)
		} else {
			others = append(others, c)
		}
	}
	for _, f := range fixtures.Unusual() {
		correct = append(correct, candidate{name: f.Name, why: f.Why, correct: true, fixture: &f})
	}
	correct = append(correct, candidate{name: config.BuiltinReference, why: "authspec's own reference server, which meets every rule", correct: true, reference: true})
	for _, f := range fixtures.MCPFixtures() {
		c := candidate{name: f.Name, why: f.Why, lists: slices.Concat(f.ExpectFail, f.ExpectWarn, f.ExpectInfo), mcp: &f}
		switch {
		case len(c.lists) == 0:
			c.correct = true
			correct = append(correct, c)
		case slices.ContainsFunc(c.lists, func(id string) bool { return slices.Contains(wanted, id) }):
			lists = append(lists, c)
		default:
			others = append(others, c)
		}
	}
	for _, f := range fixtures.DiscoveryFixtures() {
		c := candidate{name: f.Name, why: f.Why, lists: slices.Concat(f.ExpectFail, f.ExpectWarn, f.ExpectInfo), disc: &f}
		switch {
		case len(c.lists) == 0:
			c.correct = true
			correct = append(correct, c)
		case slices.ContainsFunc(c.lists, func(id string) bool { return slices.Contains(wanted, id) }):
			lists = append(lists, c)
		default:
			others = append(others, c)
		}
	}
	for _, f := range fixtures.Hostile() {
		if f.ExpectError && slices.Contains(wanted, checks.ResponseReceived.ID) {
			hostile = append(hostile, candidate{name: f.Name, why: f.Why, hostile: true, fixture: &f})
		}
	}
	out := append(lists, correct...)
	out = append(out, others...)
	return append(out, hostile...)
}

// findExamples probes candidate servers on loopback until every wanted
// rule has a broken and a correct example, or the candidates run out. A
// server is probed at most once: its results serve every rule.
func findExamples(ctx context.Context, wanted []string) (map[string]*ruleExamples, error) {
	found := map[string]*ruleExamples{}
	for _, id := range wanted {
		found[id] = &ruleExamples{}
	}
	for _, c := range candidates(wanted) {
		if complete(found) {
			break
		}
		if c.hostile && found[checks.ResponseReceived.ID].Broken != nil {
			continue // hostile fixtures serve that one rule only
		}
		results, err := probeServer(ctx, c)
		if err != nil {
			return nil, fmt.Errorf("starting %s: %w", c.name, err)
		}
		record(found, c, results)
	}
	for _, ex := range found {
		if ex.Correct == nil {
			ex.Correct = ex.fallback
		}
	}
	return found, nil
}

func complete(found map[string]*ruleExamples) bool {
	for _, ex := range found {
		if ex.Broken == nil || ex.Correct == nil {
			return false
		}
	}
	return true
}

// record keeps, for each wanted rule, the first result of c that breaks it
// and the first that meets it: from a correct server if one does, else
// from a fixture broken in some other way.
func record(found map[string]*ruleExamples, c candidate, results []report.Result) {
	for _, res := range results {
		if res.Outcome == report.Pass {
			recordReceived(found, c, res)
		}
		ex := found[res.Check]
		if ex == nil {
			continue
		}
		switch res.Outcome {
		case report.Pass:
			switch {
			case res.Evidence == nil: // nothing to show
			case c.correct && ex.Correct == nil:
				ex.Correct = &example{Server: c.name, Why: c.why, Result: res}
			case !c.correct && ex.fallback == nil:
				ex.fallback = &example{Server: c.name, Why: c.why, Result: res}
			}
		case report.Fail, report.Warn, report.Info, report.Error:
			if ex.Broken == nil && res.Evidence != nil {
				ex.Broken = &example{Server: c.name, Why: c.why, Result: res}
			}
		}
	}
}

// recordReceived keeps the correct example of rfc9110/response-received,
// which the suite never reports as a pass: a result judged on the
// unauthenticated answer shows a complete response received in time.
func recordReceived(found map[string]*ruleExamples, c candidate, res report.Result) {
	ex := found[checks.ResponseReceived.ID]
	if ex == nil || ex.Correct != nil || !c.correct || res.Probe != probe.Unauthenticated || res.Evidence == nil {
		return
	}
	res.Check, res.Message = checks.ResponseReceived.ID, ""
	ex.Correct = &example{Server: c.name, Why: c.why, Result: res}
}

// exampleTarget is the target the finder probes a candidate as: the
// fixture's kind and first resource, with the reference credentials when
// the fixture lets them in, and short limits.
func exampleTarget(c candidate, url string) config.Target {
	t := config.Target{
		Name: c.name, URL: url, Kind: config.Origin,
		Timeout: exampleTimeout, MaxBody: 64 << 10,
		Concurrency: 4, Retries: 1, MaxRetryAfter: 100 * time.Millisecond,
		Headers: map[string]string{},
	}
	valid := &config.Credentials{Username: refserver.Username, Password: refserver.Password, Token: refserver.Token}
	if f := c.fixture; f != nil {
		t.Kind = config.Kind(f.Kind)
		t.Through = throughURL(f, url)
		if f.Credentials {
			t.Credentials = valid
			if f.Username != "" {
				own := *valid
				own.Username, own.Password = f.Login()
				t.Credentials = &own
			}
		}
		if f.OriginCredentials {
			t.OriginCredentials = &config.Credentials{Username: fixtures.OriginUsername, Password: fixtures.OriginPassword}
		}
		if f.Credentials && f.DPoP {
			bound := *valid
			bound.DPoPKey = fixtures.DPoPKey()
			t.Credentials = &bound
		}
		if f.Credentials && f.QueryToken {
			query := *valid
			query.QueryToken = true
			t.Credentials = &query
		}
		t.ExpectSchemes = f.ExpectSchemes
		if f.OpenAPI != "" {
			t = withDocument(t, f.OpenAPI)
		}
	}
	if c.reference {
		t.Credentials = valid
	}
	if f := c.mcp; f != nil {
		limited := *valid
		limited.LimitedToken = fixtures.LimitedToken
		t.Credentials, t.MCP = &limited, f.Revision
		t.TLS.InsecureSkipVerify = true // the fixture's own self-signed loopback certificate
		if f.Browser {
			t.BrowserOrigin = fixtures.MCPOrigin
		}
	}
	if f := c.disc; f != nil {
		t.MCP, t.ExpectSchemes = f.MCP, []string{"Bearer"}
		t.TLS.InsecureSkipVerify = true // the fixture's own self-signed loopback certificate
	}
	return t
}

// withDocument returns t built from the OpenAPI document at path, as
// targets.yaml's openapi key builds it: its resources carry what the
// document declares, which openapi/declared-scheme-offered judges. A
// document that does not load leaves t as it was (the fixture tests
// catch that).
func withDocument(t config.Target, path string) config.Target {
	t.OpenAPI = &config.OpenAPISource{Location: path, Written: filepath.Base(path), MaxOperations: config.DefaultMaxOperations}
	cfg := &config.Config{File: path, Targets: []config.Target{t}}
	if _, err := openapi.Expand(cfg); err != nil {
		t.OpenAPI = nil
		return t
	}
	return cfg.Targets[0]
}

// throughURL is the absolute URL a proxy fixture is probed through: its
// Through as given, or, for a fixture that is its own origin
// (ThroughSelf), that path on the fixture's own address, as the e2e
// harness writes it into targets.yaml.
func throughURL(f *fixtures.Fixture, url string) string {
	if f.ThroughSelf {
		return strings.TrimSuffix(url, "/") + f.Through
	}
	return f.Through
}

// probeServer starts c, runs the suite's probes on the GET (and HEAD) of
// each of its resources, and returns every result, passes included, with the
// evidence of a passing exchange filled in (the suite keeps evidence for
// problems only).
func probeServer(ctx context.Context, c candidate) ([]report.Result, error) {
	url, paths, stop, err := startCandidate(c)
	if err != nil {
		return nil, err
	}
	defer stop()
	t := exampleTarget(c, url)
	rt := suite.NewRuntime(t)
	defer rt.Close()
	client, err := rt.Client()
	if err != nil {
		return nil, err
	}
	var out []report.Result
	method := "GET"
	if c.mcp != nil {
		method = "POST" // an MCP endpoint is judged on its POST
	}
	for _, path := range paths {
		res := &suite.Resource{RT: rt, Method: method, Path: path, HeadToo: !c.hostile && method == "GET"}
		out = append(out, probeResource(ctx, c, rt, client, res)...)
	}
	return out, nil
}

// probeResource runs the suite's probes on one resource, as a run would,
// and returns every result: the problems whole, and each rule that held
// once per variant, as a pass with the exchange that shows it.
func probeResource(ctx context.Context, c candidate, rt *suite.Runtime, client *probe.Client, res *suite.Resource) []report.Result {
	judging := suite.JudgingFor(&rt.Target, time.Now())
	var out []report.Result
	for _, p := range suite.Probes() {
		if c.hostile && p.Name != probe.Unauthenticated || p.Applies != nil && !p.Applies(res) {
			continue
		}
		v := p.Run(ctx, res, client, judging)
		for _, r := range v.Results {
			out = append(out, redacted(r, rt.Redactor()))
		}
		if len(v.Passes) == 0 {
			continue
		}
		// The suite keeps passes small, without their exchanges: the
		// probe's requests are sent again, once, for the evidence.
		again := sendAgain(ctx, res, client, p.Name)
		seen := map[string]bool{}
		for _, pass := range v.Passes {
			key := pass.Rule.ID + " " + pass.Variant
			if seen[key] {
				continue
			}
			seen[key] = true
			r := passResult(res, p.Name, pass)
			r.Evidence = passEvidence(again, pass)
			out = append(out, redacted(r, rt.Redactor()))
		}
	}
	return out
}

// passResult is the result of one rule that held on a resource.
func passResult(res *suite.Resource, probeName string, pass suite.Pass) report.Result {
	r := pass.Rule
	return report.Result{
		Check: r.ID, RFC: r.RFC, Section: r.Section, Level: string(r.Level), Requirement: r.Requirement,
		Resource: res.Path, Method: res.Method, Probe: probeName, Variant: pass.Variant,
		Outcome: report.Pass, Count: 1,
	}
}

// passEvidence returns the evidence of the last answered exchange that
// shows pass: the exchange of its variant for a rule counted per variant,
// else one on which the rule holds when judged again.
func passEvidence(exs []*probe.Exchange, pass suite.Pass) *report.Evidence {
	for i := len(exs) - 1; i >= 0; i-- {
		if ex := exs[i]; ex.Err == nil && shows(ex, pass) {
			ev := ex.Evidence()
			return &ev
		}
	}
	return nil
}

// shows reports whether pass could have been judged on ex.
func shows(ex *probe.Exchange, pass suite.Pass) bool {
	if discoveryRule(pass.Rule) {
		return ex.Probe == probe.Unauthenticated
	}
	if pass.Variant != "" {
		return ex.Variant == pass.Variant
	}
	for _, res := range checks.Evaluate(&ex.Judge) {
		if res.Rule == pass.Rule {
			return res.Status == checks.Pass
		}
	}
	// A rule the single-response judge does not run is relational: judged
	// on an exchange without a variant.
	return ex.Variant == ""
}

// discoveryRule reports whether r is judged by the discovery probe, whose
// passes are shown on the 401 it followed.
func discoveryRule(r *checks.Rule) bool {
	return checks.FollowsChallenge(r) || slices.Contains([]string{
		checks.MCPResourceMetadataOn401.ID, checks.MCPDiscoveryMechanism.ID,
		checks.MCPAuthorizationServers.ID, checks.MCPPKCEAdvertised.ID,
	}, r.ID)
}

// startCandidate starts a fixture or the reference server on loopback and
// returns its base URL, the paths it protects and how to stop it.
func startCandidate(c candidate) (url string, paths []string, stop func(), err error) {
	if c.reference {
		srv, err := refserver.Start()
		if err != nil {
			return "", nil, nil, err
		}
		return srv.URL, refserver.Resources(), srv.Close, nil
	}
	if c.mcp != nil {
		url, _, stop := c.mcp.Start()
		return url, []string{fixtures.MCPPath}, stop, nil
	}
	if c.disc != nil {
		url, _, stop := c.disc.Start()
		return url, []string{fixtures.DiscoveryPath}, stop, nil
	}
	url, stop, err = c.fixture.Start()
	if err != nil {
		return "", nil, nil, err
	}
	return url, c.fixture.Resources, stop, nil
}

// sendAgain sends a probe's requests again, for the evidence of its
// passes, which the suite does not keep. The unauthenticated answer is
// kept by the resource, so that one is the very exchange judged.
func sendAgain(ctx context.Context, res *suite.Resource, c *probe.Client, name string) []*probe.Exchange {
	var exs []*probe.Exchange
	switch name {
	case probe.Unauthenticated:
		exs = res.Unauthenticated(ctx, c)
	case probe.Head:
		exs = c.Head(ctx, res.Path)
	case probe.BadCredentials:
		exs = c.BadCredentials(ctx, res.Method, res.Path, res.Offered(ctx, c))
	case probe.Malformed:
		exs = c.Malformed(ctx, res.Method, res.Path)
	case probe.Repeated:
		exs = c.Repeated(ctx, res.Method, res.Path, res.Offered(ctx, c))
	case probe.Control:
		exs, _ = c.Control(ctx, res.Method, res.Path, res.Offered(ctx, c))
	case probe.Limited:
		exs, _ = c.LimitedToken(ctx, res.Method, res.Path)
	case probe.DigestAbuse:
		exs = c.DigestAbuse(ctx, res.Method, res.Path, res.Offered(ctx, c))
	case probe.DPoPForgery:
		exs = c.DPoPForgery(ctx, res.Method, res.Path, res.Offered(ctx, c))
	case probe.QueryToken:
		exs = c.QueryToken(ctx, res.Method, res.Path, res.Offered(ctx, c))
	case probe.Discovery:
		// A discovery rule that held is shown on the 401 it followed.
		exs = res.Unauthenticated(ctx, c)
	case probe.Browser:
		origin := c.BrowserUnauthenticated(ctx, res.Method, res.Path)
		exs = append(c.Preflight(ctx, res.Method, res.Path), origin...)
		if last := origin[len(origin)-1]; last.Err == nil {
			exs = append(exs, c.BrowserMetadata(ctx, last)...)
		}
	}
	return exs
}

// redacted hides every credential the client sent in a result, as the
// suite does before a result leaves it.
func redacted(r report.Result, red *probe.Redactor) report.Result {
	r.Message = red.Redact(r.Message)
	if e := r.Evidence; e != nil {
		r.Evidence = &report.Evidence{Request: red.Redact(e.Request), Response: red.Redact(e.Response), Curl: red.Redact(e.Curl)}
		for _, h := range e.Chain {
			h.Request, h.Response, h.Curl, h.Note = red.Redact(h.Request), red.Redact(h.Response), red.Redact(h.Curl), red.Redact(h.Note)
			r.Evidence.Chain = append(r.Evidence.Chain, h)
		}
	}
	return r
}
