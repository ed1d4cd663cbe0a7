package probe

import (
	"context"
	"strings"
	"testing"

	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/config"
	"github.com/authspec/authspec/internal/fixtures"
	"github.com/authspec/authspec/internal/refserver"
)

// staleFixture starts a Digest fixture and returns a client with the
// fixtures' credentials, the resource and the challenges of its
// unauthenticated answer, which the probes share (as in a run).
func staleFixture(t *testing.T, name string) (*Client, string, []checks.Challenge) {
	t.Helper()
	f, ok := fixtures.ByName(name)
	if !ok {
		t.Fatalf("no fixture %s", name)
	}
	url, stop, err := f.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	tg := testTarget()
	tg.Credentials = &config.Credentials{Username: refserver.Username, Password: refserver.Password}
	c := newTestClient(t, tg, url)
	path := f.Resources[0]
	unauth := c.Unauthenticated(context.Background(), "GET", path)
	last := unauth[len(unauth)-1]
	offered, _ := checks.ParseChallenges(last.Judge.Header.Values("WWW-Authenticate"))
	if len(offered) == 0 {
		t.Fatalf("%s offered no challenge: %d", name, last.Judge.Status)
	}
	return c, path, offered
}

// staleVerdict is rfc7616/digest-stale-unprompted on the exchange of
// variant in exs.
func staleVerdict(t *testing.T, exs []*Exchange, variant string) (*Exchange, checks.Result) {
	t.Helper()
	for _, ex := range exs {
		if ex.Variant == variant {
			return ex, checks.Judge(checks.DigestStaleUnprompted, checks.NewContext(&ex.Judge))
		}
	}
	t.Fatalf("no %s exchange among %d", variant, len(exs))
	return nil, checks.Result{}
}

// A server that accepts each nonce once rightly answers stale=true to any
// request over a nonce the valid credentials used (RFC 7616 §3.3: the
// nonce is invalid). Here the valid credentials go first, every time: the
// wrong password must not be judged over the spent nonce, and the
// bad-credentials probe answers a nonce of its own, which is fresh and
// gets no stale. Before, the wrong password was "fresh" as its signer's
// first signature, and the spent nonce's stale=true warned.
func TestWrongPasswordOverASpentNonceDoesNotWarn(t *testing.T) {
	c, path, offered := staleFixture(t, "digest-one-time-nonce")
	ctx := context.Background()
	control, skip := c.Control(ctx, "GET", path, offered)
	if skip != "" || control[0].Judge.Status != 200 {
		t.Fatalf("the valid credentials did not spend the nonce: skip %q, status %d", skip, control[0].Judge.Status)
	}
	spent := readDigestChallenge(offered[0]).Nonce

	bad := c.BadCredentials(ctx, "GET", path, offered)
	if len(bad) != 2 || bad[0].Variant != BadDigestChallenge || bad[0].Judge.SentAuthorizationField || bad[0].Judge.CredentialsWrong {
		t.Fatalf("bad credentials: %d exchanges, first %q; want the nonce fetch without credentials, then the wrong password", len(bad), bad[0].Variant)
	}
	ex, res := staleVerdict(t, bad, "digest")
	if strings.Contains(ex.Judge.SentAuthorization, spent) || !strings.Contains(ex.Judge.SentAuthorization, "nc=00000001") || !ex.Judge.FreshNonce {
		t.Errorf("the wrong password did not answer a fresh nonce of its own (fresh %v): %s", ex.Judge.FreshNonce, ex.Judge.SentAuthorization)
	}
	if res.Status != checks.Pass || strings.Contains(strings.Join(ex.Judge.Header.Values("WWW-Authenticate"), " "), "stale") {
		t.Errorf("wrong password over a fresh nonce: %s %v", res.Status, res.Findings)
	}

	rep := c.Repeated(ctx, "GET", path, offered)
	ex, res = staleVerdict(t, rep, "first")
	if ex.Judge.FreshNonce || !strings.Contains(strings.Join(ex.Judge.Header.Values("WWW-Authenticate"), " "), "stale=true") {
		t.Errorf("over the spent nonce: fresh %v, challenges %q; want not fresh, stale=true", ex.Judge.FreshNonce, ex.Judge.Header.Values("WWW-Authenticate"))
	}
	if res.Status == checks.Violated {
		t.Errorf("stale=true over a spent nonce warned: %v", res.Findings)
	}
}

// A server that answers every wrong password with stale=true warns, on the
// bad-credentials probe's own nonce, whatever went before; the message's
// nc=00000001 is what was sent.
func TestStaleOnAWrongPasswordWarns(t *testing.T) {
	c, path, offered := staleFixture(t, "digest-stale-wrong-password")
	ctx := context.Background()
	if _, skip := c.Control(ctx, "GET", path, offered); skip != "" {
		t.Fatal(skip)
	}
	ex, res := staleVerdict(t, c.BadCredentials(ctx, "GET", path, offered), "digest")
	if res.Status != checks.Violated || len(res.Findings) == 0 {
		t.Fatalf("stale=true to a wrong password over a fresh nonce: %s", res.Status)
	}
	if msg := res.Findings[0].Message; !strings.Contains(msg, "nc=00000001") || !strings.Contains(ex.Judge.SentAuthorization, "nc=00000001") {
		t.Errorf("the message %q says nc=00000001, the request sent %q", msg, ex.Judge.SentAuthorization)
	}
}

// Issue 18 review: the digest-abuse probe answered the shared nonce, which
// the valid credentials had spent; on a server that accepts each nonce
// once, every request got stale=true and said nothing about its abuse. A
// sending refused with stale=true goes again over the nonce of that
// refusal, and its final answer is about the abuse: the replay's first
// sending gets the resource, the other uri 400, and no final answer but
// the replay's is a stale refusal.
func TestDigestAbuseOverASpentNonceAnswersANonceOfItsOwn(t *testing.T) {
	c, path, offered := staleFixture(t, "digest-one-time-nonce")
	ctx := context.Background()
	if control, skip := c.Control(ctx, "GET", path, offered); skip != "" || control[0].Judge.Status != 200 {
		t.Fatalf("the valid credentials did not spend the nonce: %q", skip)
	}
	spent := readDigestChallenge(offered[0]).Nonce
	exs := c.DigestAbuse(ctx, "GET", path, offered)
	if first := exs[0]; first.Variant != DigestReplayFirst || !strings.Contains(first.Judge.SentAuthorization, `nonce="`+spent+`"`) || len(checks.DigestStaleChallenges(&first.Judge)) == 0 {
		t.Errorf("the first sending over the spent nonce: %s %d %q; want stale=true", first.Variant, first.Judge.Status, first.Judge.Header.Values("WWW-Authenticate"))
	}
	if len(exs) > DigestAbuseRequests {
		t.Errorf("%d requests, more than DigestAbuseRequests (%d)", len(exs), DigestAbuseRequests)
	}
	final := map[string]*Exchange{}
	for _, ex := range exs {
		final[ex.Variant] = ex
	}
	for _, v := range []string{DigestReplayFirst, DigestOtherURI, DigestUsernameStar, DigestNoCnonce} {
		ex := final[v]
		if ex == nil {
			t.Fatalf("no %s exchange", v)
		}
		if len(checks.DigestStaleChallenges(&ex.Judge)) > 0 {
			t.Errorf("%s: the final answer (%d) is a stale refusal: %s", v, ex.Judge.Status, ex.Judge.SentAuthorization)
		}
	}
	if s := final[DigestReplayFirst].Judge.Status; s != 200 {
		t.Errorf("the replay's first sending got %d, want the resource", s)
	}
	if s := final[DigestReplay].Judge.Status; s < 400 {
		t.Errorf("the replay got %d, want a refusal", s)
	}
	if s := final[DigestOtherURI].Judge.Status; s != 400 {
		t.Errorf("the other uri got %d, want 400", s)
	}
}
