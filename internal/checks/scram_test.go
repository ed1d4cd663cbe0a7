package checks

import "testing"

func TestSCRAMRules(t *testing.T) {
	const data = `cj1yT3ByTkdmd0ViZVJXZ2JORWtxTyVodllEcFdVYTJSYVRDQWZ1eEZJbGopaE5sRixzPVcyMlphSjBTTlk3c29Fc1VFamI2Z1E9PSxpPTQwOTYK`
	schRunCases(t, []schCase{
		{"RFC 7804 §5 first challenge", schResponse(`SCRAM-SHA-256 realm="realm3@example.com", SCRAM-SHA-256 realm="testrealm@example.com"`), nil},
		{"RFC 7804 §5 server-first-message", schResponse(`SCRAM-SHA-256 sid=AAAABBBBCCCCDDDD, data=` + data), nil},
		{"SHA-1 variant", schResponse(`SCRAM-SHA-1 realm="r"`), nil},
		{"reauthentication offer", schResponse(`SCRAM-SHA-256 realm="r", sr=abc, ttl=120`), nil},
		{"data not base64", schResponse(`SCRAM-SHA-256 sid=AAAA, data="r=abc,s=x"`), []string{"rfc7804/scram-sha-256-data-base64"}},
		{"SHA-1 data not base64", schResponse(`SCRAM-SHA-1 sid=AAAA, data="a b"`), []string{"rfc7804/scram-sha-1-data-base64"}},
		{"no SCRAM offered", schResponse(`Basic realm="x"`), nil},
	}, "SCRAM-SHA-1", "SCRAM-SHA-256")
}

func TestSCRAMRuleMaps(t *testing.T) {
	for _, s := range []string{"SCRAM-SHA-1", "SCRAM-SHA-256"} {
		if ScramDataBase64[s] == nil {
			t.Errorf("%s: rules not registered", s)
		}
	}
}
