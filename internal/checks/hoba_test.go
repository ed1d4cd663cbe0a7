package checks

import "testing"

func TestHOBARules(t *testing.T) {
	const (
		challenge = "rfc7486/hoba-challenge-required"
		maxAge    = "rfc7486/hoba-max-age-required"
		b64       = "rfc7486/hoba-challenge-base64url"
	)
	schRunCases(t, []schCase{
		{"complete", schResponse(`HOBA challenge="c2l4dGVlbi1ieXRlcy1sb25n", max-age=10, realm="hoba"`), nil},
		{"max-age zero", schResponse(`HOBA challenge=c2l4dGVlbi1ieXRlcy1sb25n, max-age=0`), nil},
		{"no challenge", schResponse(`HOBA max-age=10`), []string{challenge}},
		{"no max-age", schResponse(`HOBA challenge="c2l4dGVlbi1ieXRlcy1sb25n"`), []string{maxAge}},
		{"max-age not a number", schResponse(`HOBA challenge="c2l4dGVlbi1ieXRlcy1sb25n", max-age="ten"`), []string{maxAge}},
		{"challenge not base64url", schResponse(`HOBA challenge="a+b/", max-age=10`), []string{b64}},
		{"empty challenge", schResponse(`HOBA challenge="", max-age=10`), []string{b64}},
		{"padding inside is allowed by the grammar", schResponse(`HOBA challenge="c2l4dGVlbi1ie=XRlcy1sb25n", max-age=10`), nil},
		{"fewer than 128 bits", schResponse(`HOBA challenge="eHJnbndyZw==", max-age=10`), []string{"rfc7486/hoba-challenge-length"}},
		{"no HOBA offered", schResponse(`Basic realm="x"`), nil},
	}, "HOBA")
}
