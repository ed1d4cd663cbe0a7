package openapi

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// fillPath replaces every {name} in template with a value for the path
// parameter name: from path_params first, then the parameter's example or
// examples, then its schema's example, default or first enum value. It
// returns the path, or why it cannot be filled.
func fillPath(template string, params openapi3.Parameters, given map[string]string) (string, string) {
	var b strings.Builder
	rest := template
	for {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			b.WriteString(rest)
			return b.String(), ""
		}
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 {
			return "", "the path has a { without its closing }"
		}
		name := rest[open+1 : open+end]
		value, why := paramValue(name, params, given)
		if why != "" {
			return "", why
		}
		b.WriteString(rest[:open])
		b.WriteString(url.PathEscape(value))
		rest = rest[open+end+1:]
	}
}

// paramValue finds the value of one path parameter.
func paramValue(name string, params openapi3.Parameters, given map[string]string) (string, string) {
	if v, ok := given[name]; ok {
		return v, ""
	}
	hint := fmt.Sprintf("give it under path_params: {%s: \"...\"}", name)
	p := params.GetByInAndName(openapi3.ParameterInPath, name)
	if p == nil {
		return "", fmt.Sprintf("path parameter %s is not declared in parameters; %s", name, hint)
	}
	candidates := []any{p.Example}
	candidates = append(candidates, examplesOf(p.Examples)...)
	if s := schemaOf(p); s != nil {
		candidates = append(candidates, s.Example)
		candidates = append(candidates, s.Examples...)
		candidates = append(candidates, s.Default)
		if len(s.Enum) > 0 {
			candidates = append(candidates, s.Enum[0])
		}
	}
	for _, c := range candidates {
		if v, ok := scalarText(c); ok {
			return v, ""
		}
	}
	return "", fmt.Sprintf("path parameter %s has no example, default or enum value; %s", name, hint)
}

// examplesOf returns the values of named examples, by name, since the
// library keeps them in a map.
func examplesOf(ex openapi3.Examples) []any {
	names := make([]string, 0, len(ex))
	for n := range ex {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []any
	for _, n := range names {
		if ex[n] != nil && ex[n].Value != nil {
			out = append(out, ex[n].Value.Value)
		}
	}
	return out
}

func schemaOf(p *openapi3.Parameter) *openapi3.Schema {
	if p.Schema == nil {
		return nil
	}
	return p.Schema.Value
}

// scalarText renders a single value for a path segment: strings, numbers
// (without exponent) and booleans; nil, lists and objects do not fill one.
func scalarText(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, x != ""
	case bool:
		return strconv.FormatBool(x), true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	case float32:
		return strconv.FormatFloat(float64(x), 'f', -1, 32), true
	case int, int64, int32, uint64, uint32, uint:
		return fmt.Sprint(x), true
	}
	return "", false
}

// mergeParams returns the parameters of an operation: the path item's,
// overridden by the operation's own of the same name and location.
func mergeParams(item, op openapi3.Parameters) openapi3.Parameters {
	out := append(openapi3.Parameters{}, op...)
	for _, p := range item {
		if p == nil || p.Value == nil {
			continue
		}
		if op.GetByInAndName(p.Value.In, p.Value.Name) == nil {
			out = append(out, p)
		}
	}
	return out
}

// requestMediaType returns the first media type of the operation's request
// body, in sorted order, for POST, PUT and PATCH; "" otherwise.
func requestMediaType(method string, op *openapi3.Operation) string {
	switch method {
	case "POST", "PUT", "PATCH":
	default:
		return ""
	}
	if op.RequestBody == nil || op.RequestBody.Value == nil {
		return ""
	}
	types := make([]string, 0, len(op.RequestBody.Value.Content))
	for t := range op.RequestBody.Value.Content {
		types = append(types, t)
	}
	sort.Strings(types)
	if len(types) == 0 {
		return ""
	}
	return types[0]
}
