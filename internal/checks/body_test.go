package checks

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"strings"
	"testing"
)

func gzipped(s string) string {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.String()
}

func zlibbed(s string) string {
	var b bytes.Buffer
	w := zlib.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.String()
}

func rawDeflated(s string) string {
	var b bytes.Buffer
	w, _ := flate.NewWriter(&b, flate.DefaultCompression)
	w.Write([]byte(s))
	w.Close()
	return b.String()
}

// typed is a 401 answering GET with the given Content-Type and content.
func typed(ct, body string, more ...string) *Exchange {
	fields := append([]string{"WWW-Authenticate", `Basic realm="api"`}, more...)
	if ct != "" {
		fields = append(fields, "Content-Type", ct)
	}
	return withBody(fwExchange(401, "GET", fields...), body)
}

func asProxy(e *Exchange) *Exchange { e.Proxy = true; return e }

func truncated(e *Exchange) *Exchange { e.BodyTruncated = true; return e }

func declared(e *Exchange, n int64) *Exchange { e.DeclaredLength = n; return e }

func TestDiagnosticBody(t *testing.T) {
	runFwCases(t, []fwCase{
		{"problem details", DiagnosticBody, typed("application/problem+json", `{"title":"Unauthorized"}`), Pass, ""},
		{"chunked plain text", DiagnosticBody, declared(typed("text/plain", "Send a token."), -1), Pass, ""},
		{"no content", DiagnosticBody, typed("", ""), Violated, "has no content"},
		{"advice names problem details", DiagnosticBody, typed("", ""), Violated, "application/problem+json"},
		{"only whitespace", DiagnosticBody, typed("text/plain", "\r\n \t"), Violated, "only whitespace"},
		{"gzip of whitespace", DiagnosticBody, typed("text/plain", gzipped("  \n"), "Content-Encoding", "gzip"), Violated, "only whitespace"},
		{"gzip of text", DiagnosticBody, typed("text/plain", gzipped("Send a token."), "Content-Encoding", "gzip"), Pass, ""},
		{"brotli cannot be read, bytes are there", DiagnosticBody, typed("text/plain", "\x1b\x03\x00", "Content-Encoding", "br"), Pass, ""},
		{"HEAD is exempt", DiagnosticBody, withBody(fwExchange(401, "HEAD"), ""), NotApplicable, ""},
		{"200 is not judged", DiagnosticBody, withBody(fwExchange(200, "GET"), ""), NotApplicable, ""},
		{"403 is not judged", DiagnosticBody, withBody(fwExchange(403, "GET"), ""), NotApplicable, ""},
		{"407 from a proxy", DiagnosticBody, asProxy(withBody(fwExchange(407, "GET"), "")), Violated, "407 Proxy Authentication Required"},
		{"407 from an origin target", DiagnosticBody, withBody(fwExchange(407, "GET"), ""), NotApplicable, ""},
		{"nothing allowed to be read", DiagnosticBody, truncated(typed("text/plain", "")), NotApplicable, ""},
	})
}

func TestHeadNoContent(t *testing.T) {
	head := func(body string) *Exchange {
		e := withBody(fwExchange(401, "HEAD", "WWW-Authenticate", `Basic realm="api"`), body)
		e.DeclaredLength = 57 // the length GET would have had
		return e
	}
	runFwCases(t, []fwCase{
		{"no content, GET's length announced", HeadNoContent, head(""), Pass, ""},
		{"content after the header", HeadNoContent, head("Unauthorized"), Violated, "12 bytes of content"},
		{"a stray CRLF is content too", HeadNoContent, head("\r\n"), Violated, "2 bytes"},
		{"GET is not judged", HeadNoContent, typed("text/plain", "x"), NotApplicable, ""},
		{"HEAD 200 is not judged", HeadNoContent, withBody(fwExchange(200, "HEAD"), "x"), NotApplicable, ""},
	})
	e := head("token=hunter2-secret")
	e.Secrets = []string{"hunter2-secret"}
	res := Judge(HeadNoContent, NewContext(e))
	if len(res.Findings) != 1 || strings.Contains(res.Findings[0].Evidence, "hunter2") {
		t.Fatalf("evidence must be redacted: %+v", res.Findings)
	}
}

func TestContentTypePresent(t *testing.T) {
	runFwCases(t, []fwCase{
		{"labelled", ContentTypePresent, typed("text/plain; charset=utf-8", "x"), Pass, ""},
		{"upper case", ContentTypePresent, typed("Text/HTML;Charset=\"utf-8\"", "<p>x</p>"), Pass, ""},
		{"broken parameter still names a type", ContentTypePresent, typed("text/plain; charset", "x"), Pass, ""},
		{"missing", ContentTypePresent, typed("", "Unauthorized"), Violated, "have no Content-Type"},
		{"not a media type", ContentTypePresent, typed("json", "{}"), Violated, "not a media type"},
		{"empty content", ContentTypePresent, typed("", ""), NotApplicable, ""},
		{"HEAD", ContentTypePresent, withBody(fwExchange(401, "HEAD"), "x"), NotApplicable, ""},
		{"200", ContentTypePresent, withBody(fwExchange(200, "GET"), "x"), NotApplicable, ""},
	})
}

func TestContentMatchesType(t *testing.T) {
	nginx := "<html>\r\n<head><title>401 Authorization Required</title></head>\r\n<body>\r\n" +
		"<center><h1>401 Authorization Required</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
	runFwCases(t, []fwCase{
		{"json object", ContentMatchesType, typed("application/json", `{"error":"unauthorized"}`), Pass, ""},
		{"json with charset", ContentMatchesType, typed("application/json; charset=utf-8", `{"error":"unauthorized"}`), Pass, ""},
		{"json string", ContentMatchesType, typed("application/json", `"unauthorized"`), Pass, ""},
		{"json with BOM", ContentMatchesType, typed("application/json", "\xef\xbb\xbf{\"a\":1}"), Pass, ""},
		{"json suffix type", ContentMatchesType, typed("application/vnd.api+json", `{"errors":[{"status":"401"}]}`), Pass, ""},
		{"broken json", ContentMatchesType, typed("application/json", `{"error":`), Violated, "not valid JSON"},
		{"html labelled json", ContentMatchesType, typed("application/json", nginx), Violated, "not valid JSON"},
		{"json invalid utf-8", ContentMatchesType, typed("application/json", "{\"e\":\"caf\xe9\"}"), Violated, "not valid utf-8"},
		{"problem json syntax left to its rule", ContentMatchesType, typed("application/problem+json", `{"title":`), Pass, ""},
		{"problem json invalid utf-8", ContentMatchesType, typed("application/problem+json", "{\"title\":\"\xff\"}"), Violated, "utf-8"},
		{"nginx error page", ContentMatchesType, typed("text/html", nginx), Pass, ""},
		{"title only", ContentMatchesType, typed("text/html", "<html><head><title>Unauthorized</title></head><body></body></html>"), Pass, ""},
		{"app shell without text", ContentMatchesType,
			typed("text/html; charset=utf-8", `<html><body><div id="root"></div><script>render("Sign in")</script></body></html>`), Violated, "shows no text"},
		{"only markup and nbsp", ContentMatchesType, typed("text/html", "<p>&nbsp;</p><!-- Unauthorized --><style>p{}</style>"), Violated, "no text"},
		{"entity text counts", ContentMatchesType, typed("text/html", "<p>&copy;</p>"), Pass, ""},
		{"plain text with charset", ContentMatchesType, typed("text/plain; charset=UTF-8", "Unauthorized: send a Bearer token.\n"), Pass, ""},
		{"plain text, invalid utf-8", ContentMatchesType, typed("text/plain; charset=utf-8", "caf\xe9"), Violated, "not valid utf-8 (byte 3)"},
		{"plain text latin-1 declared", ContentMatchesType, typed("text/plain; charset=iso-8859-1", "caf\xe9"), Pass, ""},
		{"plain text without charset", ContentMatchesType, typed("text/plain", "caf\xe9"), Pass, ""},
		{"plain text us-ascii with a high byte", ContentMatchesType, typed("text/plain; charset=us-ascii", "café"), Violated, "us-ascii"},
		{"css declared utf-8", ContentMatchesType, typed("text/css; charset=utf-8", "p{}"), Pass, ""},
		{"xml", ContentMatchesType, typed("application/problem+xml", `<?xml version="1.0"?><problem xmlns="urn:ietf:rfc:7807"><title>x</title></problem>`), Pass, ""},
		{"xhtml with entities", ContentMatchesType, typed("application/xhtml+xml", `<html><body><p>Sign&nbsp;in</p></body></html>`), Pass, ""},
		{"xml in latin-1 is not judged", ContentMatchesType, typed("text/xml", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>caf\xe9</a>"), Pass, ""},
		// RFC 7303 §3.2: the charset parameter of an XML media type wins
		// over the document; a Latin-1 document labelled so is well-formed.
		{"xml labelled latin-1 is not judged", ContentMatchesType, typed("text/xml; charset=iso-8859-1", "<error>Zugang verweigert f\xfcr Sie</error>"), Pass, ""},
		{"xml labelled utf-8 is still judged", ContentMatchesType, typed("application/xml; charset=utf-8", "<a><b></a>"), Violated, "not well-formed XML"},
		{"broken xml", ContentMatchesType, typed("application/xml", "<a><b></a>"), Violated, "not well-formed XML"},
		{"xml without element", ContentMatchesType, typed("application/xml", "just words"), Violated, "no element"},
		{"gzip json", ContentMatchesType, typed("application/json", gzipped(`{"a":1}`), "Content-Encoding", "gzip"), Pass, ""},
		{"gzip broken json", ContentMatchesType, typed("application/json", gzipped(`{"a":`), "Content-Encoding", "gzip"), Violated, "JSON"},
		{"deflate json", ContentMatchesType, typed("application/json", zlibbed(`{"a":1}`), "Content-Encoding", "deflate"), Pass, ""},
		{"raw deflate json", ContentMatchesType, typed("application/json", rawDeflated(`{"a":1}`), "Content-Encoding", "deflate"), Pass, ""},
		{"identity coding", ContentMatchesType, typed("application/json", `{"a":1}`, "Content-Encoding", "identity"), Pass, ""},
		{"brotli is not read", ContentMatchesType, typed("application/json", "\x1b\x03", "Content-Encoding", "br"), NotApplicable, ""},
		{"broken gzip is not read", ContentMatchesType, typed("application/json", "not gzip", "Content-Encoding", "gzip"), NotApplicable, ""},
		{"truncated json is not judged", ContentMatchesType, truncated(typed("application/json", `{"a":`)), NotApplicable, ""},
		{"octet-stream is not judged", ContentMatchesType, typed("application/octet-stream", "\x00\x01"), NotApplicable, ""},
		{"no type is not judged", ContentMatchesType, typed("", "x"), NotApplicable, ""},
		{"HEAD is not judged", ContentMatchesType, withBody(fwExchange(401, "HEAD", "Content-Type", "application/json"), "{"), NotApplicable, ""},
	})
}

func TestContentLengthMatches(t *testing.T) {
	chunked := typed("text/plain", "abc", "Transfer-Encoding", "chunked")
	chunked.DeclaredLength = 10
	runFwCases(t, []fwCase{
		{"matches", ContentLengthMatches, typed("text/plain", "Unauthorized"), Pass, ""},
		{"zero and empty", ContentLengthMatches, typed("", ""), Pass, ""},
		{"short", ContentLengthMatches, declared(typed("text/plain", "Unauth"), 12), Violated, "announces 12 bytes but 6 arrived"},
		{"no Content-Length", ContentLengthMatches, declared(typed("text/plain", "x"), -1), NotApplicable, ""},
		{"HEAD announces GET's length", ContentLengthMatches, declared(withBody(fwExchange(401, "HEAD"), ""), 57), NotApplicable, ""},
		{"truncated", ContentLengthMatches, truncated(declared(typed("text/plain", "Unauth"), 12)), NotApplicable, ""},
		{"chunked framing wins", ContentLengthMatches, chunked, NotApplicable, ""},
		{"200 is not judged", ContentLengthMatches, declared(withBody(fwExchange(200, "GET"), "x"), 5), NotApplicable, ""},
	})
}

func TestBodyNoCredentialEcho(t *testing.T) {
	secret := func(e *Exchange, s ...string) *Exchange { e.Secrets = s; return e }
	basic := "YWxpY2U6aHVudGVyMjI=" // alice:hunter22
	runFwCases(t, []fwCase{
		{"no echo", BodyNoCredentialEcho, secret(typed("text/plain", "Invalid credentials."), basic, "alice", "hunter22"), Pass, ""},
		{"base64 echoed", BodyNoCredentialEcho, secret(typed("text/plain", "Rejected: Basic "+basic), basic), Violated, "repeats the credentials"},
		{"password in json", BodyNoCredentialEcho, secret(typed("application/json", `{"password":"hunter22"}`), "hunter22"), Violated, "byte 13"},
		{"inside a longer word", BodyNoCredentialEcho, secret(typed("text/plain", "Ask your administrator."), "admin"), Pass, ""},
		{"user name as a word", BodyNoCredentialEcho, secret(typed("text/plain", "User admin is locked."), "admin"), Violated, ""},
		{"html escaped", BodyNoCredentialEcho, secret(typed("text/html", "<p>p&lt;ss&amp;word was wrong</p>"), "p<ss&word"), Violated, ""},
		{"json escaped", BodyNoCredentialEcho, secret(typed("application/json", `{"got":"pa\"ss\/wd"}`), `pa"ss/wd`), Violated, ""},
		{"percent encoded", BodyNoCredentialEcho, secret(typed("text/plain", "see /login?pw=p%40ss%20wd"), "p@ss wd"), Violated, ""},
		{"query encoded", BodyNoCredentialEcho, secret(typed("text/plain", "see /login?pw=p%40ss+wd"), "p@ss wd"), Violated, ""},
		{"gzip body", BodyNoCredentialEcho, secret(typed("text/plain", gzipped("token hunter22 refused"), "Content-Encoding", "gzip"), "hunter22"), Violated, ""},
		{"header field", BodyNoCredentialEcho, secret(typed("text/plain", "no", "X-Debug", "auth=Bearer tok-123456"), "tok-123456"), Violated, "X-Debug header field"},
		{"challenge field", BodyNoCredentialEcho,
			secret(typed("text/plain", "no", "WWW-Authenticate", `Bearer error="invalid_token", error_description="tok-123456 expired"`), "tok-123456"), Violated, "Www-Authenticate"},
		{"no secrets", BodyNoCredentialEcho, typed("text/plain", "x"), NotApplicable, ""},
		{"only short secrets", BodyNoCredentialEcho, secret(typed("text/plain", "bob"), "bob"), NotApplicable, ""},
		{"200 may name the user", BodyNoCredentialEcho, secret(withBody(fwExchange(200, "GET"), "Hello alice"), "alice"), NotApplicable, ""},
	})
	e := typed("text/plain", strings.Repeat("x", 100)+" password=hunter22-long-secret-value and more", "X-Echo", "hunter22-long-secret-value")
	e.Secrets = []string{"hunter22-long-secret-value", "bob"}
	res := Judge(BodyNoCredentialEcho, NewContext(e))
	if len(res.Findings) != 2 {
		t.Fatalf("want one finding for the header and one for the content, got %v", res.Findings)
	}
	for _, f := range res.Findings {
		if strings.Contains(f.Evidence, "hunter22") || !strings.Contains(f.Evidence, "[REDACTED]") || strings.Contains(f.String(), "hunter22") {
			t.Errorf("evidence must be redacted: %q", f.Evidence)
		}
	}
}

// A credential cut by the edge of the excerpt must not show in part.
func TestBodyEvidenceNeverSplitsASecret(t *testing.T) {
	s := "0123456789abcdefSECRET"
	e := &Exchange{Secrets: []string{s}}
	text := []byte(strings.Repeat("y", 150) + s + strings.Repeat("z", 10))
	got := bodyEvidence(e, text, 60)
	if strings.Contains(got, "0123456789") {
		t.Fatalf("a part of the secret leaked: %q", got)
	}
	if got := bodyEvidence(e, text, -5); strings.Contains(got, "SECRET") {
		t.Fatalf("leaked: %q", got)
	}
}

func TestBodyNoStackTrace(t *testing.T) {
	trace := func(body string) *Exchange { return typed("text/plain", body) }
	positives := map[string]string{
		"Java":         "java.lang.IllegalStateException: no user\n\tat com.example.auth.Filter.check(Filter.java:42)\n\tat com.example.Main.main(Main.java:7)\n",
		"Java in JSON": `{"error":"boom","trace":"java.lang.NullPointerException\n\tat com.foo.Bar.baz(Bar.java:12)\n"}`,
		"Java array":   `{"stackTrace":["org.springframework.security.Foo.doFilter(Foo.java:99)"]}`,
		"Kotlin":       "at io.ktor.server.Auth.intercept(Auth.kt:31)",
		"Java native":  "java.lang.Error\n\tat sun.misc.Unsafe.park(Native Method)\n\tat java.util.concurrent.locks.LockSupport.park(Unknown Source)\n",
		"Python":       "Traceback (most recent call last):\n  File \"/app/auth.py\", line 12, in check\n    raise Unauthorized\n",
		"Python frame": `{"detail":"  File \"/srv/app/views.py\", line 88, in login"}`,
		"Go":           "panic: runtime error\n\ngoroutine 1 [running]:\nmain.handler(...)\n\t/app/main.go:23 +0x1d\n",
		".NET":         "System.InvalidOperationException: bad\n   at Auth.Handler.Check() in C:\\src\\Handler.cs:line 42\n",
		".NET async":   "--- End of stack trace from previous location ---",
		".NET frames":  "System.Exception: x\n   at Auth.Handler.Check(String s)\n   at Auth.Pipeline.Run()\n   at Auth.Program.Main()\n",
		"PHP":          "PHP Fatal error:  Uncaught Exception: no in /var/www/auth.php:12\nStack trace:\n#0 {main}\n",
		"PHP html":     "<b>Fatal error</b>: Uncaught Exception<br />Stack trace:<br />#0 /var/www/index.php(3): check()",
		"Node":         "    at Object.<anonymous> (/x.js:1:2)",
		"Node JSON":    `{"stack":"Error: no token\n    at verify (/app/src/auth.js:10:11)\n    at Layer.handle [as handle_request] (/app/node_modules/express/lib/router/layer.js:95:5)"}`,
		"Node builtin": "Error: x\n    at Module._compile (node:internal/modules/cjs/loader:1105:14)",
		"Ruby":         "/app/lib/auth.rb:12:in `check': unauthorized (RuntimeError)",
	}
	negatives := map[string]string{
		"prose with at":        "Please sign in at https://example.com/login and try again at 10:30.",
		"at least one":         "The server sends at least one challenge; look at the WWW-Authenticate field.",
		"error at line":        "Error at line 3: unexpected token in Authorization header.",
		"path mid-sentence":    "Your request failed at /api/v1/items:12:30 as logged.",
		"java word":            "This service is written in Java and uses com.example.Auth for checks.",
		"traceback word":       "No traceback is available; contact support.",
		"file word":            "File \"report\" not found.",
		"go file":              "See main.go:12 for the handler.",
		"goroutine, no file":   "goroutine 7 [running]: nothing more",
		"hash zero":            "Stack: #0 in the queue.",
		"one dotnet-like line": "   at Example.Corp(Ltd)\n",
		"html page":            "<html><body><h1>401 Unauthorized</h1><p>at your service</p></body></html>",
	}
	var cases []fwCase
	for name, body := range positives {
		cases = append(cases, fwCase{"trace " + name, BodyNoStackTrace, trace(body), Violated, "stack trace"})
	}
	for name, body := range negatives {
		cases = append(cases, fwCase{"prose " + name, BodyNoStackTrace, trace(body), Pass, ""})
	}
	cases = append(cases,
		fwCase{"gzip trace", BodyNoStackTrace, typed("text/plain", gzipped(positives["Python"]), "Content-Encoding", "gzip"), Violated, "Python"},
		fwCase{"HEAD not judged", BodyNoStackTrace, withBody(fwExchange(401, "HEAD"), positives["Java"]), NotApplicable, ""},
		fwCase{"empty not judged", BodyNoStackTrace, typed("text/plain", ""), NotApplicable, ""},
	)
	runFwCases(t, cases)
}

func TestBodyHelpers(t *testing.T) {
	if got := bodyInvalidUTF8([]byte("ok\xc3")); got != 2 {
		t.Errorf("bodyInvalidUTF8 = %d, want 2", got)
	}
	if got := bodyInvalidUTF8([]byte("café")); got != -1 {
		t.Errorf("bodyInvalidUTF8 = %d, want -1", got)
	}
	if _, ok := bodyDecode("zstd", []byte("x")); ok {
		t.Error("zstd must not decode")
	}
	big := gzipped(strings.Repeat("a", bodyMaxDecoded+10))
	if _, ok := bodyDecode("gzip", []byte(big)); ok {
		t.Error("a bomb past bodyMaxDecoded must not decode")
	}
	e := typed("text/plain", gzipped("x"), "Content-Encoding", "gzip")
	e.BodyTruncated = true
	if _, ok := bodyContent(e); ok {
		t.Error("truncated coded content cannot be decoded")
	}
	if got := bodyAround([]byte("abc"), 10); got != "abc" {
		t.Errorf("bodyAround past the end = %q", got)
	}
}

// bodyRules are the single-response rules of body.go and problem.go.
var bodyRules = []*Rule{DiagnosticBody, HeadNoContent, ContentTypePresent, ContentMatchesType, ContentLengthMatches,
	BodyNoCredentialEcho, BodyNoStackTrace, ProblemObject, ProblemStatusMatches, ProblemMemberTypes}

// Whatever a server sends, the body rules give a verdict and never panic.
func FuzzBodyRules(f *testing.F) {
	f.Add("application/problem+json", "", []byte(`{"status":401}`), "GET")
	f.Add("text/html; charset=utf-8", "", []byte("<p>&nbsp;<script>x</script>"), "GET")
	f.Add("application/xml", "gzip", []byte(gzipped("<a>")), "GET")
	f.Add("text/plain; charset", "deflate, gzip", []byte("\xff\xfe"), "HEAD")
	f.Fuzz(func(t *testing.T, ct, coding string, body []byte, method string) {
		e := withBody(fwExchange(401, method, "Content-Type", ct, "Content-Encoding", coding), string(body))
		e.Secrets = []string{"hunter22", string(body)}
		c := NewContext(e)
		for _, r := range bodyRules {
			res := Judge(r, c)
			for _, f := range res.Findings {
				if len(body) >= bodyMinSecretLen && strings.Contains(f.Evidence, "hunter22") {
					t.Fatalf("%s leaked a secret: %q", r.ID, f.Evidence)
				}
			}
		}
	})
}

// A megabyte of content costs the body rules one pass each.
func BenchmarkBodyRulesLargeContent(b *testing.B) {
	page := strings.Repeat("<p>Sign in at https://example.com/login at 10:30, a.b.c.d(e) File x line 1</p>\n", 1<<14)
	e := typed("text/html; charset=utf-8", page)
	e.Secrets = []string{"hunter22-secret", "YWxpY2U6aHVudGVyMjI="}
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		c := NewContext(e)
		for _, r := range bodyRules {
			Judge(r, c)
		}
	}
}
