package openapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"

	"github.com/authspec/authspec/internal/config"
)

// document is a target's OpenAPI document, read and with every $ref
// resolved, plus what the library does not keep: the raw bytes (to find
// lines) and the version as written.
type document struct {
	t       *openapi3.T
	data    []byte
	version string
	lines   lineIndex
	// where is the document's own location, for resolving $refs.
	where *url.URL
}

// load reads and resolves the document of target t. Every error is an
// *Error naming the document. A panic in the library on a hostile
// document ends as such an error too, never as a crash of the run.
func load(t *config.Target, rd *reader, targetsDir string) (d *document, err error) {
	src := t.OpenAPI
	defer func() {
		if r := recover(); r != nil {
			d, err = nil, &Error{Document: src.Written, Target: t.Name, Msg: fmt.Sprintf("cannot be parsed (%v)", r)}
		}
	}()
	fail := func(line int, msg, hint string) error {
		return &Error{Document: src.Written, Line: line, Target: t.Name, Msg: msg, Hint: hint}
	}
	where, err := documentURL(src.Location)
	if err != nil {
		return nil, fail(0, "is not a usable location: "+err.Error(), "")
	}
	data, err := rd.read(where)
	if err != nil {
		return nil, fail(0, "cannot be read: "+err.Error(), readHint(where))
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fail(0, "is empty", "point openapi: at the API's OpenAPI document")
	}
	d = &document{data: data, where: where, lines: indexLines(data)}
	if d.lines.err != nil {
		return nil, fail(lineOf(d.lines.err), "is not valid YAML or JSON: "+trimYAML(d.lines.err), "")
	}
	d.version = d.lines.version
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = true
	loader.IncludeOrigin = true
	loader.Context = context.Background()
	loader.ReadFromURIFunc = refReader(rd, where, refRoots(src, where, targetsDir))
	loader.JoinFunc = resolveRef
	switch {
	case d.lines.swagger != "":
		d.version = "Swagger " + d.lines.swagger
		d.t, err = loadSwagger2(data, loader, where)
	case d.version == "":
		return nil, fail(0, "has no openapi field: it is not an OpenAPI document", "point openapi: at the API's OpenAPI 3.x (or Swagger 2.0) document")
	case !strings.HasPrefix(d.version, "3."):
		return nil, fail(d.lines.versionLine, "is OpenAPI "+d.version+", which authspec does not read", "use an OpenAPI 3.0 or 3.1 document")
	default:
		d.version = "OpenAPI " + d.version
		d.t, err = loader.LoadFromDataWithPath(data, where)
	}
	if err != nil {
		return nil, loadError(t, d, err)
	}
	return d, nil
}

// documentURL turns a document location (an absolute file path or an
// http(s) URL) into the URL the library resolves $refs against.
func documentURL(location string) (*url.URL, error) {
	if strings.HasPrefix(location, "http://") || strings.HasPrefix(location, "https://") {
		return url.Parse(location)
	}
	abs, err := filepath.Abs(location)
	if err != nil {
		return nil, err
	}
	return &url.URL{Path: filepath.ToSlash(abs)}, nil
}

func readHint(where *url.URL) string {
	if where.Scheme == "" {
		return "check the path: relative paths start from the folder of the targets file"
	}
	return "check the URL, and that the server serves the document without credentials"
}

// loadSwagger2 reads a Swagger 2.0 document and converts it to OpenAPI 3
// with the library's converter.
func loadSwagger2(data []byte, loader *openapi3.Loader, where *url.URL) (*openapi3.T, error) {
	var doc2 openapi2.T
	if err := openapi2.UnmarshalFromData(data, &doc2); err != nil {
		return nil, err
	}
	return openapi2conv.ToV3WithLoader(&doc2, loader, where)
}

// refError marks a failure to read the file or URL a $ref points to, so
// that the message can name the reference instead of the library's chain.
type refError struct {
	target string
	err    error
}

func (e *refError) Error() string { return e.target + ": " + e.err.Error() }
func (e *refError) Unwrap() error { return e.err }

// refReader is the policy for what a $ref may point to. A local document
// may refer to local files in its own folder, the targets file's, and the
// folders openapi_ref_folders lists (roots), symbolic links followed; a
// document fetched over http(s) only to URLs of the same origin. Nothing
// else is read: a document must not make authspec fetch from arbitrary
// hosts or read local files on a server's say-so. Errors name the file,
// or the URL with its query values redacted, never what the file holds.
func refReader(rd *reader, root *url.URL, roots []string) openapi3.ReadFromURIFunc {
	return func(_ *openapi3.Loader, u *url.URL) ([]byte, error) {
		local := u.Scheme == "" || u.Scheme == "file"
		var err error
		switch {
		case root.Scheme == "" && !local:
			err = errors.New("a local document may only refer to local files")
		case root.Scheme != "" && (u.Scheme != root.Scheme || u.Host != root.Host):
			err = fmt.Errorf("a document fetched from %s may only refer to URLs on the same origin", root.Scheme+"://"+root.Host)
		case local && !within(u.Path, roots):
			err = errors.New("is outside the document's folder and the targets file's; list its folder under openapi_ref_folders to allow it")
		}
		if err == nil {
			var data []byte
			if data, err = rd.read(u); err == nil {
				return data, nil
			}
		}
		name := redactedURL(u)
		if local {
			name = filepath.FromSlash(u.Path)
		}
		return nil, &refError{target: name, err: err}
	}
}

// refRoots are the folders a local document's $refs may read from: its
// own, the targets file's and those openapi_ref_folders lists. None for a
// fetched document (its refs stay on its origin).
func refRoots(src *config.OpenAPISource, where *url.URL, targetsDir string) []string {
	if where.Scheme != "" {
		return nil
	}
	return append([]string{filepath.Dir(filepath.FromSlash(where.Path)), targetsDir}, src.RefFolders...)
}

// within reports whether path, symbolic links followed, is inside one of
// roots (theirs followed too). A path that cannot be followed (it does not
// exist) is judged as written, and the read then fails on its own.
func within(path string, roots []string) bool {
	real := followed(filepath.FromSlash(path))
	for _, r := range roots {
		rel, err := filepath.Rel(followed(r), real)
		if err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// followed is path absolute and clean, symbolic links followed where it
// exists.
func followed(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = filepath.Clean(path)
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real
	}
	return abs
}

// resolveRef resolves a $ref against the document it is in as RFC 3986
// §5.2 says: a relative reference keeps the base's scheme, host and
// folder, never its query (which may hold a token).
func resolveRef(base, ref *url.URL) *url.URL {
	return base.ResolveReference(ref)
}

// redactedURL writes u with its password and every query value replaced
// by "xxxxx": a document's URL may carry a token in its query.
func redactedURL(u *url.URL) string {
	c := *u
	if c.RawQuery != "" {
		q := c.Query()
		for k := range q {
			for i := range q[k] {
				q[k][i] = "xxxxx"
			}
		}
		c.RawQuery = q.Encode()
	}
	return c.Redacted()
}

// quotedRef finds the $ref a library message is about: a quoted JSON
// pointer, or a quoted string after the word reference.
var quotedRef = regexp.MustCompile(`"([^"]*#/[^"]*)"|(?:reference|\$ref)[^"]*"([^"]+)"`)

// loadError turns a failure of the library into an Error that says what
// is wrong and, where it can be found, on which line.
func loadError(t *config.Target, d *document, err error) error {
	src := t.OpenAPI
	e := &Error{Document: src.Written, Target: t.Name, Line: lineOf(err)}
	var re *refError
	ref := ""
	if m := quotedRef.FindStringSubmatch(err.Error()); m != nil {
		ref = m[1] + m[2]
	}
	switch {
	case errors.As(err, &re):
		e.Msg = "a $ref cannot be resolved: " + re.Error()
		e.Hint = "referenced files are read relative to the document"
	case ref != "":
		e.Msg = fmt.Sprintf("$ref %q cannot be resolved: %s", ref, lastCause(err))
		e.Hint = "check that the component or file it names exists"
	default:
		e.Msg = "cannot be loaded: " + lastCause(err)
	}
	e.Msg = unquoteContent(e.Msg)
	if ref != "" && e.Line == 0 {
		e.Line = d.lines.lineOfText(ref)
	}
	if re != nil && e.Line == 0 {
		e.Line = d.lines.lineOfText(filepath.Base(re.target))
	}
	return e
}

// quotedContent is text a YAML or JSON parser quotes from what it read,
// between backquotes.
var quotedContent = regexp.MustCompile("`[^`]*`")

// unquoteContent drops the content a parser quoted from a file: a $ref may
// have pointed at a file that is nobody's business (its first bytes are
// not for a CI log).
func unquoteContent(msg string) string {
	return quotedContent.ReplaceAllString(msg, "`…`")
}

// lastCause keeps the message of a long chain of wrapped library errors
// readable: the first part says what was being done, the last why.
func lastCause(err error) string {
	s := err.Error()
	const most = 300
	if len(s) > most {
		s = s[:most] + "..."
	}
	return s
}

// trimYAML drops the "yaml: line N: " prefix parsers put on their
// errors: the line is in the message's position already.
func trimYAML(err error) string {
	s := strings.TrimPrefix(err.Error(), "yaml: ")
	if loc := lineInMessage.FindStringIndex(s); loc != nil && loc[0] == 0 {
		s = strings.TrimPrefix(s[loc[1]:], ": ")
	}
	return s
}
