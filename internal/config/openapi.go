package config

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// openAPIKeys are the target keys that describe an OpenAPI document; all
// but openapi itself only make sense next to it.
var openAPIKeys = []string{"openapi", "openapi_server", "path_params", "include", "exclude", "max_operations", "openapi_ref_folders"}

// Bounds of max_operations. The default keeps a huge document from
// turning a run into thousands of requests nobody asked for.
const (
	DefaultMaxOperations = 200
	maxMaxOperations     = 10000
)

// openAPI decodes the OpenAPI fields of a target. It checks only what can
// be checked without reading the document: that a file exists, that a URL
// is an absolute http(s) URL, that globs and parameters are well formed.
func (p *parser) openAPI(f fields, field string) *OpenAPISource {
	n := f.get("openapi")
	if n == nil {
		for _, key := range openAPIKeys[1:] {
			if e, ok := f.entries[key]; ok && !isNull(e.value) {
				p.fail(e.key, join(field, key), "is only used with openapi",
					"add openapi: with the path or URL of the API's OpenAPI document, or remove "+key)
				return nil
			}
		}
		return nil
	}
	src := &OpenAPISource{Line: f.entries["openapi"].key.Line, MaxOperations: DefaultMaxOperations}
	src.Written, src.Location = p.openAPILocation(n, join(field, "openapi"))
	if v := f.get("openapi_server"); v != nil {
		src.Server = p.basePath(v, join(field, "openapi_server"))
	}
	if v := f.get("path_params"); v != nil {
		src.PathParams = p.pathParams(v, join(field, "path_params"))
	}
	if v := f.get("include"); v != nil {
		src.Include = p.globs(v, join(field, "include"))
	}
	if v := f.get("exclude"); v != nil {
		src.Exclude = p.globs(v, join(field, "exclude"))
	}
	if v := f.get("max_operations"); v != nil {
		src.MaxOperations = p.integer(v, join(field, "max_operations"), 1, maxMaxOperations)
	}
	if v := f.get("openapi_ref_folders"); v != nil {
		src.RefFolders = p.folders(v, join(field, "openapi_ref_folders"))
	}
	if p.failed() {
		return nil
	}
	return src
}

// openAPILocation returns the document as written and where to read it:
// an http(s) URL as is, a file path resolved against the targets file's
// folder, which must name a readable regular file.
func (p *parser) openAPILocation(n *yamlNode, field string) (written, location string) {
	s := strings.TrimSpace(p.text(n, field))
	switch {
	case p.failed():
		return "", ""
	case s == "":
		p.fail(n, field, "is empty", "write the path of the OpenAPI document (relative to the targets file) or its http(s) URL")
		return "", ""
	case strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://"):
		if u := p.absoluteURL(n, field, s, []string{"http", "https"}); u != nil {
			return s, u.String()
		}
		return "", ""
	case strings.Contains(s, "://"):
		p.fail(n, field, "must be a file path or an http(s) URL", "write a path relative to the targets file, or https://...")
		return "", ""
	}
	if path := p.regularFile(n, field, s, "OpenAPI document", "write the path of the OpenAPI document (YAML or JSON)"); path != "" {
		return s, path
	}
	return "", ""
}

// basePath returns openapi_server: a path such as /api/v1, without a
// trailing slash ("/" alone becomes ""). A full URL is refused: the origin
// is the target's url.
func (p *parser) basePath(n *yamlNode, field string) string {
	s := strings.TrimSpace(p.text(n, field))
	switch {
	case p.failed():
	case strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://"):
		p.fail(n, field, "is a URL, not a base path", "write only the path, e.g. /api/v1: the origin comes from url")
	case !strings.HasPrefix(s, "/"):
		p.fail(n, field, fmt.Sprintf("%q must start with \"/\"", clip(s)), fmt.Sprintf("write %q", "/"+clip(s)))
	case strings.ContainsAny(s, "?#") || strings.IndexFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f || r > 0x7e }) >= 0:
		p.fail(n, field, fmt.Sprintf("%q is not a plain path", clip(s)), "write a path such as /api/v1, without query, fragment or spaces")
	default:
		return strings.TrimRight(s, "/")
	}
	return ""
}

// pathParams decodes path_params: parameter names to the values put in
// the path (percent-encoded when the path is built).
func (p *parser) pathParams(n *yamlNode, field string) map[string]string {
	if n.Kind != yaml.MappingNode {
		p.fail(n, field, "must be a mapping of parameter names to values, not "+describe(n), `write {orderId: "42"}`)
		return nil
	}
	out := map[string]string{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, value := n.Content[i], n.Content[i+1]
		name := p.text(key, field)
		at := join(field, name)
		switch {
		case p.failed():
			return nil
		case name == "":
			p.fail(key, field, "has an empty parameter name", "write the name the document gives the parameter")
		case isNull(value):
			p.fail(value, at, "has no value", `write a value, e.g. "42"`)
		}
		if _, dup := out[name]; dup && !p.failed() {
			p.fail(key, at, "is given twice", "keep one of them")
		}
		if p.failed() {
			return nil
		}
		v := p.text(value, at)
		if !p.failed() && v == "" {
			p.fail(value, at, "is empty", "an empty path segment would change the path; write a value")
		}
		if p.failed() {
			return nil
		}
		out[name] = v
	}
	return out
}

// folders decodes openapi_ref_folders: folders, relative to the targets
// file, made absolute; each must exist.
func (p *parser) folders(n *yamlNode, field string) []string {
	items := p.sequence(n, field, `write a list such as ["../shared-schemas"]`)
	var out []string
	for i, item := range items {
		s := strings.TrimSpace(p.text(item, index(field, i)))
		if p.failed() {
			return nil
		}
		path := s
		if !filepath.IsAbs(path) {
			path = filepath.Join(p.dir, path)
		}
		if info, err := os.Stat(path); err != nil || !info.IsDir() {
			p.fail(item, index(field, i), fmt.Sprintf("%q is not a folder", clip(s)), "name a folder that the document's $refs may read from, relative to the targets file")
			return nil
		}
		out = append(out, path)
	}
	return out
}

// globs decodes include or exclude: globs on operation paths, each
// starting with "/" or "*".
func (p *parser) globs(n *yamlNode, field string) []string {
	items := p.sequence(n, field, `write a list such as ["/orders*"]`)
	var out []string
	for i, item := range items {
		g := p.text(item, index(field, i))
		switch {
		case p.failed():
			return nil
		case !strings.HasPrefix(g, "/") && !strings.HasPrefix(g, "*"):
			p.fail(item, index(field, i), fmt.Sprintf("glob %q must start with \"/\" or \"*\"", clip(g)),
				"globs match the path as the document writes it, e.g. \"/orders*\"")
		case contains(out, g):
			p.fail(item, index(field, i), fmt.Sprintf("glob %q is listed twice", clip(g)), "list each glob once")
		default:
			out = append(out, g)
		}
	}
	return out
}

// ParamNames returns the names of the path parameters given, sorted, for
// messages that list them.
func (s *OpenAPISource) ParamNames() []string {
	out := make([]string, 0, len(s.PathParams))
	for k := range s.PathParams {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// IsURL reports whether the document is fetched over http(s).
func (s *OpenAPISource) IsURL() bool {
	u, err := url.Parse(s.Location)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https")
}
