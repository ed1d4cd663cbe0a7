package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/authspec/authspec/internal/checks"
)

// writeHTML renders run, failing the test on an error.
func writeHTML(t testing.TB, run *Run) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteHTML(&b, run); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pageParts is what checkPage found in a report.html.
type pageParts struct {
	data   string // text of the JSON data block, as in the file
	script string // text of the page's script
	style  string
	csp    string
}

// checkPage checks that page is one self-contained HTML document: one
// doctype, html, head and body, nothing after </html>; nothing that
// loads from elsewhere (every src, href and the like is "#…" or "data:…");
// exactly two scripts, the JSON data block and the inlined script; a
// Content-Security-Policy allowing only that script and style. It returns
// the parts for further checks.
func checkPage(t *testing.T, page []byte) pageParts {
	t.Helper()
	var parts pageParts
	counts := map[string]int{}
	z := html.NewTokenizer(bytes.NewReader(page))
	var inScript, inStyle bool
	var scriptAttrs map[string]string
	var scripts []map[string]string
	ended := false
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() != io.EOF {
				t.Fatalf("tokenizing: %v", z.Err())
			}
			break
		}
		tok := z.Token()
		if ended && !(tt == html.TextToken && strings.TrimSpace(tok.Data) == "") {
			t.Errorf("content after </html>: %v %q", tt, tok.Data)
		}
		switch tt {
		case html.DoctypeToken:
			counts["!doctype"]++
		case html.StartTagToken, html.SelfClosingTagToken:
			counts[tok.Data]++
			attrs := attrMap(tok)
			checkNoExternalReference(t, tok.Data, attrs)
			switch tok.Data {
			case "script":
				inScript, scriptAttrs = true, attrs
				scripts = append(scripts, attrs)
			case "style":
				inStyle = true
			case "meta":
				if strings.EqualFold(attrs["http-equiv"], "content-security-policy") {
					parts.csp = attrs["content"]
				}
				if strings.EqualFold(attrs["http-equiv"], "refresh") {
					t.Errorf("a meta refresh")
				}
			case "link", "iframe", "frame", "object", "embed", "img", "base", "audio", "video", "source", "track", "portal":
				t.Errorf("element <%s> may load something", tok.Data)
			}
		case html.TextToken:
			switch {
			case inScript && scriptAttrs["type"] == "application/json":
				parts.data += tok.Data
			case inScript:
				parts.script += tok.Data
			case inStyle:
				parts.style += tok.Data
			}
		case html.EndTagToken:
			inScript, inStyle = false, false
			if tok.Data == "html" {
				ended = true
			}
		}
	}
	for _, el := range []string{"!doctype", "html", "head", "body", "style"} {
		if counts[el] != 1 {
			t.Errorf("%d <%s>, want 1", counts[el], el)
		}
	}
	if len(scripts) != 2 || scripts[0]["type"] != "application/json" || scripts[0]["id"] != "authspec-data" || len(scripts[1]) != 0 {
		t.Errorf("scripts %v, want the data block then one plain inline script", scripts)
	}
	if parts.script != htmlScript || parts.style != htmlStyle {
		t.Errorf("the inline script or style is not the embedded one")
	}
	if want := "default-src 'none'"; !strings.Contains(parts.csp, want) ||
		!strings.Contains(parts.csp, cspHash(parts.script)) || !strings.Contains(parts.csp, cspHash(parts.style)) {
		t.Errorf("Content-Security-Policy %q: want %s and the hashes of the script and style as parsed", parts.csp, want)
	}
	return parts
}

func attrMap(tok html.Token) map[string]string {
	m := map[string]string{}
	for _, a := range tok.Attr {
		m[strings.ToLower(a.Key)] = a.Val
	}
	return m
}

// referenceAttrs are the attributes that make a browser fetch or navigate.
var referenceAttrs = []string{"src", "href", "action", "formaction", "srcset", "poster", "data", "background", "ping", "manifest", "xlink:href", "cite", "longdesc"}

func checkNoExternalReference(t *testing.T, el string, attrs map[string]string) {
	t.Helper()
	for _, name := range referenceAttrs {
		v, ok := attrs[name]
		if ok && !strings.HasPrefix(v, "#") && !strings.HasPrefix(v, "data:") {
			t.Errorf("<%s %s=%q> refers outside the page", el, name, v)
		}
	}
	if strings.Contains(attrs["style"], "url(") {
		t.Errorf("<%s style=%q> loads a url", el, attrs["style"])
	}
}

// decodeData decodes the data block strictly: it must be exactly the
// page's data layout.
func decodeData(t *testing.T, text string) *htmlData {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(text))
	dec.DisallowUnknownFields()
	var d htmlData
	if err := dec.Decode(&d); err != nil {
		t.Fatalf("the data block is not the page's JSON: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		t.Fatalf("data after the JSON in the data block")
	}
	return &d
}

func TestHTMLIsOneSelfContainedDocument(t *testing.T) {
	for name, run := range map[string]*Run{"sample": sampleRun(), "hostile": hostileRun(), "empty": {}, "units": unitRun()} {
		t.Run(name, func(t *testing.T) {
			page := writeHTML(t, run)
			parts := checkPage(t, page)
			d := decodeData(t, parts.data)
			checkDataMatchesRun(t, d, run)
			checkTree(t, page)
		})
	}
}

// The script reaches nothing outside the page and writes no markup: the
// data goes in with textContent.
func TestHTMLScriptNeitherFetchesNorWritesMarkup(t *testing.T) {
	for _, banned := range []string{"fetch(", "XMLHttpRequest", "WebSocket", "EventSource", "sendBeacon", "import(",
		"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "Function(", "setAttribute('on",
		"location.href", "window.open", "srcdoc", "src =", "href ="} {
		if strings.Contains(htmlScript, banned) {
			t.Errorf("report.js uses %s", banned)
		}
	}
	if strings.Contains(htmlStyle, "url(") || strings.Contains(htmlStyle, "@import") {
		t.Errorf("report.css loads something")
	}
}

// checkTree parses page as a browser would and checks the scripts are
// the last things in the body: nothing in the data ended the block early.
func checkTree(t *testing.T, page []byte) {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	body := findElement(doc, "body")
	if body == nil {
		t.Fatal("no body")
	}
	var elems []*html.Node
	for c := body.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			elems = append(elems, c)
		}
	}
	n := len(elems)
	if n < 4 || elems[n-2].Data != "script" || elems[n-1].Data != "script" || elems[n-3].Data != "main" {
		t.Fatalf("body ends with %v, want main, the data block, the script", tagNames(elems))
	}
	if elems[n-1].FirstChild == nil || elems[n-1].FirstChild.Data != htmlScript {
		t.Error("the last script is not the page's own")
	}
	for _, id := range []string{"matrix", "detail", "filters", "run"} {
		if findByID(doc, id) == nil {
			t.Errorf("no element #%s", id)
		}
	}
}

func tagNames(ns []*html.Node) []string {
	var out []string
	for _, n := range ns {
		out = append(out, n.Data)
	}
	return out
}

func findElement(n *html.Node, tag string) *html.Node {
	if n.Type == html.ElementNode && n.Data == tag {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := findElement(c, tag); f != nil {
			return f
		}
	}
	return nil
}

func findByID(n *html.Node, id string) *html.Node {
	if n.Type == html.ElementNode {
		for _, a := range n.Attr {
			if a.Key == "id" && a.Val == id {
				return n
			}
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := findByID(c, id); f != nil {
			return f
		}
	}
	return nil
}

// checkDataMatchesRun compares the data block with what the run holds,
// counted here independently of htmlView: targets and verdicts, the
// judgments per target, rule and outcome, and every result that is not a
// pass with its message and evidence.
func checkDataMatchesRun(t *testing.T, d *htmlData, run *Run) {
	t.Helper()
	if d.Version != htmlDataVersion || len(d.Targets) != len(run.Targets) {
		t.Fatalf("data version %d with %d targets, want %d with %d", d.Version, len(d.Targets), htmlDataVersion, len(run.Targets))
	}
	for i, rule := range d.Rules {
		if i == 0 {
			continue
		}
		prev := d.Rules[i-1]
		pr, r := checks.Severity(prev.Severity).Rank(), checks.Severity(rule.Severity).Rank()
		if pr > r || (pr == r && prev.ID >= rule.ID) {
			t.Errorf("rules not worst first, then in ID order: %q (%s) before %q (%s)", prev.ID, prev.Severity, rule.ID, rule.Severity)
		}
	}
	for i := range run.Targets {
		rt, dt := &run.Targets[i], &d.Targets[i]
		if dt.Name != lineSafe(rt.Name) || dt.Verdict != lineSafe(rt.effectiveVerdict()) || dt.Requests != rt.Requests {
			t.Errorf("target %d: %q %q %d, want %q %q %d", i, dt.Name, dt.Verdict, dt.Requests, rt.Name, rt.effectiveVerdict(), rt.Requests)
		}
		// The cells and counts are checks, the unit every report counts in.
		wantCells, wantCounts := map[string]map[Outcome]int{}, map[Outcome]int{}
		var wantResults []string
		named := map[string]bool{}
		for _, r := range rt.Results {
			named[r.Check] = true
			if r.Outcome != Pass {
				wantResults = append(wantResults, lineSafe(r.Message))
			}
		}
		for _, c := range rt.Checks() {
			wantCounts[c.Outcome]++
			if !named[c.Rule] {
				continue
			}
			id := lineSafe(c.Rule)
			if wantCells[id] == nil {
				wantCells[id] = map[Outcome]int{}
			}
			wantCells[id][c.Outcome]++
		}
		gotCells := map[string]map[Outcome]int{}
		for _, c := range dt.Cells {
			gotCells[d.Rules[c.Rule].ID] = c.Counts
		}
		if !reflect.DeepEqual(gotCells, wantCells) || !reflect.DeepEqual(dt.Counts, wantCounts) {
			t.Errorf("target %d cells %v counts %v, want %v %v", i, gotCells, dt.Counts, wantCells, wantCounts)
		}
		var gotResults []string
		for _, r := range dt.Results {
			gotResults = append(gotResults, r.Message)
			if r.Evidence < -1 || r.Evidence >= len(d.Evidence) || r.Unit < -1 || r.Unit >= len(dt.Units) {
				t.Errorf("target %d: result %+v refers outside the data", i, r)
			}
		}
		if !sameMultiset(gotResults, wantResults) {
			t.Errorf("target %d results %q, want %q", i, gotResults, wantResults)
		}
	}
}

func sameMultiset(a, b []string) bool {
	count := map[string]int{}
	for _, s := range a {
		count[s]++
	}
	for _, s := range b {
		count[s]--
	}
	for _, n := range count {
		if n != 0 {
			return false
		}
	}
	return len(a) == len(b)
}

// Hostile bytes from a server cannot end the data block, open a comment
// or a tag, or reach the page raw: the block holds no <, > or &, and every
// control and bidi character shows as an escape.
func TestHTMLHostileBytes(t *testing.T) {
	page := writeHTML(t, htmlHostileRun())
	parts := checkPage(t, page)
	if strings.ContainsAny(parts.data, "<>&\u2028\u2029") {
		t.Errorf("the data block holds a raw <, >, & or line separator")
	}
	lower := strings.ToLower(string(page))
	if n := strings.Count(lower, "<script"); n != 2 {
		t.Errorf("%d <script in the page, want 2", n)
	}
	if n := strings.Count(lower, "</script"); n != 2 {
		t.Errorf("%d </script in the page, want 2", n)
	}
	for _, raw := range []string{"\x00", "\x1b", "\u202e", "\u009b", "\r", "\xff"} {
		if strings.Contains(string(page), raw) {
			t.Errorf("the page holds %q raw", raw)
		}
	}
	d := decodeData(t, parts.data)
	name := d.Targets[0].Name
	for _, shown := range []string{`\x1b]0;pwned\x07`, `\u202eevil`, `</testcase>`, `\x0d\x0aFAKE LINE`, scriptBreak} {
		if !strings.Contains(name, shown) {
			t.Errorf("target name %q does not show %q", name, shown)
		}
	}
	ev := d.Evidence[0]
	if !strings.Contains(ev[1], `\x1b[2J`) || strings.Contains(ev[1], "\r") {
		t.Errorf("response head %q: want escapes shown and no carriage return", ev[1])
	}
}

// scriptBreak tries to end the data block and run a script of its own.
const scriptBreak = "</script><script>alert(1)</script><!--<script>\u2028\u2029"

// htmlHostileRun is hostileRun with scriptBreak added to every string a
// server chooses.
func htmlHostileRun() *Run {
	run := hostileRun()
	t := &run.Targets[0]
	t.Name += scriptBreak
	for i := range t.Results {
		r := &t.Results[i]
		r.Message += scriptBreak
		r.Evidence = &Evidence{Request: r.Evidence.Request + scriptBreak, Response: r.Evidence.Response + scriptBreak, Curl: r.Evidence.Curl + scriptBreak}
	}
	return run
}

// A report rebuilt from results.json, as `authspec merge` does, is the
// same page byte for byte.
func TestHTMLFromResultsJSONIsTheSame(t *testing.T) {
	for name, run := range map[string]*Run{"sample": sampleRun(), "units": unitRun(), "big": bigRun(50)} {
		t.Run(name, func(t *testing.T) {
			var js bytes.Buffer
			if err := WriteJSON(&js, run); err != nil {
				t.Fatal(err)
			}
			back, err := ReadJSON(&js)
			if err != nil {
				t.Fatal(err)
			}
			if a, b := writeHTML(t, run), writeHTML(t, back); !bytes.Equal(a, b) {
				t.Errorf("report.html from results.json differs (%d and %d bytes)", len(a), len(b))
			}
		})
	}
}

func TestHTMLCellsAndSchemes(t *testing.T) {
	d := htmlView(unitRun())
	byID := map[string]htmlRule{}
	for _, r := range d.Rules {
		byID[r.ID] = r
	}
	if got := byID["rfc7617/basic-realm-required"].Scheme; got != "Basic" {
		t.Errorf("scheme of rfc7617/basic-realm-required = %q, want Basic from the catalogue", got)
	}
	if got := byID["rfc9110/challenge-present"].Scheme; got != "" {
		t.Errorf("scheme of rfc9110/challenge-present = %q, want none", got)
	}
	tg := d.Targets[0]
	if len(tg.Units) != 2 || tg.Units[0].Resource != "/a" || tg.Units[1].Line != 21 {
		t.Fatalf("units %+v", tg.Units)
	}
	// /a: 3 passes of challenge-present and the HEAD request's pass of
	// head-no-content; /b: 2 passes, one per variant, and a fail.
	present, head := ruleIndexOf(d, "rfc9110/challenge-present"), ruleIndexOf(d, "rfc9110/head-no-content")
	want := []int{present, 3, head, 1}
	if head < present {
		want = []int{head, 1, present, 3}
	}
	if !reflect.DeepEqual(tg.Units[0].Passes, want) {
		t.Errorf("passes of /a: %v, want %v", tg.Units[0].Passes, want)
	}
	if accepted := ruleIndexOf(d, "rfc9110/valid-credentials-accepted"); !slices.Contains(tg.Units[1].Passes, accepted) {
		t.Errorf("passes of /b %v lack the pass counted per variant", tg.Units[1].Passes)
	}
	var fails int
	for _, r := range tg.Results {
		if r.Outcome == Fail {
			fails++
			if r.Unit != 1 || r.Evidence < 0 || len(r.Carets) != 1 {
				t.Errorf("fail %+v: want it on unit 1 with evidence and a caret", r)
			}
		}
	}
	if fails != 2 {
		t.Errorf("%d fails, want 2", fails)
	}
	if len(d.Evidence) != 1 {
		t.Errorf("%d evidences, want the shared one once", len(d.Evidence))
	}
}

func ruleIndexOf(d *htmlData, id string) int {
	for i, r := range d.Rules {
		if r.ID == id {
			return i
		}
	}
	return -1
}

func TestCaretsFor(t *testing.T) {
	head := "HTTP/1.1 401 Unauthorized\nContent-Type: text/plain\nWww-Authenticate: Basic realm=\"x\nWww-Authenticate: Bearer  x=1"
	proxy := "HTTP/1.1 407 Proxy Authentication Required\nWww-Authenticate: Basic\nProxy-Authenticate: Basic realm=\"é"
	cases := []struct {
		name, msg, head string
		want            [][2]int
	}{
		{"first line", `unterminated (field line 1, byte 12)`, head, [][2]int{{2, 30}}},
		{"second line", `double space (field line 2, byte 6)`, head, [][2]int{{3, 24}}},
		{"two findings", `a (field line 1, byte 0); b (field line 2, byte 0)`, head, [][2]int{{2, 18}, {3, 18}}},
		{"same twice", `a (field line 1, byte 0); b (field line 1, byte 0)`, head, [][2]int{{2, 18}}},
		{"end of value", `end (field line 1, byte 14)`, head, [][2]int{{2, 32}}},
		{"past the value", `x (field line 1, byte 15)`, head, nil},
		{"no such line", `x (field line 3, byte 0)`, head, nil},
		{"no position", `no challenge at all`, head, nil},
		{"proxy, counted in runes", `x (field line 1, byte 15)`, proxy, [][2]int{{2, 34}}},
	}
	for _, c := range cases {
		if got := caretsFor(c.msg, c.head); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestParsePage(t *testing.T) {
	ok := "a{{csp}}b{{css}}c{{data}}d{{js}}e"
	segs, err := parsePage(ok)
	if err != nil || len(segs) != 9 || segs[1].marker != "csp" || segs[8].literal != "e" {
		t.Fatalf("parsePage(%q) = %v, %v", ok, segs, err)
	}
	for _, bad := range []string{"{{csp}}{{css}}{{data}}", "{{csp}}{{css}}{{data}}{{js}}{{js}}", "{{csp}}{{css}}{{data}}{{js}}{{x}}", "{{csp}}{{css}}{{data}}{{js"} {
		if _, err := parsePage(bad); err == nil {
			t.Errorf("parsePage(%q) accepted", bad)
		}
	}
}

func TestWriteHTMLNil(t *testing.T) {
	if err := WriteHTML(io.Discard, nil); err == nil {
		t.Error("nil run accepted")
	}
}

func TestWriteAllWritesAndRemoveAllRemovesTheHTML(t *testing.T) {
	dir := t.TempDir()
	if err := WriteAll(dir, sampleRun()); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, HTMLFile)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := 0o644 &^ umask(); fi.Mode().Perm() != want {
		t.Errorf("%s mode %v, want %v", HTMLFile, fi.Mode().Perm(), want)
	}
	RemoveAll(dir)
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("RemoveAll left %s: %v", HTMLFile, err)
	}
}

// At 1,000 resources the page stays a few megabytes.
func TestHTMLSizeAtAThousandResources(t *testing.T) {
	page := writeHTML(t, bigRun(1000))
	if n := len(page); n > 4<<20 {
		t.Errorf("report.html of 1,000 resources is %d bytes, want under 4 MiB", n)
	}
}

// unitRun is a target with two planned units (lines in the targets file),
// passes counted on them, and two failures that share one exchange.
func unitRun() *Run {
	ev := &Evidence{Request: "GET /b HTTP/1.1\nHost: 127.0.0.1:1\n", Response: "HTTP/1.1 401 Unauthorized\nWww-Authenticate: Basic realm=x\n\nno", Curl: "curl -i http://127.0.0.1:1/b"}
	pass := func(check, path string, n int) Result {
		return Result{Check: check, RFC: "RFC 9110", Section: "11.6.1", Level: "MUST", Outcome: Pass, Resource: path, Method: "GET", Count: n}
	}
	fail := Result{Check: "rfc7617/basic-realm-required", RFC: "RFC 7617", Section: "2", Level: "MUST", Outcome: Fail,
		Resource: "/b", Method: "GET", Probe: "unauthenticated", Message: "realm is a token (field line 1, byte 6)", Evidence: ev}
	fail2 := fail
	fail2.Check, fail2.RFC, fail2.Message = "rfc9110/challenge-grammar", "RFC 9110", "quoted-string expected (field line 1, byte 12)"
	// A pass of the HEAD request sent beside GET /a, and one counted per
	// variant: both are cells of the matrix like any other pass.
	headPass := pass("rfc9110/head-no-content", "/a", 1)
	headPass.Method = "HEAD"
	variantPass := pass("rfc9110/valid-credentials-accepted", "/b", 1)
	variantPass.Variant = "basic"
	return &Run{Version: 2, TargetsFile: "targets.yaml", Targets: []Target{{
		Name: "api", URL: "http://127.0.0.1:1", Kind: "origin", Line: 18, Requests: 12,
		Units: []Unit{{Method: "GET", Resource: "/a", Order: 0, Line: 20}, {Method: "GET", Resource: "/b", Order: 1, Line: 21}},
		Results: []Result{
			fail, pass("rfc9110/challenge-present", "/a", 1), pass("rfc9110/challenge-present", "/b", 2),
			pass("rfc9110/challenge-present", "/a", 2), fail2, headPass, variantPass,
		},
	}}}
}

// bigRun is a run of n resources on one target, as a large API might
// give: 30 rules pass on each, and every tenth resource breaks two rules
// with its own exchange as evidence. A second, small target is not run.
func bigRun(n int) *Run {
	rules := checks.All()[:30]
	t := Target{Name: "big-api", URL: "http://127.0.0.1:8080", Kind: "origin", Requests: n * 12, Line: 3}
	for i := 0; i < n; i++ {
		path := fmt.Sprintf("/api/v1/items/%d/details", i)
		t.Units = append(t.Units, Unit{Method: "GET", Resource: path, Order: i, Line: 10 + i})
		for j, r := range rules {
			res := Result{Check: r.ID, RFC: r.RFC, Section: r.Section, Level: string(r.Level), Requirement: r.Requirement,
				Outcome: Pass, Resource: path, Method: "GET", Count: 1 + j%6}
			if i%10 == 0 && j < 2 {
				res.Outcome, res.Count, res.Probe = Fail, 0, "unauthenticated"
				res.Message = "expected the closing '\"' of the quoted-string (field line 1, byte 12)"
				res.Evidence = &Evidence{
					Request:  "GET " + path + " HTTP/1.1\nHost: 127.0.0.1:8080\nUser-Agent: authspec\n",
					Response: "HTTP/1.1 401 Unauthorized\nContent-Type: application/problem+json\nWww-Authenticate: Basic realm=\"items\nDate: Fri, 27 Nov 2026 12:00:00 GMT\n\n" + `{"status":401,"detail":"Authentication is required for ` + path + `."}`,
					Curl:     "curl --globoff -i 'http://127.0.0.1:8080" + path + "'",
				}
			}
			t.Results = append(t.Results, res)
		}
	}
	t.ComputeVerdict()
	skipped := Target{Name: "legacy", URL: "http://127.0.0.1:8081", Kind: "origin", Verdict: VerdictNotRun,
		Units: []Unit{{Method: "GET", Resource: "/", Order: n}}}
	return &Run{Version: 2, TargetsFile: "targets.yaml", Targets: []Target{t, skipped}}
}
