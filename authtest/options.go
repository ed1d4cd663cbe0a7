package authtest

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/authspec/authspec/internal/config"
)

// An Option configures Handler. Each option has the name of the
// targets.yaml key it sets (Token sets credentials.token, ExpectSchemes
// sets expect_schemes), takes the same values, and is checked by the same
// loader, with the same messages: a handler probed in a test is the target
// `authspec run` would probe with that configuration.
type Option func(*options)

// optionKeys is the one place where options meet targets.yaml: each
// option's name and the key it sets, a dot between nested keys. An option
// finds its key here and nowhere else, and TestOptionsAreTargetsKeys holds
// this table against the loader's own key table, so the two cannot drift.
var optionKeys = []struct{ option, key string }{
	{"Name", "name"},
	{"Resources", "resources"},
	{"ExpectSchemes", "expect_schemes"},
	{"Username", "credentials.username"},
	{"Password", "credentials.password"},
	{"Token", "credentials.token"},
	{"LimitedToken", "credentials.limited_token"},
	{"DPoPKey", "credentials.dpop_key"},
	{"QueryToken", "credentials.query_token"},
	{"Headers", "headers"},
	{"FollowRedirects", "follow_redirects"},
	{"Waivers", "waivers"},
	{"Strict", "strict"},
	{"Timeout", "timeout"},
	{"MaxBody", "max_body"},
	{"Retries", "retries"},
	{"MaxRetryAfter", "max_retry_after"},
	{"MCP", "mcp"},
	{"BrowserOrigin", "browser_origin"},
	{"MetadataHosts", "metadata_hosts"},
}

// keyOf returns the targets.yaml key of an option.
func keyOf(option string) string {
	for _, ok := range optionKeys {
		if ok.option == option {
			return ok.key
		}
	}
	panic("authtest: option " + option + " has no key in optionKeys")
}

// optionOf returns the option that sets a targets.yaml key ("" if none).
func optionOf(key string) string {
	for _, ok := range optionKeys {
		if ok.key == key {
			return ok.option
		}
	}
	return ""
}

// options is what the options say, as the target entry of a targets file.
type options struct {
	entry map[string]any
	// resources keeps the order paths were first named in, and each
	// path's methods.
	paths   []string
	methods map[string][]string
}

func newOptions(opts []Option) *options {
	o := &options{entry: map[string]any{}, methods: map[string][]string{}}
	for _, opt := range opts {
		if opt != nil {
			opt(o)
		}
	}
	return o
}

// set puts value at the option's key, making the mappings on its way.
func (o *options) set(option string, value any) {
	parts := strings.Split(keyOf(option), ".")
	m := o.entry
	for _, p := range parts[:len(parts)-1] {
		next, ok := m[p].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[p] = next
		}
		m = next
	}
	m[parts[len(parts)-1]] = value
}

// Name names the handler in findings and in RequirePass's output
// (targets.yaml: name). The default is "handler".
func Name(name string) Option {
	return func(o *options) { o.set("Name", name) }
}

// Resources are the protected resources to probe (targets.yaml:
// resources). Each is a path, probed with GET, or a method and a path,
// "POST /api/v1/orders"; several methods of one path gather into one
// resource, in the order given. A path may carry a query.
func Resources(resources ...string) Option {
	return func(o *options) {
		for _, r := range resources {
			method, path := "GET", strings.TrimSpace(r)
			if m, p, ok := strings.Cut(path, " "); ok && !strings.HasPrefix(path, "/") {
				method, path = m, strings.TrimSpace(p)
			}
			if _, seen := o.methods[path]; !seen {
				o.paths = append(o.paths, path)
			}
			o.methods[path] = append(o.methods[path], method)
		}
		list := make([]any, 0, len(o.paths))
		for _, p := range o.paths {
			list = append(list, map[string]any{"path": p, "methods": o.methods[p]})
		}
		o.set("Resources", list)
	}
}

// ExpectSchemes are auth-schemes the challenges must offer (targets.yaml:
// expect_schemes), e.g. "Bearer".
func ExpectSchemes(schemes ...string) Option {
	return func(o *options) { o.set("ExpectSchemes", schemes) }
}

// Username is the user name of valid Basic and Digest credentials
// (targets.yaml: credentials.username); it goes with Password. Which of
// the two schemes is tried follows what the handler offers, as in a run.
func Username(username string) Option {
	return func(o *options) { o.set("Username", username) }
}

// Password is the password of valid Basic and Digest credentials
// (targets.yaml: credentials.password); it goes with Username.
func Password(password string) Option {
	return func(o *options) { o.set("Password", password) }
}

// Token is a valid Bearer token (targets.yaml: credentials.token).
func Token(token string) Option {
	return func(o *options) { o.set("Token", token) }
}

// LimitedToken is a valid token that lacks the scope the resources need
// (targets.yaml: credentials.limited_token), for the scope and step-up
// refusals of RFC 6750 §3.1; it goes with Token.
func LimitedToken(token string) Option {
	return func(o *options) { o.set("LimitedToken", token) }
}

// DPoPKey is the path of the EC P-256 private key (PEM or JWK) Token is
// DPoP-bound to (targets.yaml: credentials.dpop_key); with it the
// dpop-forgery probe sends forged DPoP proofs (RFC 9449 §4.3, §7.2).
func DPoPKey(path string) Option {
	return func(o *options) { o.set("DPoPKey", path) }
}

// QueryToken lets the query-token probe send Token in the URI query as
// access_token too (targets.yaml: credentials.query_token: true), to judge
// RFC 6750 §2.3's Cache-Control: private and §3.1's refusal of a token
// sent two ways at once. A handler in a test has no access log to leak it
// to; a real server's URLs do land in logs, hence the opt-in.
func QueryToken() Option {
	return func(o *options) { o.set("QueryToken", true) }
}

// Headers are extra request header fields sent with every probe
// (targets.yaml: headers). Authorization and the framing fields are
// refused, as in targets.yaml.
func Headers(fields map[string]string) Option {
	return func(o *options) { o.set("Headers", fields) }
}

// FollowRedirects follows redirects instead of reporting them
// (targets.yaml: follow_redirects: true).
func FollowRedirects() Option {
	return func(o *options) { o.set("FollowRedirects", true) }
}

// Strict makes warnings fail too (targets.yaml: strict: true).
func Strict() Option {
	return func(o *options) { o.set("Strict", true) }
}

// A Waiver is a known deviation (one item of targets.yaml's waivers): the
// results of rule Check are skipped with Reason instead of failing, until
// the end of the day Until names (the zero time: never expires).
type Waiver struct {
	Check  string
	Reason string
	Until  time.Time
}

// Waivers are known deviations (targets.yaml: waivers). A waived result is
// skipped, never passed, and its message still says what broke.
func Waivers(waivers ...Waiver) Option {
	return func(o *options) {
		list := make([]any, 0, len(waivers))
		for _, w := range waivers {
			item := map[string]any{"check": w.Check, "reason": w.Reason}
			if !w.Until.IsZero() {
				item["until"] = w.Until.UTC().Format(time.DateOnly)
			}
			list = append(list, item)
		}
		o.set("Waivers", list)
	}
}

// Timeout bounds each request (targets.yaml: timeout; default 10s).
func Timeout(d time.Duration) Option {
	return func(o *options) { o.set("Timeout", d.String()) }
}

// MaxBody is the most bytes of a response body read (targets.yaml:
// max_body; default 1 MiB).
func MaxBody(bytes int64) Option {
	return func(o *options) { o.set("MaxBody", bytes) }
}

// Retries is how many times a 429 or 503 with Retry-After is honoured
// (targets.yaml: retries; default 2).
func Retries(n int) Option {
	return func(o *options) { o.set("Retries", n) }
}

// MaxRetryAfter caps a single Retry-After wait (targets.yaml:
// max_retry_after; default 10s).
func MaxRetryAfter(d time.Duration) Option {
	return func(o *options) { o.set("MaxRetryAfter", d.String()) }
}

// MCP says the resources are MCP endpoints of this protocol revision
// (targets.yaml: mcp), e.g. "2025-11-25" or "latest".
func MCP(revision string) Option {
	return func(o *options) { o.set("MCP", revision) }
}

// BrowserOrigin also probes as a browser client from this origin
// (targets.yaml: browser_origin), e.g. "https://app.example.com".
func BrowserOrigin(origin string) Option {
	return func(o *options) { o.set("BrowserOrigin", origin) }
}

// MetadataHosts are more hosts OAuth metadata may be fetched from
// (targets.yaml: metadata_hosts).
func MetadataHosts(hosts ...string) Option {
	return func(o *options) { o.set("MetadataHosts", hosts) }
}

// optionsError says what the loader refused in terms of options: the
// field "targets[0].credentials.password" is the option Password. The
// loader's message and hint are kept word for word.
func optionsError(err error) error {
	var ce *config.Error
	if !errors.As(err, &ce) {
		return fmt.Errorf("authtest: options: %w", err)
	}
	where := "options"
	if field := fieldKey(ce.Field); field != "" {
		where = field
		for key := field; key != ""; key = parentKey(key) {
			if option := optionOf(key); option != "" {
				where = option + " (" + field + ")"
				break
			}
		}
	}
	msg := "authtest: " + where + ": " + ce.Msg
	if ce.Hint != "" {
		msg += " (" + ce.Hint + ")"
	}
	return errors.New(msg)
}

// fieldKey turns a loader field path into a key path: indexes and the
// target's own place dropped, "targets[0].waivers[1].check" is
// "waivers.check".
func fieldKey(field string) string {
	field = indexes.ReplaceAllString(field, "")
	field = strings.TrimPrefix(field, "targets")
	return strings.TrimPrefix(field, ".")
}

var indexes = regexp.MustCompile(`\[\d+\]`)

// parentKey drops the last part of a key path.
func parentKey(key string) string {
	i := strings.LastIndex(key, ".")
	if i < 0 {
		return ""
	}
	return key[:i]
}
