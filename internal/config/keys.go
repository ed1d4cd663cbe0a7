package config

// TargetKeys lists every key a target entry of targets.yaml accepts, with
// the keys of its nested mappings written as paths ("credentials.token",
// "tls.ca_file", "waivers.check", "resources.methods"). It reads the very
// tables the parser checks keys against, so it can never list a key the
// parser refuses, nor miss one it accepts. Package authtest maps its
// options onto these keys and a test compares the two.
func TargetKeys() []string {
	nested := map[string][]string{
		"credentials":        credentialKeys,
		"origin_credentials": originCredentialKeys,
		"tls":                tlsKeys,
		"waivers":            waiverKeys,
		"resources":          resourceKeys,
	}
	var out []string
	for _, k := range targetKeys {
		out = append(out, k)
		for _, sub := range nested[k] {
			out = append(out, k+"."+sub)
		}
	}
	return out
}
