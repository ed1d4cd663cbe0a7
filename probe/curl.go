package probe

import (
	"fmt"
	"math"
	"net/url"
	"strings"
)

// curlCommand returns a curl command line that sends the same request:
// same method, URL, configured header fields, TLS settings and
// credentials, the valid ones as ${AUTHSPEC_...} placeholders.
func (c *Client) curlCommand(method string, u *url.URL, auth *curlAuth) string {
	args := []string{"curl", "-i"}
	if method == "HEAD" {
		args = append(args, "-I")
	} else {
		args = append(args, "-X", shellQuote(method))
	}
	args = append(args, "-H", shellQuote("User-Agent: "+userAgent))
	for _, name := range c.headerNames() {
		if isSensitiveHeader(name) {
			args = append(args, "-H", `"`+name+": "+headerEnv(name)+`"`)
			continue
		}
		args = append(args, "-H", shellQuote(name+": "+c.t.Headers[name]))
	}
	args = append(args, c.curlTLSArgs()...)
	if c.proxy {
		args = append(args, "-x", shellQuote(c.base.String()))
	}
	if auth != nil {
		args = append(args, c.curlAuthArgs(*auth)...)
	}
	args = append(args, "--max-time", fmt.Sprint(int(math.Ceil(c.timeout.Seconds()))))
	args = append(args, shellQuote(u.String()))
	return strings.Join(args, " ")
}

// curlAuthArgs renders credentials for the origin or for the proxy.
func (c *Client) curlAuthArgs(a curlAuth) []string {
	switch {
	case a.userpass != "" && c.proxy:
		out := []string{"--proxy-user", a.userpass}
		if a.digest {
			out = append(out, "--proxy-digest")
		}
		return out
	case a.userpass != "":
		out := []string{"-u", a.userpass}
		if a.digest {
			out = append(out, "--digest")
		}
		return out
	case a.field != "" && c.proxy:
		return []string{"--proxy-header", a.field}
	case a.field != "":
		return []string{"-H", a.field}
	}
	return nil
}

// curlTLSArgs mirrors the target's tls section.
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
	if t.ServerName != "" {
		// curl has no SNI override; connecting the server name to the
		// configured host reaches the same server with the same name.
		host := c.base.Hostname()
		port := c.base.Port()
		if port == "" {
			port = "443"
		}
		out = append(out, "--connect-to", shellQuote(t.ServerName+":"+port+":"+host+":"+port))
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
