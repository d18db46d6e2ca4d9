package asanatest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Rules: triggerRule of the spec's tag "Rules", which runs a rule whose
// trigger is an "incoming web request". Rules themselves are built in the
// web app, so the fake takes their triggers from seeding (AddRuleTrigger,
// or POST /_fake/rule_triggers): each lives in a project. A run needs a
// resource, a task of that project the caller sees, and an action_data
// object; the fake runs no action but records the run, which a test reads
// with RuleRuns or GET /_fake/rule_runs to assert that its code triggered
// the rule with the right data.
func (s *Server) ruleTriggerRoutes() {
	s.handle("POST /rule_triggers/{rule_trigger_gid}/run", s.triggerRule)
	s.controlJSON("GET "+controlPrefix+"/rule_runs", func(r *http.Request) (any, error) {
		runs := s.RuleRuns(r.URL.Query().Get("rule_trigger"))
		out := make([]map[string]any, len(runs))
		for i, run := range runs {
			out[i] = map[string]any{"rule_trigger": run.RuleTriggerGID, "resource": run.ResourceGID,
				"action_data": run.ActionData, "user": run.UserGID, "time": run.Time.UTC().Format(timeFormat)}
		}
		return out, nil
	})
	s.controlJSON("POST "+controlPrefix+"/rule_triggers", func(r *http.Request) (any, error) {
		var in struct{ Project, Name string }
		if err := decodeControl(r, &in); err != nil {
			return nil, err
		}
		t, err := s.AddRuleTrigger(RuleTrigger{ProjectGID: in.Project, Name: in.Name})
		return map[string]any{"gid": t.GID}, err
	})
}

// controlJSON registers a /_fake endpoint that answers {"data": v}, or a
// 400 with the error, as registerControl's endpoints do.
func (s *Server) controlJSON(pattern string, h func(r *http.Request) (any, error)) {
	s.controlRoutes = append(s.controlRoutes, pattern)
	s.ctl.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		v, err := h(r)
		if err != nil {
			writeJSON(w, http.StatusBadRequest, errorsDoc{Errors: []errorDetail{{Message: err.Error()}}})
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"data": v})
	})
}

// RuleTrigger is the "incoming web request" trigger of a rule in a
// project.
type RuleTrigger struct {
	GID        string
	ProjectGID string
	Name       string // the rule's name, for the tests' messages
}

// RuleRun is one triggerRule call the fake accepted.
type RuleRun struct {
	RuleTriggerGID string
	ResourceGID    string
	// ActionData is the request's action_data, decoded afresh for each
	// caller of RuleRuns.
	ActionData map[string]any
	UserGID    string // who triggered it
	Time       time.Time
}

// ruleStore holds the triggers and the runs (storeOf[ruleStore]).
type ruleStore struct {
	triggers table[RuleTrigger]
	runs     []ruleRun
}

// ruleRun is a run as stored: its action data as JSON, so that no caller
// shares the maps.
type ruleRun struct {
	trigger, resource, user string
	actionData              json.RawMessage
	at                      time.Time
}

func newRuleStore() any { return &ruleStore{triggers: newTable[RuleTrigger]()} }

func ruleTriggers(st *state) *ruleStore { return storeOf[ruleStore](st) }

// triggerRule runs a rule: the trigger's project and the resource task
// must be visible to the caller, the task in that project.
func (s *Server) triggerRule(rq *request) reply {
	g, err := rq.pathGID("rule_trigger_gid")
	if err != nil {
		return rq.fail(err)
	}
	trig := ruleTriggers(rq.st).triggers.get(g)
	if trig == nil {
		return rq.fail(notFound("rule_trigger", g))
	}
	pr := rq.st.projects.get(trig.ProjectGID)
	if pr == nil {
		return rq.fail(notFound("rule_trigger", g))
	}
	if !s.canSeeProject(rq.p, pr) {
		return rq.fail(forbidden(""))
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	tg, err := b.gid("resource", true)
	if err != nil {
		return rq.fail(err)
	}
	t, err := rq.taskParam("resource", tg)
	if err != nil {
		return rq.fail(err)
	}
	if !slices.ContainsFunc(t.Memberships, func(m TaskMembership) bool { return m.ProjectGID == pr.GID }) {
		return rq.fail(badRequest("resource", "The task must be in the rule's project %s", pr.GID))
	}
	raw, ok := b.field("action_data")
	if !ok || string(raw) == "null" {
		return rq.fail(missingInput("action_data"))
	}
	if raw = bytes.TrimSpace(raw); len(raw) == 0 || raw[0] != '{' {
		return rq.fail(badRequest("action_data", "Must be an object"))
	}
	rs := ruleTriggers(rq.st)
	rs.runs = append(rs.runs, ruleRun{trigger: g, resource: t.GID, user: rq.p.user.GID, actionData: slices.Clone(raw), at: rq.now})
	return reply{body: map[string]any{"data": map[string]any{"message": "Successfully saved the payload and ran the rule"}}}
}

// AddRuleTrigger adds the incoming-web-request trigger of a rule in a
// project.
func (s *Server) AddRuleTrigger(t RuleTrigger) (RuleTrigger, error) {
	if strings.TrimSpace(t.ProjectGID) == "" {
		return RuleTrigger{}, errors.New("asanatest: a rule trigger needs a project")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.projects.get(t.ProjectGID) == nil {
		return RuleTrigger{}, fmt.Errorf("asanatest: no project %q", t.ProjectGID)
	}
	t.GID = ""
	rs := ruleTriggers(s.st)
	rs.triggers.put(s.st.gidFor(&t.GID), &t)
	return t, nil
}

// RuleRuns returns the accepted triggerRule calls of one trigger, or of
// every trigger when ruleTriggerGID is "", oldest first.
func (s *Server) RuleRuns(ruleTriggerGID string) []RuleRun {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []RuleRun
	for _, r := range ruleTriggers(s.st).runs {
		if ruleTriggerGID != "" && r.trigger != ruleTriggerGID {
			continue
		}
		var data map[string]any
		_ = json.Unmarshal(r.actionData, &data)
		out = append(out, RuleRun{RuleTriggerGID: r.trigger, ResourceGID: r.resource, ActionData: data, UserGID: r.user, Time: r.at})
	}
	return out
}
