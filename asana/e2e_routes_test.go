package asana_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/asanakit/asana-go/asana"
)

// sameGIDs checks that two lists hold the same items, in any order: a
// paged list and its capped, unpaginated twin, which sorts differently.
func sameGIDs[T any](a, b []T, gid func(T) string) error {
	x, y := gids(a, gid), gids(b, gid)
	slices.Sort(x)
	slices.Sort(y)
	if !slices.Equal(x, y) {
		return fmt.Errorf("lists differ: %v and %v", x, y)
	}
	return nil
}

var markerLineRE = regexp.MustCompile(`^// asana:operation (\S+) (\S+)$`)

// methodMarkers reads the package's non-test files, generated ones
// included, and returns the operation markers of every service method,
// keyed "Service.Method" as RequestInfo.Operation names it.
func methodMarkers(t *testing.T) map[string][]string {
	t.Helper()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	fset := token.NewFileSet()
	for _, n := range names {
		if strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, n, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || fd.Doc == nil {
				continue
			}
			star, ok := fd.Recv.List[0].Type.(*ast.StarExpr)
			if !ok {
				continue
			}
			recv, ok := star.X.(*ast.Ident)
			if !ok || !strings.HasSuffix(recv.Name, "Service") {
				continue
			}
			key := strings.TrimSuffix(recv.Name, "Service") + "." + fd.Name.Name
			for _, c := range fd.Doc.List {
				if m := markerLineRE.FindStringSubmatch(c.Text); m != nil {
					out[key] = append(out[key], m[1]+" "+m[2])
				}
			}
		}
	}
	return out
}

// routeLog records, for every request a client sent, the typed method
// that sent it (RequestInfo.Operation) and the request's method and path.
type routeLog struct {
	mu   sync.Mutex
	sent []asana.RequestInfo
}

func (l *routeLog) hook(info asana.RequestInfo) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sent = append(l.sent, info)
}

// TestE2EMarkersMatchRoutes runs every step of the end-to-end suite and
// checks each request against the fake's log: the route the fake matched
// must be one of the markers of the method that sent the request, and
// every marker of a method the suite calls must be a route it was seen
// sending, so that a marker names only what the method sends
// (Users.ListForTeam once claimed GET /teams/{team_gid}/users and sent
// GET /users).
func TestE2EMarkersMatchRoutes(t *testing.T) {
	markers := methodMarkers(t)
	log := &routeLog{}
	e := newE2E(t, nil, asana.WithRequestHook(log.hook))
	s := &suite{e2e: e, ws: e.org.Organization.GID}
	ctx := t.Context()
	seen := map[string]map[string]bool{} // method -> routes the fake saw
	checked := 0
	for _, st := range everyMethod() {
		log.mu.Lock()
		log.sent = nil
		log.mu.Unlock()
		before := e.srv.RequestCounts().Total
		_ = st.run(ctx, s) // TestE2EEveryMethod checks the answers
		recs := e.srv.Requests()
		recs = recs[max(0, len(recs)-(e.srv.RequestCounts().Total-before)):]
		// The fake's route for each path it was sent (a path matches one
		// route only).
		routeOf := map[string]string{}
		for _, r := range recs {
			if r.Route != "" && !r.InBatch {
				routeOf[r.Method+" "+r.Path] = r.Method + " " + r.Route
			}
		}
		log.mu.Lock()
		sent := slices.Clone(log.sent)
		log.mu.Unlock()
		for _, info := range sent {
			want, ok := markers[info.Operation]
			if !ok {
				continue // Client.Do, or an unexported helper's label
			}
			route, ok := routeOf[info.Method+" "+info.Path]
			if !ok {
				continue // a request the fake refused before routing
			}
			checked++
			if !slices.Contains(want, route) {
				t.Errorf("%s sent %s (%s), which is not among its markers %v", info.Operation, route, info.Path, want)
			}
			if seen[info.Operation] == nil {
				seen[info.Operation] = map[string]bool{}
			}
			seen[info.Operation][route] = true
		}
	}
	if checked < 200 {
		t.Fatalf("only %d requests were paired with the fake's log: is the pairing wrong?", checked)
	}
	for method, routes := range seen {
		for _, m := range markers[method] {
			if !routes[m] {
				t.Errorf("%s is marked %s but the suite never saw it send that route (it sent %v)", method, m, keys(routes))
			}
		}
	}
	t.Logf("%d requests of %d methods matched their markers", checked, len(seen))
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
