package asanatest

import (
	"slices"
	"strings"
	"testing"
)

// fuzzGoalRoutes are the routes FuzzGoalWrites picks from.
var fuzzGoalRoutes = []string{"POST /goals", "PUT /goals/PUBG", "POST /goals/PUBG/setMetric", "POST /goals/PUBG/setMetricCurrentValue",
	"POST /goals/WSG/addSupportingRelationship", "POST /goals/WSG/removeSupportingRelationship", "PUT /goal_relationships/REL",
	"POST /status_updates", "POST /projects/PUB/project_statuses", "POST /goals/PUBG/stories"}

// FuzzGoalWrites sends arbitrary bodies to the goal and status update
// writes: the fake must answer every one with an Asana status (never a
// 500, never a panic) and keep its goal relationships consistent and free
// of cycles.
func FuzzGoalWrites(f *testing.F) {
	for _, seed := range []string{
		`{"data":{"name":"x","workspace":"ORG","team":"TEAM","time_period":"Q1","followers":["me"]}}`,
		`{"data":{"status":"green","due_on":"2026-02-30","liked":true}}`,
		`{"data":{"unit":"currency","currency_code":"EUR","precision":2.5,"target_number_value":1e308}}`,
		`{"data":{"current_number_value":-0.5}}`,
		`{"data":{"supporting_resource":"PUBG","insert_after":"PUB","contribution_weight":0.3}}`,
		`{"data":{"supporting_resource":"T1","insert_before":"PUB"}}`,
		`{"data":{"contribution_weight":"1"}}`,
		`{"data":{"parent":"PUBG","status_type":"achieved","html_text":"<body>done</body>"}}`,
		`{"data":{"color":"complete","title":"t","text":""}}`,
		`{"data":{"text":"hi","is_pinned":1}}`,
		`{"data":[1]}`, `{"data":`, ``,
	} {
		for i := range fuzzGoalRoutes {
			f.Add(uint8(i), seed)
		}
	}
	w := newGoalFixture(f, WithRateLimit(0, 0))
	g := w.goals
	names := strings.NewReplacer("PUBG", g.pub.GID, "WSG", g.ws.GID, "REL", g.projectRel.GID, "ORG", w.org.GID,
		"TEAM", w.public.GID, "Q1", g.q1.GID, "PUB", w.pub.GID, "T1", w.t1.GID)
	f.Fuzz(func(t *testing.T, route uint8, body string) {
		method, p, _ := strings.Cut(names.Replace(fuzzGoalRoutes[int(route)%len(fuzzGoalRoutes)]), " ")
		code, _, doc := call(t, w.s, w.memberTok, method, p, names.Replace(body))
		switch code {
		case 200, 201, 400, 403, 404, 413:
		default:
			t.Fatalf("%s %s %q: status %d %v", method, p, body, code, doc)
		}
		w.s.mu.RLock()
		defer w.s.mu.RUnlock()
		gs := goals(w.s.st)
		for goal, order := range gs.relOrder {
			for _, rg := range order {
				r := gs.rels.get(rg)
				if r == nil || r.SupportedGoalGID != goal || !slices.Contains(gs.supporting[r.SupportingGID], rg) {
					t.Fatalf("goal %s lists relationship %s inconsistently: %+v", goal, rg, r)
				}
				if r.SupportingType == "goal" && gs.supports(goal, r.SupportingGID, 0) {
					t.Fatalf("cycle through goals %s and %s", goal, r.SupportingGID)
				}
			}
		}
	})
}
