package probe

import (
	"fmt"
	"math"
	"net"
	"net/url"
	"strings"
)

// curlCommand returns a curl command line that sends the same request:
// same method, URL, configured header fields, TLS settings and
// credentials, the valid ones as ${AUTHSPEC_...} placeholders.
//
// --globoff is always given: authspec's URLs are literal, and without it
// curl reads "[" and "{" (common in queries such as ?filter[name]=x) as
// its own URL globbing and refuses or rewrites the URL. Always giving it
// keeps every line the same shape, whatever path a redirect led to.
func (c *Client) curlCommand(method string, u *url.URL, auth *curlAuth, sh shape) string {
	target, route := c.curlTarget(u)
	args := []string{"curl", "-i", "--globoff"}
	if method == "HEAD" {
		args = append(args, "-I")
	} else {
		args = append(args, "-X", shellQuote(method))
	}
	args = append(args, "-H", shellQuote("User-Agent: "+userAgent()))
	for _, name := range c.headerNames() {
		if c.t.HeaderIsSecret(name) {
			args = append(args, "-H", `"`+name+": "+headerEnv(name)+`"`)
			continue
		}
		args = append(args, "-H", shellQuote(name+": "+c.t.Headers[name]))
	}
	for _, f := range sh.fields {
		args = append(args, "-H", shellQuote(f[0]+": "+f[1]))
	}
	if sh.body != nil {
		args = append(args, "--data-raw", shellQuote(string(sh.body)))
	}
	args = append(args, c.curlTLSArgs()...)
	args = append(args, route...)
	if c.proxy {
		args = append(args, "-x", shellQuote(c.base.String()))
	}
	if auth != nil {
		args = append(args, c.curlAuthArgs(*auth)...)
	}
	if sh.origin != nil {
		args = append(args, originCurlArgs(*sh.origin)...)
	}
	if sh.queryToken {
		// -G with --data-urlencode percent-encodes the value and appends
		// it to the query: the token comes from the environment, as in a
		// header. Not --url-query, which needs curl 7.87 (Ubuntu 22.04
		// and Debian 11 ship older ones). -G would make the request a GET,
		// but the method is given explicitly (-X, or -I for HEAD), and it
		// would move a body into the query too: no request with the token
		// in its query has one (the query-token probe never runs on MCP
		// targets, whose POSTs carry one).
		target, _ = withoutAccessToken(target, c.t.Credentials.Token)
		args = append(args, "-G", "--data-urlencode", `"`+accessTokenParam+"="+c.placeholder("TOKEN")+`"`)
	}
	args = append(args, "--max-time", fmt.Sprint(int(math.Ceil(c.timeout.Seconds()))))
	args = append(args, shellQuote(target.String()))
	return strings.Join(args, " ")
}

// curlTarget returns the URL curl is given and the options that route it
// like the probe's request. With tls.server_name set, the probe connected
// to u's host but sent server_name in SNI and checked the certificate
// against it. curl has no option for the TLS name alone: it takes it from
// the URL. So the URL carries server_name, --connect-to sends the
// connection to u's real host and port, and a Host field keeps the Host the
// probe sent (u's own). Proxy targets are left as they are: their TLS name
// applies to the proxy hop, which curl cannot rename.
func (c *Client) curlTarget(u *url.URL) (*url.URL, []string) {
	name := c.t.TLS.ServerName
	if name == "" || c.proxy || u.Scheme != "https" {
		return u, nil
	}
	port := u.Port()
	if port == "" {
		port = "443"
	}
	renamed := *u
	renamed.Host = net.JoinHostPort(name, port)
	route := name + ":" + port + ":" + curlHost(u.Hostname()) + ":" + port
	return &renamed, []string{"--connect-to", shellQuote(route), "-H", shellQuote("Host: " + u.Host)}
}

// curlHost writes a host for a --connect-to value: an IPv6 address in
// brackets, as curl expects, anything else as it is.
func curlHost(host string) string {
	if strings.Contains(host, ":") {
		return "[" + host + "]"
	}
	return host
}

// curlAuthArgs renders credentials for the origin or for the proxy.
func (c *Client) curlAuthArgs(a curlAuth) []string {
	if !c.proxy {
		return originCurlArgs(a)
	}
	switch {
	case a.userpass != "":
		out := []string{"--proxy-user", a.userpass}
		if a.digest {
			out = append(out, "--proxy-digest")
		}
		return out
	case a.field != "":
		return []string{"--proxy-header", a.field}
	}
	return nil
}

// originCurlArgs renders credentials for an origin: a target's own, or
// those of the origin behind a proxy target, sent through the proxy.
func originCurlArgs(a curlAuth) []string {
	switch {
	case a.userpass != "":
		out := []string{"-u", a.userpass}
		if a.digest {
			out = append(out, "--digest")
		}
		return out
	case a.field != "":
		return []string{"-H", a.field}
	}
	return nil
}

// curlTLSArgs mirrors the target's tls section (server_name: see
// curlTarget).
func (c *Client) curlTLSArgs() []string {
	t := c.t.TLS
	var out []string
	if t.InsecureSkipVerify {
		out = append(out, "-k")
	}
	if t.CAFile != "" {
		out = append(out, "--cacert", shellQuote(t.CAFile))
	}
	if t.CertFile != "" {
		out = append(out, "--cert", shellQuote(t.CertFile), "--key", shellQuote(t.KeyFile))
	}
	return out
}

// headerEnv names the placeholder for a sensitive configured header.
func headerEnv(name string) string {
	var b strings.Builder
	b.WriteString("${AUTHSPEC_HEADER_")
	for _, r := range strings.ToUpper(name) {
		if r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	b.WriteString("}")
	return b.String()
}

// shellQuote quotes s for a POSIX shell: single quotes, with each single
// quote closed, escaped and reopened.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
