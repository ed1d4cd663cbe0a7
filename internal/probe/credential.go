package probe

import (
	"net/url"
	"strings"

	"github.com/authspec/authspec/internal/checks"
)

// placeholder is the shell placeholder in curl commands for one valid
// credential value ("USERNAME", "PASSWORD", "TOKEN"): ${AUTHSPEC_USERNAME},
// or ${AUTHSPEC_ORIGIN_USERNAME} for a proxy target's origin_credentials.
// The reader sets it to the real value, which never appears in a report.
func (c *Client) placeholder(name string) string {
	env := c.env
	if env == "" {
		env = "AUTHSPEC"
	}
	return "${" + env + "_" + name + "}"
}

// authValue is one credentials field value as sent, how evidence shows it,
// and the secrets it carries (Judge.Secrets: what must not be echoed).
type authValue struct {
	sent    string
	shown   string
	secrets []string
	// freshNonce marks wrong Digest credentials over a nonce no earlier
	// request used (nc=00000001 in the client's count of the nonce, shared
	// by every probe of the target), when that nonce was fetched for their
	// signer alone: the case RFC 7616 §3.3 gives stale=true no ground in.
	// A nonce the probes share may be used first by any of them, and a
	// server that retires it after one use then rightly answers stale=true;
	// marking only a nonce of its own keeps the verdict the same from run
	// to run.
	freshNonce bool
	// rspauth is the rspauth a server that knows the password answers the
	// valid Digest credentials with (qop=auth only).
	rspauth string
}

// credential fills the credentials field of a request. Digest values
// depend on the method and request-target, so values are made per request.
type credential struct {
	// value makes the field value for a request.
	value func(method, target string) (authValue, error)
	// valid marks the configured credentials: never sent to another host,
	// always redacted.
	valid bool
	curl  curlAuth
	// illFormed, when set, says why the value is not well-formed for its
	// scheme (a random token68 where the scheme wants parameters or a
	// signed proof): the server may rightly answer it as malformed.
	illFormed string
	// nonce is the Digest nonce the value counts requests under, "" for
	// other schemes: requests with one nonce go out one at a time.
	nonce string
	// basicCharset is how the declared Basic credentials were encoded when
	// they are not US-ASCII (checks.Exchange.BasicCharset).
	basicCharset string
}

// curlAuth says how curl reproduces the credentials: either user:pass
// (-u or --proxy-user, with --digest when needed) or a whole field line.
type curlAuth struct {
	userpass string // a shell word, e.g. "${AUTHSPEC_USERNAME}:${AUTHSPEC_PASSWORD}"
	digest   bool
	field    string // a shell word holding "Name: value", used when userpass is ""
}

// fixedCredential sends the same value every time.
func fixedCredential(v authValue, valid bool, curl curlAuth) *credential {
	return &credential{valid: valid, curl: curl, value: func(string, string) (authValue, error) { return v, nil }}
}

// headerCurl makes the curl form of a literal field value; an empty value
// uses curl's "Name;" syntax, which sends the field with no value.
func (c *Client) headerCurl(value string) curlAuth {
	if value == "" {
		return curlAuth{field: shellQuote(c.authField() + ";")}
	}
	return curlAuth{field: shellQuote(c.authField() + ": " + value)}
}

// badBasic is Basic with a random user and password.
func (c *Client) badBasic() *credential {
	user, pass := "authspec-"+randomWord(8), randomWord(20)
	v := authValue{sent: basicValue(user, pass), secrets: []string{pass, basicToken(user, pass)}}
	v.shown = v.sent
	return fixedCredential(v, false, curlAuth{userpass: shellQuote(user + ":" + pass)})
}

// validBasic is Basic with the configured credentials, encoded as the
// challenge ch asks (basicUserPass: NFC and UTF-8 when it offers
// charset="UTF-8" and they are not US-ASCII).
func (c *Client) validBasic(scheme string, ch checks.Challenge) *credential {
	cr := c.t.Credentials
	user, pass, charset := basicUserPass(ch, cr.Username, cr.Password)
	token := basicToken(user, pass)
	v := authValue{sent: scheme + " " + token, shown: scheme + " " + redactedMark, secrets: nonEmpty(cr.Password, pass, token)}
	c.remember(pass, token)
	curl := curlAuth{userpass: `"` + c.placeholder("USERNAME") + ":" + c.placeholder("PASSWORD") + `"`}
	if scheme != "Basic" {
		curl = curlAuth{field: `"` + c.authField() + ": " + scheme + ` $(printf '%s:%s' "` + c.placeholder("USERNAME") + `" "` + c.placeholder("PASSWORD") + `" | base64 | tr -d '\n')"`}
	}
	cred := fixedCredential(v, true, curl)
	cred.basicCharset = charset
	return cred
}

// badBearer is a random token68 as a Bearer token.
func (c *Client) badBearer() *credential {
	v := authValue{sent: bearerValue(randomToken(40))}
	v.shown, v.secrets = v.sent, []string{strings.TrimPrefix(v.sent, "Bearer ")}
	return fixedCredential(v, false, c.headerCurl(v.sent))
}

// validBearer is the configured token.
func (c *Client) validBearer(scheme string) *credential {
	tok := c.t.Credentials.Token
	v := authValue{sent: scheme + " " + tok, shown: scheme + " " + redactedMark, secrets: nonEmpty(tok)}
	return fixedCredential(v, true, curlAuth{field: `"` + c.authField() + ": " + scheme + " " + c.placeholder("TOKEN") + `"`})
}

// otherScheme is a random token68 under any other scheme. It is the
// scheme's syntax at best: DPoP needs a signed proof in a DPoP field,
// Mutual, SCRAM, HOBA, GNAP and most others want auth-params, so the
// credential is marked ill-formed and the answer judged as one to
// malformed credentials (RFC 7616 §3.4 and RFC 6750 §3.1 make 400 a right
// answer to those).
func (c *Client) otherScheme(scheme string) *credential {
	v := authValue{sent: scheme + " " + randomToken(40)}
	v.shown = v.sent
	cred := fixedCredential(v, false, c.headerCurl(v.sent))
	cred.illFormed = "a random token68 is not a well-formed " + scheme + " credential (authspec cannot make one)"
	return cred
}

// digestCredential answers a Digest challenge. With valid, the configured
// credentials are used and every derived value becomes a client secret.
func (c *Client) digestCredential(s *digestSigner, valid bool, scheme string) *credential {
	cred := &credential{valid: valid, nonce: s.ch.Nonce}
	if !s.supported() {
		cred.illFormed = "authspec does not know the Digest algorithm " + s.ch.Algorithm + ", so the credential lacks qop, cnonce and nc"
	}
	if valid {
		cred.curl = curlAuth{userpass: `"` + c.placeholder("USERNAME") + ":" + c.placeholder("PASSWORD") + `"`, digest: true}
	} else {
		cred.curl = curlAuth{userpass: shellQuote(s.username + ":" + s.password), digest: true}
	}
	cred.value = func(method, target string) (authValue, error) {
		if !s.supported() {
			// Unknown algorithm: a well-formed value with a response of
			// random hex is still a wrong credential.
			v := "Digest username=" + quote(s.username) + ", realm=" + quote(s.ch.Realm) + ", uri=" + quote(target) +
				", algorithm=" + s.ch.Algorithm + ", nonce=" + quote(s.ch.Nonce) + ", response=" + quote(randomHex(32))
			return authValue{sent: v, shown: v}, nil
		}
		sent, shown, res, err := s.sign(method, target)
		if err != nil {
			return authValue{}, err
		}
		sent = scheme + strings.TrimPrefix(sent, "Digest")
		shown = scheme + strings.TrimPrefix(shown, "Digest")
		av := authValue{sent: sent, shown: sent, secrets: nonEmpty(s.password, res.HA1, res.Response), freshNonce: !valid && s.own && res.NC == 1}
		if valid {
			av.rspauth = res.Rspauth
			av.shown = shown
			c.remember(av.secrets...)
			if res.Username != s.username {
				c.remember(res.Username)
			}
		}
		return av, nil
	}
	return cred
}

// digestTarget is the request-target a Digest uri parameter must repeat:
// the origin-form, or the absolute-form when talking to a proxy in the
// clear, or the authority for a CONNECT tunnel.
func (c *Client) digestTarget(u *url.URL) string {
	if c.tunnels(u) {
		return hostPort(u)
	}
	return c.requestTarget(u, false)
}

func nonEmpty(values ...string) []string {
	var out []string
	for _, v := range values {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}
