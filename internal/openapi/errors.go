package openapi

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// Error is a configuration error found in or about a target's OpenAPI
// document. Like config.Error it names the file and line first, so an
// editor can jump there, and says how to fix it.
type Error struct {
	// Document is the document as written in targets.yaml, or the file a
	// $ref pointed to.
	Document string
	// Line is 1-based; 0 when the library gave no position.
	Line int
	// Target names the target whose document it is.
	Target string
	// Msg says what is wrong; Hint, when not empty, how to fix it.
	Msg, Hint string
}

// Error reads like
//
//	openapi/orders.yaml:12: target orders-api: server "https://other.example" is on another host than the target's url (set openapi_server: /v1)
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(documentName(e.Document))
	if e.Line > 0 {
		b.WriteString(":" + strconv.Itoa(e.Line))
	}
	b.WriteString(": target " + e.Target + ": " + e.Msg)
	if e.Hint != "" {
		b.WriteString(" (" + e.Hint + ")")
	}
	return b.String()
}

// lineInMessage finds the "line N" that YAML and JSON parsers put in their
// messages, since the library returns them as plain errors.
var lineInMessage = regexp.MustCompile(`\bline (\d+)\b`)

// lineOf returns the line a library error names, or 0.
func lineOf(err error) int {
	m := lineInMessage.FindStringSubmatch(err.Error())
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// documentName is a document's location for a message: a URL with its
// query values (a token, say) and any password redacted.
func documentName(doc string) string {
	if !strings.HasPrefix(doc, "http://") && !strings.HasPrefix(doc, "https://") {
		return doc
	}
	u, err := url.Parse(doc)
	if err != nil {
		return doc
	}
	return redactedURL(u)
}
