package asanatest

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// Time periods: the tag "Time periods" of the spec. A workspace's fiscal
// years, halves and quarters, which goals are set for. The API only reads
// them (Asana's admins set the fiscal year in the web app), so the fake
// takes them from seeding (AddTimePeriod, Generate).
func (s *Server) timePeriodRoutes() {
	s.handle("GET /time_periods", s.getTimePeriods)
	s.handle("GET /time_periods/{time_period_gid}", s.getTimePeriod)
}

// TimePeriod is a fiscal year (Period FY), half (H1, H2) or quarter (Q1 to
// Q4) of a workspace; ParentGID names the period it is part of.
type TimePeriod struct {
	GID          string
	WorkspaceGID string
	Period       string
	DisplayName  string
	StartOn      string // YYYY-MM-DD
	EndOn        string // YYYY-MM-DD, the last day of the period
	ParentGID    string
}

// timePeriodStore holds the time periods (storeOf[timePeriodStore]).
type timePeriodStore struct {
	periods table[TimePeriod]
	byWS    index
}

func newTimePeriodStore() any {
	return &timePeriodStore{periods: newTable[TimePeriod](), byWS: make(index)}
}

func (ps *timePeriodStore) insert(st *state, p *TimePeriod) *TimePeriod {
	ps.periods.put(st.gidFor(&p.GID), p)
	ps.byWS.add(p.WorkspaceGID, p.GID)
	return p
}

func timePeriods(st *state) *timePeriodStore { return storeOf[timePeriodStore](st) }

// timePeriodParam resolves a time period of a workspace the caller sees.
func (rq *request) timePeriodParam(param, gid string) (*TimePeriod, error) {
	return resolve(param, gid, timePeriods(rq.st).periods.get,
		func(p *TimePeriod) bool { return rq.s.canSeeWorkspace(rq.p, p.WorkspaceGID) })
}

func (s *Server) getTimePeriod(rq *request) reply {
	p, err := rq.timePeriodParam("time_period", rq.r.PathValue("time_period_gid"))
	if err != nil {
		return rq.fail(err)
	}
	return rq.one(s.kinds.timePeriod, p)
}

// getTimePeriods lists a workspace's periods. start_on keeps the periods
// that start on or after it, end_on those that end on or before it (the
// spec says only "ISO 8601 date string": the fake's reading).
func (s *Server) getTimePeriods(rq *request) reply {
	wsGID, err := rq.queryGID("workspace", true)
	if err != nil {
		return rq.fail(err)
	}
	if _, err := rq.workspaceParam("workspace", wsGID); err != nil {
		return rq.fail(err)
	}
	var bounds [2]string
	for i, name := range []string{"start_on", "end_on"} {
		v := rq.query.Get(name)
		if v == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return rq.fail(badRequest(name, "Not a valid date (YYYY-MM-DD): %s", v))
		}
		bounds[i] = v
	}
	ps := timePeriods(rq.st)
	p, err := rq.paginate(ps.byWS[wsGID], func(g string) bool {
		tp := ps.periods.get(g)
		return (bounds[0] == "" || tp.StartOn >= bounds[0]) && (bounds[1] == "" || tp.EndOn <= bounds[1])
	})
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(s.kinds.timePeriod, p)
}

// timePeriodKinds are the spec's time period values.
var timePeriodKinds = []string{"FY", "H1", "H2", "Q1", "Q2", "Q3", "Q4"}

// AddTimePeriod adds a time period to a workspace. Period must be FY, H1,
// H2 or Q1 to Q4, StartOn and EndOn dates in order; a parent must be a
// longer period of the same workspace that contains it. An empty
// DisplayName becomes "<Period> <year of EndOn>", as Asana names them.
func (s *Server) AddTimePeriod(p TimePeriod) (TimePeriod, error) {
	if !slices.Contains(timePeriodKinds, p.Period) {
		return TimePeriod{}, fmt.Errorf("asanatest: unknown time period %q (want one of %v)", p.Period, timePeriodKinds)
	}
	start, err1 := time.Parse(time.DateOnly, p.StartOn)
	end, err2 := time.Parse(time.DateOnly, p.EndOn)
	if err1 != nil || err2 != nil || end.Before(start) {
		return TimePeriod{}, fmt.Errorf("asanatest: time period needs dates StartOn <= EndOn (YYYY-MM-DD), got %q and %q", p.StartOn, p.EndOn)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.workspaces.get(p.WorkspaceGID) == nil {
		return TimePeriod{}, fmt.Errorf("asanatest: no workspace %q", p.WorkspaceGID)
	}
	if p.ParentGID != "" {
		parent := timePeriods(s.st).periods.get(p.ParentGID)
		if parent == nil || parent.WorkspaceGID != p.WorkspaceGID {
			return TimePeriod{}, fmt.Errorf("asanatest: no time period %s in workspace %s", p.ParentGID, p.WorkspaceGID)
		}
		if parent.StartOn > p.StartOn || parent.EndOn < p.EndOn || parent.Period[0] == 'Q' {
			return TimePeriod{}, errors.New("asanatest: a time period's parent must be a longer period that contains it")
		}
	}
	if p.DisplayName == "" {
		p.DisplayName = p.Period + " " + p.EndOn[:4]
	}
	p.GID = ""
	return *timePeriods(s.st).insert(s.st, &p), nil
}

// addTimePeriodKinds fills in the time period's projection.
func (k *kinds) addTimePeriodKinds() {
	fields := []string{"resource_type", "display_name", "end_on", "period", "start_on"}
	k.timePeriod = newKind("time_period", fields, append(slices.Clone(fields), "parent"),
		map[string]func(*view, *TimePeriod) any{
			"gid":          func(_ *view, p *TimePeriod) any { return p.GID },
			"display_name": func(_ *view, p *TimePeriod) any { return p.DisplayName },
			"end_on":       func(_ *view, p *TimePeriod) any { return p.EndOn },
			"start_on":     func(_ *view, p *TimePeriod) any { return p.StartOn },
			"period":       func(_ *view, p *TimePeriod) any { return p.Period },
			"parent":       func(v *view, p *TimePeriod) any { return v.refTo(v.kinds.timePeriod, p.ParentGID) },
		})
	storedIn(k.timePeriod, func(st *state) *table[TimePeriod] { return &timePeriods(st).periods })
}
