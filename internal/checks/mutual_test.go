package checks

import "testing"

func TestMutualRules(t *testing.T) {
	const (
		initParams = "rfc8120/mutual-init-params"
		exclusive  = "rfc8120/mutual-exclusive-params"
		version    = "rfc8120/mutual-version"
	)
	const init = `Mutual version=1, algorithm=iso-kam3-dl-2048-sha256, validation=host, auth-scope="example.com", realm="testrealm@example.com", reason=initial`
	schRunCases(t, []schCase{
		{"401-INIT", schResponse(init), nil},
		{"401-KEX-S1", schResponse(`Mutual version=1, algorithm=iso-kam3-dl-2048-sha256, validation=host, realm="r", sid=0123456789abcdef, ks1="AAAA", nc-max=4096, nc-window=128, time=3600, path="/"`), nil},
		{"missing mandatory", schResponse(`Mutual version=1, realm="r", reason=initial`), []string{initParams}},
		{"reason and ks1 together", schResponse(init + `, ks1="AAAA"`), []string{exclusive}},
		{"client parameter in challenge", schResponse(init + `, kc1="AAAA"`), []string{exclusive}},
		{"vkc in challenge", schResponse(init + `, vkc="AAAA"`), []string{exclusive}},
		{"version 2", schResponse(`Mutual version=2, algorithm=iso-kam3-dl-2048-sha256, validation=host, realm="r", reason=initial`), []string{version}},
		{"no Mutual offered", schResponse(`Basic realm="x"`), nil},
	}, "Mutual")
}
