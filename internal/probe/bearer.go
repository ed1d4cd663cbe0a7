package probe

import "crypto/rand"

// token68Alphabet is the token68 (and Bearer b64token) alphabet without
// the trailing "=" padding (RFC 9110 §11.2, RFC 6750 §2.1).
const token68Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/"

// randomToken returns n random characters of the token68 alphabet: a
// well-formed credential no server will accept.
func randomToken(n int) string {
	return randomFrom(token68Alphabet, n)
}

// randomWord returns n random lowercase letters and digits, for made-up
// user names and passwords that need no quoting anywhere.
func randomWord(n int) string {
	return randomFrom("abcdefghijklmnopqrstuvwxyz0123456789", n)
}

// randomFrom draws n characters uniformly from alphabet (at most 256
// characters), rejecting bytes that would bias the draw.
func randomFrom(alphabet string, n int) string {
	limit := 256 - 256%len(alphabet)
	out := make([]byte, 0, n)
	buf := make([]byte, 2*n+8)
	for len(out) < n {
		rand.Read(buf) // never fails since Go 1.24
		for _, c := range buf {
			if int(c) < limit && len(out) < n {
				out = append(out, alphabet[int(c)%len(alphabet)])
			}
		}
	}
	return string(out)
}

// bearerValue is the Authorization field value of RFC 6750 §2.1.
func bearerValue(token string) string {
	return "Bearer " + token
}
