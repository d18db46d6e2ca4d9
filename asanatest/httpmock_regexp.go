package asanatest

import "regexp"

// regexpPrefix matches every URL that starts with origin followed by a path.
func regexpPrefix(origin string) *regexp.Regexp {
	return regexp.MustCompile("^" + regexp.QuoteMeta(origin) + "(/|$)")
}
