package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
)

// The published copy must be what Schema generates. To refresh it:
//
//	make schema   (go run ./cmd/authspec schema > schema/targets.schema.json)
func TestSchemaFileIsCurrent(t *testing.T) {
	got, err := os.ReadFile(filepath.Join(repoRoot(t), "schema", "targets.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, Schema()) {
		t.Error("schema/targets.schema.json is stale; run\n\tmake schema")
	}
}

// The shipped targets.yaml names the schema for editors on its first line.
func TestShippedTargetsNameTheSchema(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "targets.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(string(data), "\n")
	const want = "# yaml-language-server: $schema=schema/targets.schema.json"
	if first != want {
		t.Errorf("targets.yaml starts with %q, want %q", first, want)
	}
}

// Every targets file in the repository that Parse accepts, the schema
// accepts too, and so does every targets example in the documentation.
func TestSchemaAcceptsEveryExample(t *testing.T) {
	useTestChecks(t)
	schema := compiledSchema(t)
	root := repoRoot(t)
	files, snippets := 0, 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != root && (d.Name() == ".git" || d.Name() == "reports" || d.Name() == "fuzz") {
			return filepath.SkipDir
		}
		rel, _ := filepath.Rel(root, path)
		switch {
		case d.IsDir():
		case strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml"):
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			if !hasTargetsKey(data) {
				return nil
			}
			if _, _, perr := Parse(path, data, anyEnv); perr != nil {
				t.Logf("%s: Parse rejects it (%v); not an example", rel, perr)
				return nil
			}
			files++
			if err := validateYAML(schema, data); err != nil {
				t.Errorf("%s: Parse accepts it, the schema does not:\n%v", rel, err)
			}
		case strings.HasSuffix(path, ".md"):
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, block := range yamlBlocks(string(data)) {
				if !hasTargetsKey([]byte(block.text)) {
					continue
				}
				snippets++
				if err := validateYAML(schema, []byte(block.text)); err != nil {
					t.Errorf("%s:%d: the targets example does not match the schema:\n%v", rel, block.line, err)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 4 || snippets < 4 {
		t.Errorf("validated %d targets files and %d documented examples; expected at least 4 of each", files, snippets)
	}
	t.Logf("validated %d targets files and %d documented examples", files, snippets)
}

// For every key of every mapping Parse knows, a file using it is accepted
// by both; the same file with an unknown key beside it is refused by both.
// The key lists come from Parse's own tables, so a key added there without
// a sample here (and a property in the schema) fails this test.
func TestSchemaAndParseAgreeOnEveryKey(t *testing.T) {
	useTestChecks(t)
	schema := compiledSchema(t)
	tables := map[string][]string{
		"top":                topKeys,
		"defaults":           settingKeys,
		"target":             targetKeys,
		"resource":           resourceKeys,
		"credentials":        credentialKeys,
		"origin_credentials": originCredentialKeys,
		"tls":                tlsKeys,
		"waiver":             waiverKeys,
		"header":             headerValueKeys,
	}
	checked := 0
	for table, keys := range tables {
		for _, key := range keys {
			sample, ok := keySamples[table+"."+key]
			if !ok {
				t.Errorf("no sample for %s key %q: add one to keySamples (and its property to propertySchemas)", table, key)
				continue
			}
			src := strings.ReplaceAll(sample, "@", "")
			path := filepath.Join(repoRoot(t), "internal", "config", "testdata", "schema-sample.yaml")
			if _, _, err := Parse(path, []byte(src), anyEnv); err != nil {
				t.Errorf("%s.%s: Parse rejects the sample: %v\n%s", table, key, err, src)
				continue
			}
			if err := validateYAML(schema, []byte(src)); err != nil {
				t.Errorf("%s.%s: Parse accepts it, the schema does not: %v\n%s", table, key, err, src)
			}
			// "@" marks the mapping the key is in: an unknown key there.
			bad := unknownKeyAt(sample)
			if _, _, err := Parse(path, []byte(bad), anyEnv); err == nil || !strings.Contains(err.Error(), "unknown field") {
				t.Errorf("%s.%s: Parse does not refuse an unknown key beside it (%v)\n%s", table, key, err, bad)
			}
			if err := validateYAML(schema, []byte(bad)); err == nil {
				t.Errorf("%s.%s: the schema accepts an unknown key beside it\n%s", table, key, bad)
			}
			checked++
		}
	}
	if len(keySamples) != checked {
		var stale []string
		for k := range keySamples {
			table, key, _ := strings.Cut(k, ".")
			if !contains(tables[table], key) {
				stale = append(stale, k)
			}
		}
		sort.Strings(stale)
		if len(stale) > 0 {
			t.Errorf("samples for keys Parse does not know: %v", stale)
		}
	}
	// And the schema's own objects list exactly those keys.
	var doc map[string]any
	if err := json.Unmarshal(Schema(), &doc); err != nil {
		t.Fatal(err)
	}
	defs := doc["$defs"].(map[string]any)
	objects := map[string]map[string]any{
		"top":                doc,
		"defaults":           defs["settings"].(map[string]any),
		"target":             defs["target"].(map[string]any),
		"resource":           defs["resource"].(map[string]any)["oneOf"].([]any)[1].(map[string]any),
		"credentials":        defs["credentials"].(map[string]any),
		"origin_credentials": defs["origin_credentials"].(map[string]any),
		"tls":                defs["tls"].(map[string]any),
		"waiver":             defs["waiver"].(map[string]any),
		"header":             defs["header"].(map[string]any),
	}
	for table, obj := range objects {
		var props []string
		for k := range obj["properties"].(map[string]any) {
			props = append(props, k)
		}
		want := append([]string(nil), tables[table]...)
		sort.Strings(props)
		sort.Strings(want)
		if strings.Join(props, ",") != strings.Join(want, ",") {
			t.Errorf("%s: the schema has keys %v, Parse %v", table, props, want)
		}
		if obj["additionalProperties"] != false {
			t.Errorf("%s: the schema allows keys Parse refuses", table)
		}
	}
}

// The validator really validates: wrong types and values are refused.
func TestSchemaRefusesWrongValues(t *testing.T) {
	schema := compiledSchema(t)
	for _, src := range []string{
		"targets: []\n",
		"targets:\n  - url: https://a.example\n    resources: [/x]\n",                     // no name
		"targets:\n  - name: a\n    url: https://a.example\n    kind: gateway\n",          // kind
		"targets:\n  - name: a\n    url: https://a.example\n    concurrency: 65\n",        // range
		"targets:\n  - name: a\n    url: https://a.example\n    timeout: 10\n",            // bare number
		"targets:\n  - name: a\n    url: https://a.example\n    resources: [admin]\n",     // no slash
		"targets:\n  - name: a b\n    url: https://a.example\n    resources: [/x]\n",      // name
		"targets:\n  - name: a\n    url: https://a.example\n    strict: yes please\n",     // not a bool
		"targets:\n  - name: a\n    url: https://a.example\n    waivers: [{check: x}]\n",  // no reason
		"defaults: {max_body: lots}\ntargets:\n  - name: a\n    url: https://a.example\n", // size
		"targets:\n  - name: a\n    url: https://a.example\n    tls: {ca: x.pem}\n",       // tls key
		"targets:\n  - name: a\n    url: https://a.example\n    credentials: {user: x}\n", // credentials key
		"targets:\n  - name: a\n    url: https://a.example\n    resources: [{path: /x, methods: []}]\n",
	} {
		if err := validateYAML(schema, []byte(src)); err == nil {
			t.Errorf("the schema accepts\n%s", src)
		}
	}
}

// keySamples holds, for each key of each of Parse's tables, a file using
// it. "@" marks the line of the mapping the key is in, where
// unknownKeyAt adds an unknown key.
var keySamples = map[string]string{
	"top.targets":  "@targets:\n  - {name: a, url: https://a.example, resources: [/x]}\n",
	"top.baseline": "@baseline: tls/ca.pem\ntargets:\n  - {name: a, url: https://a.example, resources: [/x]}\n",
	"top.defaults": "@defaults:\n  timeout: 5s\ntargets:\n  - {name: a, url: https://a.example, resources: [/x]}\n",

	"defaults.timeout":         defaultsSample("timeout: 500ms"),
	"defaults.max_body":        defaultsSample("max_body: 64KiB"),
	"defaults.strict":          defaultsSample("strict: true"),
	"defaults.concurrency":     defaultsSample("concurrency: 8"),
	"defaults.rate":            defaultsSample("rate: 2.5"),
	"defaults.retries":         defaultsSample("retries: 0"),
	"defaults.max_retry_after": defaultsSample("max_retry_after: 1m30s"),

	"target.name":                targetSample(""),
	"target.url":                 targetSample(""),
	"target.kind":                targetSample("kind: origin"),
	"target.through":             "targets:\n  - @name: p\n    url: http://127.0.0.1:3128\n    kind: proxy\n    through: http://example.com/\n    resources: [/]\n",
	"target.resources":           "targets:\n  - @name: a\n    url: https://a.example\n    resources: [/y, {path: /z, methods: [GET, POST]}]\n",
	"target.expect_schemes":      targetSample("expect_schemes: [Bearer, Basic]"),
	"target.origin_credentials":  "targets:\n  - @name: p\n    url: http://127.0.0.1:3128\n    kind: proxy\n    through: http://127.0.0.1:8080/\n    resources: [/]\n    origin_credentials: {token: \"${TOKEN}\"}\n",
	"target.credentials":         targetSample("credentials: {token: \"${TOKEN}\"}"),
	"target.headers":             targetSample("headers: {X-Env: staging, X-Retry: 3, X-Trace: {value: \"${TRACE}\", public: true}}"),
	"target.tls":                 targetSample("tls: {server_name: api.internal}"),
	"target.allow_cleartext":     targetSample("allow_cleartext: false"),
	"target.follow_redirects":    targetSample("follow_redirects: true"),
	"target.waivers":             targetSample("waivers: [{check: rfc9110/challenge-present, reason: ticket 1}]"),
	"target.openapi":             targetSample("openapi: https://a.example/openapi.json"),
	"target.openapi_server":      targetSample("openapi: https://a.example/openapi.json\n    openapi_server: /v1"),
	"target.path_params":         targetSample("openapi: https://a.example/openapi.json\n    path_params: {orderId: 42}"),
	"target.include":             targetSample("openapi: https://a.example/openapi.json\n    include: [\"/orders*\"]"),
	"target.exclude":             targetSample("openapi: https://a.example/openapi.json\n    exclude: [\"*/admin\"]"),
	"target.max_operations":      targetSample("openapi: https://a.example/openapi.json\n    max_operations: 50"),
	"target.openapi_ref_folders": targetSample("openapi: https://a.example/openapi.json\n    openapi_ref_folders: [tls]"),
	"target.mcp":                 targetSample("mcp: 2025-11-25"),
	"target.browser_origin":      targetSample("browser_origin: https://app.example.com"),
	"target.metadata_hosts":      targetSample("metadata_hosts: [auth.example.com, 10.0.0.1]"),
	"target.timeout":             targetSample("timeout: 20s"),
	"target.max_body":            targetSample("max_body: 512"),
	"target.strict":              targetSample("strict: false"),
	"target.concurrency":         targetSample("concurrency: 1"),
	"target.rate":                targetSample("rate: 100"),
	"target.retries":             targetSample("retries: 5"),
	"target.max_retry_after":     targetSample("max_retry_after: 0s"),

	"resource.path":    "targets:\n  - name: a\n    url: https://a.example\n    resources:\n      - @path: /x\n",
	"resource.methods": "targets:\n  - name: a\n    url: https://a.example\n    resources:\n      - @path: /x\n        methods: [GET, DELETE]\n",

	"credentials.username":      credentialsSample("username: ${USER_NAME}\n      password: ${PASS}"),
	"credentials.password":      credentialsSample("username: bob\n      password: ${PASS}"),
	"credentials.token":         credentialsSample("token: ${TOKEN}"),
	"credentials.limited_token": credentialsSample("token: ${TOKEN}\n      limited_token: ${LIMITED}"),
	"credentials.dpop_key":      credentialsSample("token: ${TOKEN}\n      dpop_key: dpop.pem"),
	"credentials.query_token":   credentialsSample("token: ${TOKEN}\n      query_token: true"),

	"origin_credentials.username": originCredentialsSample("username: ${USER_NAME}\n      password: ${PASS}"),
	"origin_credentials.password": originCredentialsSample("username: bob\n      password: ${PASS}"),
	"origin_credentials.token":    originCredentialsSample("token: ${TOKEN}"),

	"tls.ca_file":              tlsSample("ca_file: tls/ca.pem"),
	"tls.cert_file":            tlsSample("cert_file: tls/client.pem\n      key_file: tls/client.key"),
	"tls.key_file":             tlsSample("key_file: tls/client.key\n      cert_file: tls/client.pem"),
	"tls.server_name":          tlsSample("server_name: api.internal"),
	"tls.insecure_skip_verify": tlsSample("insecure_skip_verify: true"),

	"header.value":  targetSample("headers:\n      X-Trace:\n        @value: \"${TRACE}\"\n        public: true"),
	"header.public": targetSample("headers:\n      X-Trace:\n        @public: false\n        value: trace-1"),

	"waiver.check":  waiverSample(""),
	"waiver.reason": waiverSample(""),
	"waiver.until":  waiverSample("\n        until: 2027-03-31"),
}

func defaultsSample(line string) string {
	return "defaults:\n  @" + line + "\ntargets:\n  - {name: a, url: https://a.example, resources: [/x]}\n"
}

func targetSample(lines string) string {
	mark := "@"
	if strings.Contains(lines, "@") {
		mark = ""
	}
	s := "targets:\n  - " + mark + "name: a\n    url: https://a.example\n    resources: [/x]\n"
	if lines != "" {
		s += "    " + lines + "\n"
	}
	return s
}

func credentialsSample(lines string) string {
	return targetSample("credentials:\n      @" + lines)
}

// originCredentialsSample is a proxy target, the only kind that takes
// origin_credentials, with lines in that mapping.
func originCredentialsSample(lines string) string {
	return "targets:\n  - name: p\n    url: http://127.0.0.1:3128\n    kind: proxy\n    through: http://127.0.0.1:8080/\n    resources: [/]\n    origin_credentials:\n      @" + lines + "\n"
}

func tlsSample(lines string) string {
	return "targets:\n  - name: a\n    url: https://a.example\n    resources: [/x]\n    tls:\n      @" + lines + "\n"
}

func waiverSample(extra string) string {
	return targetSample("waivers:\n      - @check: rfc9110/challenge-present\n        reason: ticket 1" + extra)
}

// unknownKeyAt puts "bogus_key: 1" in the mapping whose line "@" marks, at
// that mapping's indentation: before a line that opens a block (its value
// follows on the next lines), after any other.
func unknownKeyAt(sample string) string {
	lines := strings.Split(sample, "\n")
	for i, line := range lines {
		at := strings.Index(line, "@")
		if at < 0 {
			continue
		}
		lines[i] = line[:at] + line[at+1:]
		extra := strings.Repeat(" ", at) + "bogus_key: 1"
		where := i + 1
		if strings.HasSuffix(line, ":") {
			where = i
		}
		lines = append(lines[:where], append([]string{extra}, lines[where:]...)...)
		break
	}
	return strings.Join(lines, "\n")
}

// anyEnv resolves every ${VAR} to a harmless value.
func anyEnv(name string) (string, bool) { return "value-" + strings.ToLower(name), true }

func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		t.Fatalf("no go.mod in %s", dir)
	}
	return dir
}

func compiledSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(Schema()))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource(SchemaID, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(SchemaID)
	if err != nil {
		t.Fatalf("the schema does not compile: %v", err)
	}
	return s
}

// validateYAML validates a YAML document against the schema, as an editor
// does: scalars take the JSON type of their YAML tag.
func validateYAML(s *jsonschema.Schema, data []byte) error {
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		return err
	}
	if len(n.Content) == 0 {
		return fmt.Errorf("empty document")
	}
	return s.Validate(yamlToJSON(n.Content[0]))
}

func yamlToJSON(n *yaml.Node) any {
	switch n.Kind {
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = yamlToJSON(n.Content[i+1])
		}
		return m
	case yaml.SequenceNode:
		l := []any{}
		for _, c := range n.Content {
			l = append(l, yamlToJSON(c))
		}
		return l
	case yaml.AliasNode:
		return yamlToJSON(n.Alias)
	}
	switch n.ShortTag() {
	case "!!int":
		if v, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64); err == nil {
			return json.Number(strconv.FormatInt(v, 10))
		}
	case "!!float":
		if v, err := strconv.ParseFloat(n.Value, 64); err == nil {
			return json.Number(strconv.FormatFloat(v, 'g', -1, 64))
		}
	case "!!bool":
		var b bool
		if n.Decode(&b) == nil {
			return b
		}
	case "!!null":
		return nil
	}
	return n.Value
}

func hasTargetsKey(data []byte) bool {
	var n yaml.Node
	if yaml.Unmarshal(data, &n) != nil || len(n.Content) == 0 || n.Content[0].Kind != yaml.MappingNode {
		return false
	}
	for i := 0; i < len(n.Content[0].Content); i += 2 {
		if n.Content[0].Content[i].Value == "targets" {
			return true
		}
	}
	return false
}

type block struct {
	line int
	text string
}

var yamlFence = regexp.MustCompile("^```ya?ml\\s*$")

// yamlBlocks returns the ```yaml blocks of a Markdown text.
func yamlBlocks(md string) []block {
	var out []block
	var cur *block
	for i, line := range strings.Split(md, "\n") {
		switch {
		case cur == nil && yamlFence.MatchString(line):
			cur = &block{line: i + 2}
		case cur != nil && strings.TrimSpace(line) == "```":
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			cur.text += line + "\n"
		}
	}
	return out
}
