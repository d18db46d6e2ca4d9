package asana

// gids checks path arguments that must be gids, given as name, value
// pairs: Asana's gids are decimal digits, so anything else is a caller's
// mistake (a name pasted for a gid, a stray slash) that would otherwise
// reach another endpoint or Asana's 400. Blank values are left to
// require, which routeTo has run.
func (r route) gids(nameValues ...string) route {
	for i := 0; i+1 < len(nameValues) && r.err == nil; i += 2 {
		name, v := nameValues[i], nameValues[i+1]
		if v == "" {
			continue
		}
		for j := 0; j < len(v); j++ {
			if v[j] < '0' || v[j] > '9' {
				r = r.fail("invalid %s %q: want a gid (decimal digits)", name, v)
				break
			}
		}
	}
	return r
}
