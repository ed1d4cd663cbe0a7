package checks

import "testing"

func TestConcealedRules(t *testing.T) {
	const adv = "rfc9729/concealed-no-challenge"
	schRunCases(t, []schCase{
		{"advertised", schResponse(`Concealed`), []string{adv}},
		{"advertised among others", schResponse(`Basic realm="x", Concealed`), []string{adv}},
		{"not advertised", schResponse(`Basic realm="x"`), nil},
	}, "Concealed")
}
