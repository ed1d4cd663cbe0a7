package checks

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// Rules on problem details (RFC 9457), the structured explanation
// rfc9110/diagnostic-body recommends. They judge content labelled
// application/problem+json; other JSON is left alone, however
// problem-shaped.

// ProblemObject: RFC 9457 §3, "The canonical model for problem details is
// a JSON [JSON] object"; application/problem+json is that object serialized. The
// sentence has no keyword: a definition-only constraint, so SHOULD, as the
// catalogue's policy makes every one (audit D14). Content that is not JSON
// at all is rfc9110/content-matches-type's.
var ProblemObject = registerChecked(Rule{
	ID:          "rfc9457/problem-object",
	RFC:         "RFC 9457",
	Section:     "3",
	Level:       Should,
	Severity:    Low,
	Requirement: "Content labelled application/problem+json is one JSON object.",
	Applies:     problemApplies,
}, func(r *Rule, c *Context) []Finding {
	problemObjectOf(c) // decoded once for every rule that reads it
	err := c.problem.err
	if err == "" {
		return nil
	}
	content, _ := bodyContent(c.Ex)
	return []Finding{finding(r, "the application/problem+json content "+err+
		`: send one JSON object, e.g. {"title":"Authentication required","status":`+strconv.Itoa(c.Ex.Status)+`}`,
		bodyEvidence(c.Ex, content, 0))}
})

// ProblemStatusMatches: RFC 9457 §3.1.2, the "status" member, if present,
// "Generators MUST use the same status code in the actual HTTP response".
var ProblemStatusMatches = registerChecked(Rule{
	ID:          "rfc9457/problem-status-matches",
	RFC:         "RFC 9457",
	Section:     "3.1.2",
	Level:       Must,
	Requirement: `The "status" member of a problem details object, when it is a number, equals the response's status code.`,
	Applies: func(c *Context) bool {
		_, ok := problemStatus(c)
		return ok
	},
}, func(r *Rule, c *Context) []Finding {
	n, _ := problemStatus(c)
	if f, err := n.Float64(); err == nil && f == float64(c.Ex.Status) {
		return nil
	}
	msg := `the problem details say "status": ` + n.String() + " but the response is " + fwStatusText(c.Ex.Status) +
		": generic HTTP software acts on the response's status, so make the two agree"
	if via := c.Ex.Header.Get("Via"); via != "" || c.Ex.Proxy {
		// RFC 9457 §3.1.2: consumers use "status" where the status "has
		// been changed (e.g., by an intermediary or cache)" (audit D16).
		msg += "; the response passed an intermediary"
		if via != "" {
			msg += " (Via: " + clip(via) + ")"
		}
		msg += ", which may have changed the status: if so, fix it there, not in the origin"
	}
	return []Finding{finding(r, msg, `"status": `+n.String())}
})

// ProblemMemberTypes: RFC 9457 §3.1 gives each member a type ("type",
// "title", "detail" and "instance" are strings, "status" is a number) and
// says "If a member's value type does not match the specified type, the
// member MUST be ignored". The keyword binds consumers; for the generator,
// a member of the wrong type is a member lost, hence a warning.
var ProblemMemberTypes = registerChecked(Rule{
	ID:          "rfc9457/problem-member-types",
	RFC:         "RFC 9457",
	Section:     "3.1",
	Level:       Should,
	Requirement: `In a problem details object, "type", "title", "detail" and "instance" are strings and "status" is a number.`,
	Applies: func(c *Context) bool {
		_, ok := problemObjectOf(c)
		return ok
	},
}, func(r *Rule, c *Context) []Finding {
	obj, _ := problemObjectOf(c)
	var out []Finding
	for _, m := range problemMembers {
		raw, present := obj[m.name]
		if !present {
			continue
		}
		if got := problemJSONType(raw); got != m.want {
			out = append(out, finding(r, `the problem details member "`+m.name+`" is a JSON `+got+`, not a `+m.want+
				": consumers ignore it (RFC 9457 §3.1), so send a "+m.want, `"`+m.name+`": `+bodyRedact(c.Ex, string(raw))))
		}
	}
	return out
})

// problemMembers are the members RFC 9457 §3.1 defines, in its order.
var problemMembers = []struct{ name, want string }{
	{"type", "string"},
	{"status", "number"},
	{"title", "string"},
	{"detail", "string"},
	{"instance", "string"},
}

// problemApplies is true for a 401/407 whose whole, readable content is
// labelled application/problem+json.
func problemApplies(c *Context) bool {
	if !bodyHasContent(c) || c.Ex.BodyTruncated {
		return false
	}
	mt, _, ok := bodyMediaType(c.Ex)
	if !ok || mt != bodyProblemJSON {
		return false
	}
	_, ok = bodyContent(c.Ex)
	return ok
}

// problemObjectOf returns the problem details object of the response, when
// it is one.
func problemObjectOf(c *Context) (map[string]json.RawMessage, bool) {
	if !c.problem.done {
		c.problem.done = true
		if problemApplies(c) {
			content, _ := bodyContent(c.Ex)
			obj, err := problemDecode(content)
			c.problem.obj, c.problem.ok, c.problem.err = obj, err == "", err
		}
	}
	return c.problem.obj, c.problem.ok
}

// problemStatus returns the "status" member when it is a JSON number.
func problemStatus(c *Context) (json.Number, bool) {
	obj, ok := problemObjectOf(c)
	if !ok {
		return "", false
	}
	raw, present := obj["status"]
	if !present || problemJSONType(raw) != "number" {
		return "", false
	}
	return json.Number(bytes.TrimSpace(raw)), true
}

// problemDecode parses content as a JSON object; the string says what it is
// instead, or is "" when it is an object.
func problemDecode(content []byte) (map[string]json.RawMessage, string) {
	content = bytes.TrimPrefix(content, []byte("\xef\xbb\xbf"))
	if t := bytes.TrimLeft(content, " \t\r\n"); len(t) > 0 && t[0] == '{' {
		// The usual case, read in one pass: Unmarshal validates the whole
		// content first, so when it reads an object the steps below would
		// have come to the same object.
		var obj map[string]json.RawMessage
		if json.Unmarshal(content, &obj) == nil {
			return obj, ""
		}
	}
	if !json.Valid(content) {
		msg, _ := bodyJSONError(content)
		return nil, strings.TrimPrefix(msg, "it ")
	}
	if t := problemJSONType(content); t != "object" {
		return nil, "is a JSON " + t + ", not an object"
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(content, &obj); err != nil {
		return nil, "cannot be read as an object (" + err.Error() + ")"
	}
	return obj, ""
}

// problemJSONType names the JSON type of a valid JSON value.
func problemJSONType(raw []byte) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

// problemString returns the string member name of the problem object, and
// whether it is there as a string.
func problemString(c *Context, name string) (string, bool) {
	obj, ok := problemObjectOf(c)
	if !ok {
		return "", false
	}
	raw, ok := obj[name]
	if !ok {
		return "", false
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}

// ProblemTitleAboutBlank: RFC 9457 §4.2.1, "When "about:blank" is used, the
// title SHOULD be the same as the recommended HTTP status phrase for that
// code (e.g., "Not Found" for 404, and so on), although it MAY be localized
// to suit client preferences (expressed with the Accept-Language request
// header field)." authspec sends no Accept-Language, so no preference asks
// for another language. A missing type means about:blank (§3.1.1). (audit
// M17)
var ProblemTitleAboutBlank = registerChecked(Rule{
	ID:          "rfc9457/problem-title-about-blank",
	RFC:         "RFC 9457",
	Section:     "4.2.1",
	Level:       Should,
	Severity:    Low,
	Requirement: `A problem details object of type "about:blank" (or with no type) has the status phrase as its title, e.g. "Unauthorized" for 401.`,
	Applies: func(c *Context) bool {
		if _, ok := problemString(c, "title"); !ok || http.StatusText(c.Ex.Status) == "" {
			return false
		}
		typ, has := problemString(c, "type")
		obj, _ := problemObjectOf(c)
		_, present := obj["type"]
		return (!present || (has && typ == "about:blank"))
	},
}, func(r *Rule, c *Context) []Finding {
	title, _ := problemString(c, "title")
	want := http.StatusText(c.Ex.Status)
	if strings.EqualFold(strings.TrimSpace(title), want) {
		return nil
	}
	return []Finding{finding(r, `the problem details have type "about:blank" (or none) but the title `+strconv.Quote(clip(title))+
		` is not the status phrase `+strconv.Quote(want)+`: use that title, or a type URI of your own for a problem with its own title`, `"title": `+strconv.Quote(clip(title)))}
})

// ProblemURIMembers: RFC 9457 §3.1.1, "The "type" member is a JSON string
// containing a URI reference [URI] that identifies the problem type";
// §3.1.5, "The "instance" member is a JSON string containing a URI
// reference that identifies the specific occurrence of the problem." No
// keyword: a definition-only constraint, SHOULD (audit M18).
var ProblemURIMembers = registerChecked(Rule{
	ID:          "rfc9457/problem-uri-members",
	RFC:         "RFC 9457",
	Section:     "3.1.1, 3.1.5",
	Level:       Should,
	Severity:    Low,
	Requirement: `The "type" and "instance" members of a problem details object are URI references (RFC 3986).`,
	Applies: func(c *Context) bool {
		_, t := problemString(c, "type")
		_, i := problemString(c, "instance")
		return t || i
	},
}, func(r *Rule, c *Context) []Finding {
	var out []Finding
	for _, name := range []string{"type", "instance"} {
		v, ok := problemString(c, name)
		if !ok {
			continue
		}
		if problem := uriReferenceProblem(v); problem != "" {
			out = append(out, finding(r, `the problem details' "`+name+`" `+strconv.Quote(clip(v))+` is not a URI reference: it `+problem, `"`+name+`": `+strconv.Quote(clip(v))))
		}
	}
	return out
})

// ProblemTitleStable: RFC 9457 §3.1.3, the "title" member "SHOULD NOT
// change from occurrence to occurrence of the problem, except for
// localization" (audit M17). Judged on two answers to the very same
// request (the repeated probe's): the same status and problem type is the
// same problem, and the same Content-Language rules localization out. A
// title that carries a request id or a time belongs in "detail" or
// "instance", which are per occurrence. A problem of type "about:blank"
// (or none) is left to ProblemTitleAboutBlank, whose one right title, the
// status phrase, cannot change: a varying one is that rule's finding.
var ProblemTitleStable = register(Rule{
	ID:          "rfc9457/problem-title-stable",
	RFC:         "RFC 9457",
	Section:     "3.1.3",
	Level:       Should,
	Severity:    Low,
	Requirement: `Two answers to the same request with the same status and problem type (not about:blank) carry the same problem details "title".`,
})

// CheckProblemTitleStable compares the problem details titles of two
// answers to the same request. judged is false when they are not two
// occurrences of one problem in one language (another status, another
// type, another Content-Language, or a title missing from either), and for
// about:blank, which ProblemTitleAboutBlank judges.
func CheckProblemTitleStable(a, b *Exchange) (fs []Finding, judged bool) {
	if a.Status == 0 || a.Status != b.Status {
		return nil, false
	}
	if a.Header.Get("Content-Language") != b.Header.Get("Content-Language") {
		return nil, false
	}
	ca, cb := NewContext(a), NewContext(b)
	ta, okA := problemString(ca, "title")
	tb, okB := problemString(cb, "title")
	if !okA || !okB || problemType(ca) != problemType(cb) || problemType(ca) == "about:blank" {
		return nil, false
	}
	if ta == tb {
		return nil, true
	}
	return []Finding{finding(ProblemTitleStable, "two "+fwStatusText(a.Status)+" answers to the same request carry problem details of the same type with different titles, "+
		strconv.Quote(clip(ta))+" and "+strconv.Quote(clip(tb))+": keep the title fixed per problem type and put what changes (a request id, a time) in \"detail\" or \"instance\"",
		`"title": `+strconv.Quote(clip(tb)))}, true
}

// problemType is the problem's type: the "type" member when it is a
// string, "about:blank" when it is absent or of another type (RFC 9457
// §3.1.1, and §3.1: a member of the wrong type is ignored).
func problemType(c *Context) string {
	if t, ok := problemString(c, "type"); ok {
		return t
	}
	return "about:blank"
}
