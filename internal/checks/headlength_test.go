package checks

import "testing"

// M3, RFC 9110 §8.6: HEAD's Content-Length is GET's content length. It is
// held to it exactly when a second GET shows the length does not vary, and
// only to "some content" or "none" when it does (audit of 2026-12; the
// reviewer's case: HEAD announcing 5000 where GET sends 24 passed).
func TestHeadContentLengthExactWhenGETIsStable(t *testing.T) {
	body := func(n int) *Exchange {
		e := wwwAuth(401, `Basic realm="a"`)
		e.Body = make([]byte, n)
		return e
	}
	head := func(n int64) *Exchange {
		e := wwwAuth(401, `Basic realm="a"`)
		e.Method, e.DeclaredLength = "HEAD", n
		return e
	}
	numbered := func(n string) *Exchange {
		e := wwwAuth(401, `Basic realm="a"`)
		e.Body = []byte(`{"id":` + n + `}`)
		return e
	}
	other := body(24)
	other.Status = 403
	for _, c := range []struct {
		name  string
		get   *Exchange
		head  *Exchange
		again []*Exchange
		fails bool
	}{
		{"stable, HEAD announces far more", body(24), head(5000), []*Exchange{body(24)}, true},
		{"stable, HEAD announces one byte less", body(24), head(23), []*Exchange{body(24)}, true},
		{"stable, HEAD announces 0", body(24), head(0), []*Exchange{body(24)}, true},
		{"stable, HEAD right", body(24), head(24), []*Exchange{body(24)}, false},
		{"varying GET, HEAD of a third length", body(24), head(31), []*Exchange{body(27)}, false},
		{"varying GET, HEAD announces 0", body(24), head(0), []*Exchange{body(27)}, true},
		{"no second GET: lenient", body(24), head(5000), nil, false},
		{"second answer of another status does not count", body(24), head(5000), []*Exchange{other}, false},
		{"HEAD without Content-Length", body(24), head(-1), []*Exchange{body(24)}, false},
		// Issue 18 review of M3: an unpadded random number of 19 or 20
		// digits. Two GETs of one length prove nothing when their
		// content differs: HEAD's number may have had the other width.
		{"GETs of one length but other content, HEAD one byte less", numbered("12345678901234567890"), head(int64(len(numbered("1234567890123456789").Body))), []*Exchange{numbered("98765432109876543210")}, false},
		{"identical GETs, HEAD one byte less", numbered("12345678901234567890"), head(int64(len(numbered("1234567890123456789").Body))), []*Exchange{numbered("12345678901234567890")}, true},
	} {
		fs := CheckHeadContentLength(c.get, c.head, c.again...)
		if (len(fs) > 0) != c.fails {
			t.Errorf("%s: findings %v, want a finding: %v", c.name, fs, c.fails)
		}
		if HeadLengthDiffers(c.get, c.head) != (c.head.DeclaredLength >= 0 && c.head.DeclaredLength != int64(len(c.get.Body))) {
			t.Errorf("%s: HeadLengthDiffers wrong", c.name)
		}
	}
}

// One defect fails one rule: a HEAD answer with Content-Length beside
// Transfer-Encoding is rfc9112/content-length-with-transfer-encoding's, and
// a GET whose content falls short of its own Content-Length is
// rfc9110/content-length-matches'; neither is compared here.
func TestHeadContentLengthLeavesFramingDefectsToTheirRules(t *testing.T) {
	get := wwwAuth(401, `Basic realm="a"`)
	get.Body = make([]byte, 50)
	head := wwwAuth(401, `Basic realm="a"`)
	head.Method, head.DeclaredLength = "HEAD", 71
	head.Header.Set("Transfer-Encoding", "chunked")
	if fs := CheckHeadContentLength(get, head, get); len(fs) != 0 {
		t.Errorf("HEAD with Transfer-Encoding: %v", fs)
	}
	head.Header.Del("Transfer-Encoding")
	short := wwwAuth(401, `Basic realm="a"`)
	short.Body, short.DeclaredLength = make([]byte, 50), 114
	head.DeclaredLength = 114
	if fs := CheckHeadContentLength(short, head, short); len(fs) != 0 {
		t.Errorf("GET content shorter than its Content-Length: %v", fs)
	}
}

// RFC 7486 §3: a HOBA challenge is unique for every 401, so GET's and
// HEAD's differ by design, even when short and plain (a false warning of
// rfc9110/head-matches-get the fixture hoba-challenge-short showed).
func TestHOBAChallengeValueMayDifferBetweenGETAndHEAD(t *testing.T) {
	get := wwwAuth(401, `HOBA challenge="c2hvcnQx", max-age=10`)
	head := wwwAuth(401, `HOBA challenge="c2hvcnQy", max-age=10`)
	head.Method = "HEAD"
	if fs := CheckHeadMatchesGet(get, head); len(fs) != 0 {
		t.Errorf("a fresh HOBA challenge on HEAD: %v", fs)
	}
	gone := wwwAuth(401, `HOBA max-age=10`)
	gone.Method = "HEAD"
	if fs := CheckHeadMatchesGet(get, gone); len(fs) == 0 {
		t.Error("HEAD's HOBA challenge without its challenge attribute passed")
	}
}

// Go's parser takes Transfer-Encoding out of the header of a HEAD answer:
// it is found in the head as received.
func TestHeadContentLengthSeesTransferEncodingOnTheWire(t *testing.T) {
	get := wwwAuth(401, `Basic realm="a"`)
	get.Body = make([]byte, 50)
	head := wwwAuth(401, `Basic realm="a"`)
	head.Method, head.DeclaredLength = "HEAD", 71
	head.RawHead = []byte("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"a\"\r\nTransfer-Encoding: chunked\r\nContent-Length: 71\r\n\r\n")
	if fs := CheckHeadContentLength(get, head, get); len(fs) != 0 {
		t.Errorf("HEAD with Transfer-Encoding on the wire: %v", fs)
	}
	head.RawHead = []byte("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"a\"\r\nContent-Length: 71\r\n\r\n")
	if fs := CheckHeadContentLength(get, head, get); len(fs) != 1 {
		t.Errorf("HEAD announcing 71 where GET sends 50 twice: %v", fs)
	}
}
