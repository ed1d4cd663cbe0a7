package openapi

import (
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/authspec/authspec/internal/config"
)

// Expand reads the OpenAPI document of every target that names one and
// adds the operations it declares secured to the target's Resources, each
// with what the document says about it (config.Resource.Declared). A
// resource listed by hand that the document also declares is probed once,
// as the document's. It returns, per such target, every operation of the
// document with its verdict, for `authspec discover`.
//
// Call it right after config.Load, before anything is probed. Every error
// is an *Error: a configuration error (exit code 2) naming the document,
// the line where one is known, and the problem. Documents given as http(s)
// URLs are fetched here, with the target's TLS settings and timeout.
func Expand(cfg *config.Config) ([]Report, error) {
	var out []Report
	for i := range cfg.Targets {
		t := &cfg.Targets[i]
		if t.OpenAPI == nil {
			continue
		}
		rep, err := expandTarget(t, filepath.Dir(cfg.File))
		if err != nil {
			return nil, err
		}
		out = append(out, *rep)
	}
	return out, nil
}

// expandTarget does Expand's work for one target.
func expandTarget(t *config.Target, targetsDir string) (*Report, error) {
	rd, err := newReader(t)
	if err != nil {
		return nil, &Error{Document: t.OpenAPI.Written, Target: t.Name, Msg: "cannot be read: " + err.Error()}
	}
	d, err := load(t, rd, targetsDir)
	if err != nil {
		return nil, err
	}
	base, err := basePath(t, d)
	if err != nil {
		return nil, err
	}
	ops, err := operations(t, d, base)
	if err != nil {
		return nil, err
	}
	rep := &Report{Target: t.Name, Document: documentName(t.OpenAPI.Written), Version: d.version, BasePath: base, Operations: ops}
	var protected []Operation
	for _, op := range ops {
		if op.Verdict == Protected {
			protected = append(protected, op)
		}
	}
	if n, most := len(protected), t.OpenAPI.MaxOperations; n > most {
		return nil, &Error{Document: t.OpenAPI.Written, Target: t.Name,
			Msg:  fmt.Sprintf("declares %d secured operations to probe, more than max_operations (%d)", n, most),
			Hint: "narrow them with include or exclude, or raise max_operations"}
	}
	t.Resources, rep.Merged = merge(t.Resources, protected, t.OpenAPI.Line)
	if len(t.Resources) == 0 {
		return nil, &Error{Document: t.OpenAPI.Written, Target: t.Name,
			Msg:  "declares no secured operation that can be probed, and resources lists none",
			Hint: "run authspec discover -targets FILE to see each operation's verdict"}
	}
	return rep, nil
}

// operations judges every operation of the document, in document order.
func operations(t *config.Target, d *document, base string) ([]Operation, error) {
	var out []Operation
	if d.t.Paths == nil {
		return nil, nil
	}
	for template, item := range d.t.Paths.Map() {
		if item == nil {
			continue
		}
		if strings.ContainsAny(template, "\r\n\x00") {
			return nil, &Error{Document: t.OpenAPI.Written, Line: d.pathLine(template, item), Target: t.Name,
				Msg:  "path key " + strconv.Quote(template) + " holds a CR, LF or NUL byte, which no request line can carry",
				Hint: "correct the path key, or exclude it"}
		}
		for method, op := range item.Operations() {
			o, err := judge(t, d, base, template, method, item, op)
			if err != nil {
				return nil, err
			}
			out = append(out, o)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Template != b.Template {
			return a.Template < b.Template
		}
		return a.Method < b.Method
	})
	return out, nil
}

// pathLine is the line of a path key's first operation, or 0.
func (d *document) pathLine(template string, item *openapi3.PathItem) int {
	for method := range item.Operations() {
		if line := d.lines.operation(method, template); line > 0 {
			return line
		}
	}
	return 0
}

// judge gives one operation its verdict.
func judge(t *config.Target, d *document, base, template, method string, item *openapi3.PathItem, op *openapi3.Operation) (Operation, error) {
	src := t.OpenAPI
	o := Operation{Target: t.Name, Method: method, Template: template, Line: d.lines.operation(method, template)}
	if o.Line == 0 && op.Origin != nil && op.Origin.Key != nil {
		o.Line = op.Origin.Key.Line
	}
	reqs := effectiveSecurity(d.t, op)
	if why := publicReason(reqs, op.Security != nil); why != "" {
		o.Verdict, o.Reason = Public, why
		return o, nil
	}
	schemes, none, alts, err := schemesOf(d.t, reqs)
	if err != nil {
		return o, &Error{Document: src.Written, Line: o.Line, Target: t.Name, Msg: method + " " + template + ": " + err.Error(),
			Hint: "define the scheme under components.securitySchemes, or correct the name"}
	}
	o.Declared = &config.DeclaredOperation{
		Document:     documentName(src.Written),
		Line:         o.Line,
		Operation:    method + " " + template,
		Security:     requirementText(reqs),
		Schemes:      schemes,
		Alternatives: alts,
		NoChallenge:  none,
		MediaType:    requestMediaType(method, op),
	}
	if ok, why := selected(template, src.Include, src.Exclude); !ok {
		o.Verdict, o.Reason = Skipped, why
		return o, nil
	}
	path, why := fillPath(template, mergeParams(item.Parameters, op.Parameters), src.PathParams)
	if why != "" {
		o.Verdict, o.Reason = Skipped, why
		return o, nil
	}
	o.Verdict, o.Path = Protected, joinPath(base, path)
	return o, nil
}

// merge adds one resource per protected operation to the hand-listed
// resources. A method listed by hand on the same path is taken out of the
// hand-listed resource (which goes when no method is left), so it is
// probed once, with what the document declares. It returns the resources
// and how many methods were merged so. line is the openapi key's line in
// targets.yaml, given to each resource the document adds.
func merge(listed []config.Resource, ops []Operation, line int) ([]config.Resource, int) {
	out := make([]config.Resource, 0, len(listed)+len(ops))
	merged := 0
	declared := map[string]bool{}
	for _, op := range ops {
		declared[op.Method+" "+op.Path] = true
	}
	for _, r := range listed {
		var keep []string
		for _, m := range r.Methods {
			if declared[m+" "+r.Path] {
				merged++
				continue
			}
			keep = append(keep, m)
		}
		if len(keep) > 0 {
			r.Methods = keep
			out = append(out, r)
		}
	}
	seen := map[string]bool{}
	for _, op := range ops {
		key := op.Method + " " + op.Path
		if seen[key] {
			continue // two templates that fill to the same path
		}
		seen[key] = true
		// Reports point at the openapi key in targets.yaml: that is where
		// the resource comes from in the file the user edits.
		out = append(out, config.Resource{Path: op.Path, Methods: []string{op.Method}, Declared: op.Declared, Line: line})
	}
	return out, merged
}
