package config

import "strings"

// credentialKeys are the keys of a credentials block.
var credentialKeys = []string{"username", "password", "token", "limited_token", "dpop_key", "query_token"}

// originCredentialKeys are the keys of a proxy target's origin_credentials:
// the valid credentials of the origin behind the proxy, which the control
// probe sends through the proxy and directly to compare the origin's
// Authentication-Info (RFC 9110 §11.6.3). One valid credential per scheme
// is all that comparison needs, so limited_token, dpop_key and
// query_token, which drive probes of their own, are not among them.
var originCredentialKeys = []string{"username", "password", "token"}

// credentials decodes a target's valid credentials. Each value should be a
// ${VAR} reference; a literal is accepted, recorded in Literal and warned
// about, since the file usually lives in version control. No message ever
// quotes a value. A builtin:reference target may give query_token alone:
// the reference server's own credentials go with it.
func (p *parser) credentials(n *yamlNode, field string, builtin bool) *Credentials {
	return p.credentialsOf(n, field, credentialKeys, builtin)
}

// originCredentials decodes a target's origin_credentials, which only a
// proxy target has: an origin is asked with credentials directly.
func (p *parser) originCredentials(f fields, field string, t *Target) {
	n := f.get("origin_credentials")
	if n == nil || p.failed() {
		return
	}
	at := join(field, "origin_credentials")
	if t.Kind != Proxy {
		p.fail(f.entries["origin_credentials"].key, at, "is only for kind: proxy",
			"put the origin's credentials under credentials, or set kind: proxy and through: if url is a proxy")
		return
	}
	t.OriginCredentials = p.credentialsOf(n, at, originCredentialKeys, false)
}

// credentialsOf decodes a credentials mapping whose keys are keys; builtin
// is true for a builtin:reference target's credentials.
func (p *parser) credentialsOf(n *yamlNode, field string, keys []string, builtin bool) *Credentials {
	f := p.mapping(n, field, keys)
	if p.failed() {
		return nil
	}
	c := &Credentials{}
	slots := map[string]*string{"username": &c.Username, "password": &c.Password, "token": &c.Token,
		"limited_token": &c.LimitedToken}
	for _, key := range keys {
		v := f.get(key)
		if key == "dpop_key" && v != nil {
			// A path, not a secret: the key it names is read now.
			if c.DPoPKey = p.dpopKey(v, join(field, key)); p.failed() {
				return nil
			}
			continue
		}
		if key == "query_token" && v != nil {
			// A switch, not a secret: may the token go in a URL?
			if c.QueryToken = p.boolean(v, join(field, key)); p.failed() {
				return nil
			}
			continue
		}
		if v == nil {
			continue
		}
		at := join(field, key)
		value, literal := p.expand(v, at)
		if p.failed() {
			return nil
		}
		if value == "" {
			p.fail(v, at, "is empty", "write ${NAME} and set NAME in the environment, or remove "+key)
			return nil
		}
		if literal {
			c.Literal = append(c.Literal, key)
			p.warn(v, at, literalWarning(key))
		}
		*slots[key] = value
	}
	if builtin && c.QueryToken && c.Username == "" && c.Password == "" && c.Token == "" {
		return c // the reference's own credentials are filled in at run time
	}
	p.checkCredentialPairs(f, field, c)
	if p.failed() {
		return nil
	}
	return c
}

// checkCredentialPairs enforces what Basic needs: a username and a password
// together, and no colon in the username (RFC 7617 §2); and that a
// limited_token comes with a token, which it is the limited counterpart of.
func (p *parser) checkCredentialPairs(f fields, field string, c *Credentials) {
	switch {
	case c.DPoPKey != nil && c.Token == "":
		p.fail(f.entries["dpop_key"].key, join(field, "token"), "is missing while dpop_key is set",
			"set token too: dpop_key is the key the token is bound to (RFC 9449)")
	case c.QueryToken && c.Token == "":
		p.fail(f.entries["query_token"].key, join(field, "token"), "is missing while query_token is true",
			"set token too: query_token sends the declared token in the URI query (RFC 6750 §2.3); only a builtin:reference target may give query_token alone")
	case c.LimitedToken != "" && c.Token == "":
		p.fail(f.entries["limited_token"].key, join(field, "token"), "is missing while limited_token is set",
			"set token too: the limited token's refusals are judged against a token that is accepted")
	case c.Username == "" && c.Password == "" && c.Token == "":
		p.fail(f.node, field, "is empty", "set username and password, or token, or remove credentials")
	case c.Username != "" && c.Password == "":
		p.fail(f.entries["username"].key, join(field, "password"), "is missing while username is set",
			"set password too: a username alone cannot authenticate")
	case c.Password != "" && c.Username == "":
		p.fail(f.entries["password"].key, join(field, "username"), "is missing while password is set",
			"set username too")
	case c.LimitedToken != "" && c.LimitedToken == c.Token:
		p.fail(f.entries["limited_token"].key, join(field, "limited_token"), "is the same value as token",
			"give a valid token that lacks the scope the resources need")
	case strings.Contains(c.Username, ":"):
		p.fail(f.get("username"), join(field, "username"), "contains a colon, which Basic cannot carry (RFC 7617 §2)",
			"use a username without ':'")
	}
}

// literalWarning says why a literal credential deserves a reference. A
// username is an identifier, not a secret (README "Secrets"), so it is not
// called one.
func literalWarning(key string) string {
	if key == "username" {
		return "is written in the file; a ${VAR} reference keeps it next to the password it goes with and lets each environment use its own account"
	}
	return "is written in the file; prefer a ${VAR} reference so the secret stays out of version control"
}
