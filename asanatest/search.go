package asanatest

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The premium search endpoints (tasks and projects) share what is here:
// the premium check, range filters, sorting and the limit. Search results
// have no offsets: clients page by created_at, as Asana's docs advise.

// searchDefaultLimit is how many results a search returns without limit.
const searchDefaultLimit = 20

// checkPremium answers 402 for workspaces that are not premium: on a paid
// plan (plans.go; by default only Enterprise organizations are).
func (s *Server) checkPremium(ws *Workspace) error {
	if s.planOf(ws).atLeast(PlanStarter) {
		return nil
	}
	return errorf(http.StatusPaymentRequired, "Search is only available to premium users")
}

// queryUsers resolves a comma list of user identifiers (GID, email, "me").
func (rq *request) queryUsers(name string) ([]string, error) {
	var out []string
	for _, v := range rq.queryList(name) {
		u, err := rq.userParam(name, v)
		if err != nil {
			return nil, err
		}
		out = append(out, u.GID)
	}
	return out, nil
}

// timeRange is a NAME.after / NAME.before pair of search filters.
type timeRange struct{ after, before time.Time }

func (rq *request) timeRange(name string) (timeRange, error) {
	var r timeRange
	var err error
	if r.after, err = rq.queryTime(name + ".after"); err != nil {
		return r, err
	}
	r.before, err = rq.queryTime(name + ".before")
	return r, err
}

// contains reports whether t is inside the range; an unset time is inside
// only an open range.
func (r timeRange) contains(t time.Time) bool {
	if r.after.IsZero() && r.before.IsZero() {
		return true
	}
	if t.IsZero() {
		return false
	}
	return (r.after.IsZero() || t.After(r.after)) && (r.before.IsZero() || t.Before(r.before))
}

// dateRange is NAME, NAME.after and NAME.before over YYYY-MM-DD dates;
// NAME=null asks for no date.
type dateRange struct {
	on, after, before string
	null              bool
}

func (rq *request) dateRange(name string) (dateRange, error) {
	var r dateRange
	for _, f := range []struct {
		key string
		dst *string
	}{{name, &r.on}, {name + ".after", &r.after}, {name + ".before", &r.before}} {
		v := rq.query.Get(f.key)
		if f.key == name && v == "null" {
			r.null = true
			continue
		}
		if v == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return r, badRequest(f.key, "Not a valid date (YYYY-MM-DD): %s", v)
		}
		*f.dst = v
	}
	return r, nil
}

func (r dateRange) contains(d string) bool {
	switch {
	case r.null:
		return d == ""
	case r.on == "" && r.after == "" && r.before == "":
		return true
	case d == "":
		return false
	}
	return (r.on == "" || d == r.on) && (r.after == "" || d > r.after) && (r.before == "" || d < r.before)
}

// searchKey holds what search results sort by.
type searchKey struct {
	created, modified, completed time.Time
	due                          string
}

// searchReply keeps the matching GIDs, sorts them by sort_by (modified_at
// by default, descending unless sort_ascending) with the GID breaking
// ties, and answers the first limit of them with no next_page.
func (s *Server) searchReply(rq *request, k *kind, gids []string, keep func(string) bool, key func(string) searchKey) reply {
	limit := searchDefaultLimit
	if v := rq.query.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return rq.fail(badRequest("limit", "Not an Integer: %q", v))
		}
		if n < 1 || n > 100 {
			return rq.fail(badRequest("limit", "Must be between 1 and 100 (got %d)", n))
		}
		limit = n
	}
	asc, err := rq.queryBool("sort_ascending", false)
	if err != nil {
		return rq.fail(err)
	}
	by := rq.query.Get("sort_by")
	if by == "" {
		by = "modified_at"
	}
	if !slices.Contains([]string{"due_date", "created_at", "completed_at", "likes", "modified_at", "relevance"}, by) {
		return rq.fail(badRequest("sort_by", "Not a valid enum value: %q", by))
	}
	var hits []string
	for _, g := range gids {
		if keep(g) {
			hits = append(hits, g)
		}
	}
	keys := make(map[string]searchKey, len(hits))
	for _, g := range hits {
		keys[g] = key(g)
	}
	slices.SortStableFunc(hits, func(a, b string) int {
		ka, kb := keys[a], keys[b]
		c := 0
		switch by {
		case "due_date":
			c = strings.Compare(ka.due, kb.due)
		case "created_at":
			c = ka.created.Compare(kb.created)
		case "completed_at":
			c = ka.completed.Compare(kb.completed)
		case "modified_at":
			c = ka.modified.Compare(kb.modified)
		}
		if c == 0 {
			c = gidCompare(a, b)
		}
		if !asc {
			c = -c
		}
		return c
	})
	if len(hits) > limit {
		hits = hits[:limit]
	}
	return rq.list(k, page{gids: hits})
}
