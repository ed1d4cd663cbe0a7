// Package junitcheck validates a JUnit XML report against the rules of
// report/testdata/junit.xsd, in Go, so that `go test` (and so `make test`)
// can check authspec's junit.xml on a machine without xmllint.
//
// It mirrors testdata/junit.xsd by hand, rule for rule: the root element,
// each element's sequence (order and cardinality), which attributes each
// element may carry and which are required, the attribute types (counts are
// xs:nonNegativeInteger, times non-negative xs:decimal, timestamp
// xs:dateTime) and where text may appear (mixed and xs:string content
// only). A change to the XSD must be made here too. The XSD stays the
// reference: the differential test in this package (AUTHSPEC_XMLLINT=1)
// gives every test document to both this checker and xmllint and fails on
// any disagreement, and a CI stage still runs xmllint against the XSD
// itself, so a drift between the two is caught rather than trusted.
//
// Where the XSD leaves room, it follows libxml2 (xmllint), the validator CI
// uses: numbers may have at most 24 significant digits, a timestamp may
// have trailing whitespace only after a timezone, and 24:00:00 is a valid
// time of day. It is
// stricter than xmllint in what no JUnit writer emits and this checker does
// not model: encodings other than UTF-8, XML 1.1, DTD internal subsets
// (they can declare entities and default attributes) and xsi:type.
package junitcheck

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// Error is a schema violation: where it is (the element path, with 1-based
// indexes among same-named siblings, and the line) and what is wrong.
type Error struct {
	Path string // e.g. testsuites/testsuite[2]/testcase[5]
	Line int    // 1-based line of the offending token's start
	Msg  string
}

func (e *Error) Error() string {
	if e.Path == "" {
		return fmt.Sprintf("junit: line %d: %s", e.Line, e.Msg)
	}
	return fmt.Sprintf("junit: %s (line %d): %s", e.Path, e.Line, e.Msg)
}

// xsiNS is the XML Schema instance namespace; validators accept its
// location hints on any element.
const xsiNS = "http://www.w3.org/2001/XMLSchema-instance"

// Check validates doc, a complete JUnit XML document, and returns the
// first violation of testdata/junit.xsd as an *Error (or the XML parser's
// error when doc is not well-formed), nil when doc is valid.
func Check(doc []byte) error {
	doc = bytes.TrimPrefix(doc, []byte("\ufeff")) // a UTF-8 byte order mark
	c := &checker{doc: doc, dec: xml.NewDecoder(bytes.NewReader(doc))}
	for {
		c.start = c.dec.InputOffset()
		tok, err := c.dec.Token()
		if err == io.EOF {
			return c.finish()
		}
		if err != nil {
			return fmt.Errorf("junit: not well-formed XML: %w", err)
		}
		if err := c.token(tok); err != nil {
			return err
		}
	}
}

// checker walks the token stream, keeping one frame per open element.
type checker struct {
	doc      []byte
	dec      *xml.Decoder
	start    int64 // offset where the current token starts
	stack    []*frame
	rootSeen bool
}

// frame is an open element: its declaration, its path and how far its
// children have got through the declaration's sequence.
type frame struct {
	decl  *elemDecl
	name  string
	path  string
	pos   int            // index of the current particle in decl.seq
	count int            // children matched by that particle so far
	seen  map[string]int // children per name, for path indexes
}

func (c *checker) token(tok xml.Token) error {
	switch t := tok.(type) {
	case xml.StartElement:
		return c.startElement(t)
	case xml.EndElement:
		return c.endElement()
	case xml.CharData:
		return c.text(t)
	case xml.ProcInst:
		if strings.EqualFold(t.Target, "xml") && c.start != 0 {
			return c.errorf("", "the XML declaration is allowed only at the start of the document")
		}
	case xml.Directive:
		return c.directive(t)
	}
	return nil // comments and processing instructions are allowed anywhere
}

// directive accepts a DOCTYPE before the root, without an internal subset:
// a subset can declare entities and default attributes that would change
// the document xmllint validates, and no JUnit writer emits one.
func (c *checker) directive(d xml.Directive) error {
	if c.rootSeen || !bytes.HasPrefix(d, []byte("DOCTYPE")) {
		return c.errorf(c.path(), "unexpected <!%s>", firstWord(d))
	}
	if bytes.ContainsRune(d, '[') {
		return c.errorf("", "DTD internal subsets are not supported")
	}
	return nil
}

func (c *checker) startElement(t xml.StartElement) error {
	name, path, decl, err := c.place(t.Name)
	if err != nil {
		return err
	}
	if err := c.attrs(path, decl, t.Attr); err != nil {
		return err
	}
	c.stack = append(c.stack, &frame{decl: decl, name: name, path: path, seen: map[string]int{}})
	return nil
}

// place finds the declaration of a new element: a global one for the root,
// else the next step of its parent's sequence.
func (c *checker) place(n xml.Name) (name, path string, decl *elemDecl, err error) {
	name = n.Local
	if n.Space != "" {
		name = "{" + n.Space + "}" + n.Local // the XSD has no target namespace
	}
	if len(c.stack) == 0 {
		if c.rootSeen {
			return "", "", nil, c.errorf("", "extra root element <%s> after the document element", name)
		}
		c.rootSeen = true
		if name != "testsuites" && name != "testsuite" {
			return "", "", nil, c.errorf(name, "the root element must be <testsuites> or <testsuite>, not <%s>", name)
		}
		return name, name, decls[name], nil
	}
	parent := c.stack[len(c.stack)-1]
	parent.seen[name]++
	path = fmt.Sprintf("%s/%s[%d]", parent.path, name, parent.seen[name])
	if msg := parent.accept(name); msg != "" {
		return "", "", nil, c.errorf(path, "%s", msg)
	}
	return name, path, decls[name], nil
}

// accept moves f along its sequence to the particle that matches child,
// or says why child may not come next.
func (f *frame) accept(child string) string {
	seq := f.decl.seq
	for j := f.pos; j < len(seq); j++ {
		if seq[j].name != child {
			continue
		}
		if j == f.pos {
			if seq[j].max >= 0 && f.count >= seq[j].max {
				return fmt.Sprintf("more than one <%s> in <%s>", child, f.name)
			}
			f.count++
			return ""
		}
		if missing := f.unmet(j); missing != "" {
			return fmt.Sprintf("<%s> is missing before <%s> in <%s>", missing, child, f.name)
		}
		f.pos, f.count = j, 1
		return ""
	}
	for j := 0; j < f.pos; j++ {
		if seq[j].name == child {
			return fmt.Sprintf("<%s> is out of order: it must come before <%s> in <%s> (%s)",
				child, seq[f.pos].name, f.name, f.decl.expect())
		}
	}
	return fmt.Sprintf("element <%s> is not allowed in <%s> (%s)", child, f.name, f.decl.expect())
}

// unmet returns the first required particle from the current one up to
// (not including) end that has not had its minimum, or "".
func (f *frame) unmet(end int) string {
	seq := f.decl.seq
	for k := f.pos; k < end; k++ {
		have := 0
		if k == f.pos {
			have = f.count
		}
		if have < seq[k].min {
			return seq[k].name
		}
	}
	return ""
}

func (c *checker) endElement() error {
	f := c.stack[len(c.stack)-1]
	c.stack = c.stack[:len(c.stack)-1]
	if missing := f.unmet(len(f.decl.seq)); missing != "" {
		return c.errorf(f.path, "<%s> needs at least one <%s> (%s)", f.name, missing, f.decl.expect())
	}
	return nil
}

// text checks character data against the content type of the element it
// is in: none at all in empty content (not even a CDATA section, as
// libxml2 rules), whitespace only in element-only content, and anything in
// mixed and xs:string content. Outside the root only whitespace may appear.
func (c *checker) text(t xml.CharData) error {
	if len(c.stack) == 0 {
		if !blank(t) {
			return c.errorf("", "text outside the document element")
		}
		return nil
	}
	f := c.stack[len(c.stack)-1]
	switch f.decl.content {
	case emptyContent:
		return c.errorf(f.path, "<%s> must be empty, but has text %s", f.name, quote(t))
	case elementOnly:
		if !blank(t) || c.isCDATA() {
			return c.errorf(f.path, "text %s is not allowed directly inside <%s> (element-only content)", quote(t), f.name)
		}
	}
	return nil
}

// isCDATA says whether the current token is a CDATA section, which libxml2
// counts as character content even when it holds only whitespace.
func (c *checker) isCDATA() bool {
	return bytes.HasPrefix(c.doc[c.start:], []byte("<![CDATA["))
}

func (c *checker) finish() error {
	if !c.rootSeen {
		return c.errorf("", "no document element")
	}
	return nil
}

// attrs checks an element's attributes: each must be declared for it and
// have a valid value, and every required one must be present.
func (c *checker) attrs(path string, decl *elemDecl, attrs []xml.Attr) error {
	seen := map[string]bool{}
	for _, a := range attrs {
		if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
			continue // namespace declarations are not attributes to XSD
		}
		name := attrName(a.Name)
		if seen[name] {
			return c.errorf(path, "attribute %s appears twice", name)
		}
		seen[name] = true
		if msg := checkAttr(decl, a.Name, a.Value); msg != "" {
			return c.errorf(path, "attribute %s: %s", name, msg)
		}
	}
	for _, req := range decl.required {
		if !seen[req] {
			return c.errorf(path, "attribute %s is required", req)
		}
	}
	return nil
}

// checkAttr checks one attribute against decl, returning what is wrong.
func checkAttr(decl *elemDecl, n xml.Name, value string) string {
	switch n.Space {
	case "":
	case xsiNS:
		return checkXSI(n.Local)
	default:
		return "not allowed (the schema declares no namespaced attributes)"
	}
	typ, ok := decl.attrs[n.Local]
	if !ok {
		return fmt.Sprintf("not allowed on this element (allowed: %s)", decl.attrList())
	}
	return typ(value)
}

// checkXSI allows the schema location hints and rejects the xsi attributes
// that would change validation.
func checkXSI(local string) string {
	switch local {
	case "schemaLocation", "noNamespaceSchemaLocation":
		return ""
	case "nil":
		return "not allowed: the element is not nillable"
	case "type":
		return "not supported: xsi:type"
	}
	return "not allowed"
}

// errorf builds an *Error at the current token.
func (c *checker) errorf(path, format string, args ...any) error {
	return &Error{Path: path, Line: 1 + bytes.Count(c.doc[:c.start], []byte("\n")), Msg: fmt.Sprintf(format, args...)}
}

// path is the path of the innermost open element, "" outside the root.
func (c *checker) path() string {
	if len(c.stack) == 0 {
		return ""
	}
	return c.stack[len(c.stack)-1].path
}

func attrName(n xml.Name) string {
	switch n.Space {
	case "":
		return n.Local
	case xsiNS:
		return "xsi:" + n.Local
	}
	return "{" + n.Space + "}" + n.Local
}

// blank reports whether b is only XML whitespace (space, tab, CR, LF).
func blank(b []byte) bool {
	return len(bytes.Trim(b, " \t\r\n")) == 0
}

// quote shows text in an error message, shortened.
func quote(b []byte) string {
	const max = 40
	if len(b) > max {
		return fmt.Sprintf("%q...", b[:max])
	}
	return fmt.Sprintf("%q", b)
}

func firstWord(b []byte) string {
	if i := bytes.IndexAny(b, " \t\r\n"); i >= 0 {
		return string(b[:i])
	}
	return string(b)
}

// The schema: testdata/junit.xsd, declaration for declaration.

// contentKind is what an element may hold besides its child elements.
type contentKind int

const (
	elementOnly  contentKind = iota // child elements and whitespace
	emptyContent                    // nothing: no text, no elements
	textContent                     // text, no elements (mixed="true" without particles, or xs:string)
)

// particle is one xs:element of a sequence; max -1 is unbounded.
type particle struct {
	name     string
	min, max int
}

// attrType checks an attribute value, returning what is wrong or "".
type attrType func(string) string

// elemDecl is an element's type: its content, its sequence of children,
// its attributes and which of them are required.
type elemDecl struct {
	content  contentKind
	seq      []particle
	attrs    map[string]attrType
	required []string
}

const unbounded = -1

// Shared attribute sets of the XSD's named types.
var (
	problemAttrs = map[string]attrType{"message": xsString, "type": xsString}

	suiteDecl = &elemDecl{
		content: elementOnly,
		seq: []particle{
			{"properties", 0, 1}, {"testcase", 0, unbounded},
			{"system-out", 0, 1}, {"system-err", 0, 1},
		},
		attrs: map[string]attrType{
			"name": xsString, "tests": count, "failures": count, "errors": count,
			"skipped": count, "disabled": count, "time": seconds,
			"timestamp": dateTime, "hostname": xsString, "id": xsString, "package": xsString,
		},
		required: []string{"name", "tests"},
	}

	textDecl = &elemDecl{content: textContent, attrs: map[string]attrType{}}
)

// decls maps each element name to its declaration; the XSD uses one type
// per name, so a name alone decides. testsuites and testsuite are the
// global elements, the only possible roots.
var decls = map[string]*elemDecl{
	"testsuites": {
		content: elementOnly,
		seq:     []particle{{"testsuite", 0, unbounded}},
		attrs: map[string]attrType{
			"name": xsString, "tests": count, "failures": count, "errors": count,
			"skipped": count, "disabled": count, "time": seconds,
		},
	},
	"testsuite": suiteDecl,
	"properties": {
		content: elementOnly,
		seq:     []particle{{"property", 1, unbounded}},
		attrs:   map[string]attrType{},
	},
	"property": {
		content:  emptyContent,
		attrs:    map[string]attrType{"name": xsString, "value": xsString},
		required: []string{"name", "value"},
	},
	"testcase": {
		content: elementOnly,
		seq: []particle{
			{"skipped", 0, 1}, {"error", 0, unbounded}, {"failure", 0, unbounded},
			{"system-out", 0, unbounded}, {"system-err", 0, unbounded},
		},
		attrs: map[string]attrType{
			"name": xsString, "classname": xsString, "time": seconds,
			"assertions": xsString, "status": xsString, "file": xsString, "line": count,
		},
		required: []string{"name"},
	},
	"skipped":    {content: textContent, attrs: problemAttrs},
	"error":      {content: textContent, attrs: problemAttrs},
	"failure":    {content: textContent, attrs: problemAttrs},
	"system-out": textDecl,
	"system-err": textDecl,
}

// expect describes d's sequence for error messages, in XSD order.
func (d *elemDecl) expect() string {
	if len(d.seq) == 0 {
		return "no child elements"
	}
	parts := make([]string, len(d.seq))
	for i, p := range d.seq {
		parts[i] = p.name + occurrence(p)
	}
	return "expected " + strings.Join(parts, ", ")
}

func occurrence(p particle) string {
	switch {
	case p.min == 0 && p.max == 1:
		return "?"
	case p.min == 0:
		return "*"
	case p.max != 1:
		return "+"
	}
	return ""
}

// attrList names d's attributes for error messages.
func (d *elemDecl) attrList() string {
	if len(d.attrs) == 0 {
		return "none"
	}
	names := make([]string, 0, len(d.attrs))
	for n := range d.attrs {
		names = append(names, n)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// Attribute value types. xs:decimal and xs:integer collapse whitespace, so
// counts and times may be surrounded by it; libxml2 allows whitespace
// around a dateTime only after a timezone, so dateTime does the same.

// maxDigits is libxml2's limit on significant digits in an xs:decimal or
// xs:integer value: xmllint rejects longer numbers, so this does too.
const maxDigits = 24

func xsString(string) string { return "" }

// count checks an xs:nonNegativeInteger: an optional sign and digits,
// negative only as a zero ("-0").
func count(v string) string {
	s := strings.Trim(v, " \t\r\n")
	neg, digits := cutSign(s)
	if digits == "" || !allDigits(digits) {
		return fmt.Sprintf("%q is not a non-negative integer", v)
	}
	significant := strings.TrimLeft(digits, "0")
	if len(significant) > maxDigits {
		return fmt.Sprintf("%q has more than %d digits", v, maxDigits)
	}
	if neg && significant != "" {
		return fmt.Sprintf("%q is negative", v)
	}
	return ""
}

// seconds checks a time in seconds: an xs:decimal (digits with an optional
// sign and decimal point, no exponent) that is not negative.
func seconds(v string) string {
	s := strings.Trim(v, " \t\r\n")
	neg, rest := cutSign(s)
	trimmed := strings.TrimLeft(rest, "0")
	hadZeros := len(trimmed) < len(rest)
	whole, frac, dot := strings.Cut(trimmed, ".")
	if rest == "" || !allDigits(whole) || !allDigits(frac) || (whole == "" && frac == "" && !hadZeros) {
		return fmt.Sprintf("%q is not a decimal number of seconds", v)
	}
	// libxml2 reads at most maxDigits digits after the leading zeros,
	// and cannot reach a decimal point that follows maxDigits of them.
	if len(whole)+len(frac) > maxDigits || (dot && len(whole) == maxDigits) {
		return fmt.Sprintf("%q has more than %d digits", v, maxDigits)
	}
	if neg && strings.Trim(whole+frac, "0") != "" {
		return fmt.Sprintf("%q is negative", v)
	}
	return ""
}

// dateTime checks the lexical form of an xs:dateTime,
// [-]YYYY-MM-DDThh:mm:ss[.s+][Z|(+|-)hh:mm], and that it names a real
// date and time (24:00:00 included, as in XSD 1.0 and libxml2).
func dateTime(v string) string {
	bad := func(why string) string { return fmt.Sprintf("%q is not an xs:dateTime: %s", v, why) }
	date, timeOfDay, ok := strings.Cut(v, "T")
	if !ok {
		return bad("no T between date and time")
	}
	if why := checkDate(date); why != "" {
		return bad(why)
	}
	clock, zone := cutZone(strings.TrimRight(timeOfDay, " \t\r\n"))
	if zone == "" {
		clock = timeOfDay // libxml2 skips trailing whitespace only after a timezone
	}
	if why := checkClock(clock); why != "" {
		return bad(why)
	}
	if why := checkZone(zone); why != "" {
		return bad(why)
	}
	return ""
}

// checkDate checks [-]YYYY-MM-DD: a year of four or more digits, not
// zero and without leading zeros beyond four, and a day its month has.
func checkDate(date string) string {
	neg := strings.HasPrefix(date, "-")
	date = strings.TrimPrefix(date, "-")
	i := strings.IndexByte(date, '-')
	if i < 0 || len(date) != i+6 || date[i+3] != '-' {
		return "the date is not YYYY-MM-DD"
	}
	ys, ms, ds := date[:i], date[i+1:i+3], date[i+4:]
	if len(ys) < 4 || !allDigits(ys) || !allDigits(ms) || !allDigits(ds) {
		return "the date is not YYYY-MM-DD"
	}
	if len(ys) > 4 && ys[0] == '0' {
		return "a year of more than four digits has a leading zero"
	}
	year, err := strconv.ParseInt(ys, 10, 64)
	if err != nil || year == 0 {
		return "year out of range"
	}
	if neg {
		year = -year
	}
	month, day := atoi(ms), atoi(ds)
	if month < 1 || month > 12 {
		return "month out of range"
	}
	if day < 1 || day > daysIn(month, year) {
		return "day out of range"
	}
	return ""
}

// daysIn is the length of month in year, leap years as libxml2 counts
// them (by the year's number, negative years included).
func daysIn(month int, year int64) int {
	switch month {
	case 2:
		if (year%4 == 0 && year%100 != 0) || year%400 == 0 {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// cutZone splits a time of day from its timezone suffix, if any.
func cutZone(clock string) (string, string) {
	if strings.HasSuffix(clock, "Z") {
		return clock[:len(clock)-1], "Z"
	}
	if i := strings.LastIndexAny(clock, "+-"); i >= 0 {
		return clock[:i], clock[i:]
	}
	return clock, ""
}

// checkClock checks hh:mm:ss[.s+]: each field two digits, the fraction at
// least one; 24:00:00 (with a zero fraction) is the end of the day.
func checkClock(clock string) string {
	hms, frac, dot := strings.Cut(clock, ".")
	if len(hms) != 8 || hms[2] != ':' || hms[5] != ':' ||
		!allDigits(hms[:2]) || !allDigits(hms[3:5]) || !allDigits(hms[6:]) {
		return "the time is not hh:mm:ss"
	}
	if dot && (frac == "" || !allDigits(frac)) {
		return "the fractional seconds are not digits"
	}
	h, m, s := atoi(hms[:2]), atoi(hms[3:5]), atoi(hms[6:])
	if h == 24 && m == 0 && s == 0 && strings.Trim(frac, "0") == "" {
		return ""
	}
	if h > 23 || m > 59 || s > 59 {
		return "time of day out of range"
	}
	return ""
}

// checkZone checks an optional timezone: Z or (+|-)hh:mm, at most 14:00
// from UTC.
func checkZone(zone string) string {
	if zone == "" || zone == "Z" {
		return ""
	}
	if len(zone) != 6 || zone[3] != ':' || !allDigits(zone[1:3]) || !allDigits(zone[4:]) {
		return "the timezone is not Z or ±hh:mm"
	}
	h, m := atoi(zone[1:3]), atoi(zone[4:])
	if m > 59 || h*60+m > 14*60 {
		return "timezone out of range"
	}
	return ""
}

// cutSign splits an optional leading + or - from s.
func cutSign(s string) (neg bool, rest string) {
	if s != "" && (s[0] == '-' || s[0] == '+') {
		return s[0] == '-', s[1:]
	}
	return false, s
}

// allDigits reports whether s is only ASCII digits ("" included).
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// atoi converts a short string of ASCII digits, already checked.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
