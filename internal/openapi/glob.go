package openapi

// matchGlob reports whether s matches pattern, where '*' matches any run
// of characters ('/' included, so "/orders*" selects /orders/{id} too)
// and '?' any one character. Everything else matches itself.
func matchGlob(pattern, s string) bool {
	// Iterative matching with backtracking to the last star: linear in
	// practice, and no pattern can make it recurse deeply.
	p, i := 0, 0
	star, mark := -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[i]):
			p++
			i++
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

// selected says whether include and exclude let an operation path
// through, and if not, why.
func selected(path string, include, exclude []string) (bool, string) {
	if len(include) > 0 {
		in := false
		for _, g := range include {
			if matchGlob(g, path) {
				in = true
				break
			}
		}
		if !in {
			return false, "not matched by include"
		}
	}
	for _, g := range exclude {
		if matchGlob(g, path) {
			return false, "excluded by " + g
		}
	}
	return true, ""
}
