package report

import "time"

// hostile is what a malicious or broken server might send: NUL, a terminal
// escape sequence (OSC retitle and CSI clear), markup that tries to close
// the JUnit elements, XML specials, invalid UTF-8, an encoded lone
// surrogate, the non-characters XML forbids, a bidi override and a C1 CSI.
const hostile = "\x00\x1b]]></testcase><&\"'" + "\xff\xfe" + "\xed\xa0\x80" +
	"\uFFFE\uFFFF" + "\u202eevil" + "zero\u200bwidth\u200d\ufeff\u2060" + "\x1b]0;pwned\x07" + "\x1b[2J" + "\u009b31m" + "\r\nFAKE LINE"

var evidence = &Evidence{
	Request:  "GET /admin HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAuthorization: Basic [REDACTED]\r\n\r\n",
	Response: "HTTP/1.1 401 Unauthorized\r\nContent-Type: text/plain\r\n\r\nnope",
	Curl:     "curl -i -u \"${USER}:${PASS}\" http://127.0.0.1:8080/admin",
}

func result(check string, o Outcome, probe, variant string) Result {
	return Result{
		Check: check, RFC: "RFC 9110", Section: "11.6.1", Level: "MUST", Outcome: o,
		Resource: "/admin", Method: "GET", Probe: probe, Variant: variant,
		Message:     string(o) + " message for " + check,
		Requirement: "A 401 response must carry a WWW-Authenticate challenge.",
		Evidence:    evidence, Elapsed: 1500 * time.Microsecond,
	}
}

// sampleRun has a target with every outcome, one with an error, one with
// no results at all, and a duplicate case name to dedupe.
func sampleRun() *Run {
	start := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	everything := Target{
		Name: "reference", URL: "http://127.0.0.1:1234", Kind: "origin", Requests: 57,
		Protocol: "HTTP/1.1", Started: start, Elapsed: 2 * time.Second,
		Results: []Result{
			result("rfc9110/challenge-present", Pass, "unauthenticated", ""),
			result("rfc9110/challenge-present", Pass, "unauthenticated", ""), // same name: deduped
			result("rfc7617/basic-realm-required", Fail, "bad-credentials", "basic"),
			result("rfc9110/repeat-challenge", Warn, "repeated-challenge", "same-connection"),
			result("rfc9110/diagnostic-body", Info, "unauthenticated", ""),
			result("rfc7616/digest-qop", Skip, "bad-credentials", "digest"),
		},
	}
	everything.Results[3].Level = "SHOULD"
	everything.Results[3].Section = "15.5.2, 11.6.1"
	everything.Results[5].Message = "waived in targets.yaml"
	broken := Target{
		Name: "broken.example", URL: "http://user:hunter2@127.0.0.1:5678/", Kind: "proxy", Requests: 1,
		Results: []Result{{Check: "authspec/reachable", Level: "MUST", Outcome: Error,
			Resource: "/", Method: "GET", Probe: "unauthenticated", Message: "connection refused"}},
	}
	empty := Target{Name: "empty", URL: "http://127.0.0.1:9", Kind: "origin"}
	return &Run{Version: 1, Targets: []Target{everything, broken, empty}}
}

// hostileRun puts hostile bytes in every string a report shows.
func hostileRun() *Run {
	r := Result{
		Check: "rfc9110/" + hostile, RFC: "RFC " + hostile, Section: hostile, Level: hostile,
		Resource: "/" + hostile, Method: "GET" + hostile, Probe: hostile, Variant: hostile,
		Message: hostile, Requirement: hostile,
		Evidence: &Evidence{Request: hostile, Response: "HTTP/1.1 401 " + hostile + "\r\n\r\n" + hostile, Curl: hostile},
	}
	var results []Result
	for _, o := range []Outcome{Pass, Fail, Warn, Info, Skip, Error} {
		r.Outcome = o
		r.Check = "rfc9110/" + string(o) + "-" + hostile // one test case each
		results = append(results, r)
	}
	return &Run{Version: 1, Targets: []Target{{
		Name: hostile, URL: "http://127.0.0.1:1/" + hostile, Kind: hostile, Protocol: hostile,
		Verdict: hostile, Results: results,
	}}}
}
