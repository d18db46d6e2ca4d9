package asanatest

import (
	"strconv"
	"time"
)

// Project portfolio settings: the tag "Project portfolio settings" of the
// spec. A project in a portfolio has one setting for that portfolio,
// made when the project joins it (addItem, a portfolio created or
// duplicated with it, AddPortfolioItem) and dropped when it leaves; a
// project that joins again gets a new one. is_access_control_inherited
// starts true (the fake's reading: the portfolio's members reach the
// project) and only the stored flag changes: the fake grants no project
// access through it. A setting is seen by whoever sees both its project
// and its portfolio, and changed by whoever may edit the portfolio.
func (s *Server) projectPortfolioSettingRoutes() {
	s.handle("GET /project_portfolio_settings/{project_portfolio_setting_gid}", s.getProjectPortfolioSetting)
	s.handle("PUT /project_portfolio_settings/{project_portfolio_setting_gid}", s.updateProjectPortfolioSetting)
	s.handle("GET /projects/{project_gid}/project_portfolio_settings", s.getProjectPortfolioSettingsForProject)
	s.handle("GET /portfolios/{portfolio_gid}/project_portfolio_settings", s.getProjectPortfolioSettingsForPortfolio)
}

// ProjectPortfolioSetting is the setting of a project in one portfolio.
type ProjectPortfolioSetting struct {
	GID                      string
	ProjectGID               string
	PortfolioGID             string
	IsAccessControlInherited bool
	CreatedAt                time.Time
}

// ppsGIDBase starts the settings' own GID sequence (as memberships have
// one, access.go), so that adding a project to a portfolio shifts no
// other GID.
const ppsGIDBase = 30_000_000_000_000_000

// ppsStore holds the settings (storeOf[ppsStore]).
type ppsStore struct {
	nextGID     uint64
	settings    table[ProjectPortfolioSetting]
	byProject   index
	byPortfolio index
	of          map[[2]string]*ProjectPortfolioSetting // {portfolio, project}
}

func newPPSStore() any {
	return &ppsStore{nextGID: ppsGIDBase, settings: newTable[ProjectPortfolioSetting](), byProject: make(index),
		byPortfolio: make(index), of: map[[2]string]*ProjectPortfolioSetting{}}
}

func projectPortfolioSettings(st *state) *ppsStore { return storeOf[ppsStore](st) }

// itemAdded gives a project that joined a portfolio its setting there,
// unless it has one (a move within the portfolio keeps it). Items that
// are portfolios have none.
func (ps *ppsStore) itemAdded(st *state, portfolioGID, itemGID string, now time.Time) {
	if st.projects.get(itemGID) == nil || ps.of[[2]string{portfolioGID, itemGID}] != nil {
		return
	}
	ps.nextGID++
	s := &ProjectPortfolioSetting{GID: strconv.FormatUint(ps.nextGID, 10), ProjectGID: itemGID, PortfolioGID: portfolioGID,
		IsAccessControlInherited: true, CreatedAt: now}
	ps.settings.put(s.GID, s)
	ps.byProject.add(itemGID, s.GID)
	ps.byPortfolio.add(portfolioGID, s.GID)
	ps.of[[2]string{portfolioGID, itemGID}] = s
}

// itemRemoved drops the setting of an item that left a portfolio.
func (ps *ppsStore) itemRemoved(portfolioGID, itemGID string) {
	s := ps.of[[2]string{portfolioGID, itemGID}]
	if s == nil {
		return
	}
	delete(ps.of, [2]string{portfolioGID, itemGID})
	ps.byProject.remove(itemGID, s.GID)
	ps.byPortfolio.remove(portfolioGID, s.GID)
	ps.settings.remove(s.GID)
}

// live reports whether the setting's project is still in its portfolio
// (both may have been deleted since).
func (st *state) livePPS(s *ProjectPortfolioSetting) bool {
	pf := portfolios(st).portfolios.get(s.PortfolioGID)
	return pf != nil && st.projects.get(s.ProjectGID) != nil && containsString(pf.ItemGIDs, s.ProjectGID)
}

// ppsKind renders a setting (the spec's ProjectPortfolioSettingResponse).
var ppsKind = func() *kind {
	compact := []string{"resource_type", "project", "portfolio", "is_access_control_inherited"}
	k := newKind("project_portfolio_setting", compact, append(compact, "created_at"),
		map[string]func(*view, *ProjectPortfolioSetting) any{
			"gid":                         func(_ *view, s *ProjectPortfolioSetting) any { return s.GID },
			"project":                     func(v *view, s *ProjectPortfolioSetting) any { return v.refTo(v.kinds.project, s.ProjectGID) },
			"portfolio":                   func(v *view, s *ProjectPortfolioSetting) any { return v.refTo(portfolioKind, s.PortfolioGID) },
			"is_access_control_inherited": func(_ *view, s *ProjectPortfolioSetting) any { return s.IsAccessControlInherited },
			"created_at":                  func(_ *view, s *ProjectPortfolioSetting) any { return s.CreatedAt },
		})
	storedIn(k, func(st *state) *table[ProjectPortfolioSetting] { return &projectPortfolioSettings(st).settings })
	return k
}()

// canSeePPS reports whether p sees the setting's project and portfolio.
func (s *Server) canSeePPS(p *principal, pps *ProjectPortfolioSetting) bool {
	pr, pf := s.st.projects.get(pps.ProjectGID), portfolios(s.st).portfolios.get(pps.PortfolioGID)
	return pr != nil && pf != nil && s.canSeeProject(p, pr) && s.canSeePortfolio(p, pf)
}

func (rq *request) ppsParam() (*ProjectPortfolioSetting, error) {
	return resolve("project_portfolio_setting", rq.r.PathValue("project_portfolio_setting_gid"),
		func(g string) *ProjectPortfolioSetting {
			if s := projectPortfolioSettings(rq.st).settings.get(g); s != nil && rq.st.livePPS(s) {
				return s
			}
			return nil
		},
		func(s *ProjectPortfolioSetting) bool { return rq.s.canSeePPS(rq.p, s) })
}

func (s *Server) getProjectPortfolioSetting(rq *request) reply {
	pps, err := rq.ppsParam()
	if err != nil {
		return rq.fail(err)
	}
	return rq.one(ppsKind, pps)
}

func (s *Server) updateProjectPortfolioSetting(rq *request) reply {
	pps, err := rq.ppsParam()
	if err != nil {
		return rq.fail(err)
	}
	if !s.canEditPortfolio(rq.p, portfolios(rq.st).portfolios.get(pps.PortfolioGID)) {
		return rq.fail(forbidden("You do not have permission to edit this portfolio"))
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	v, err := b.boolean("is_access_control_inherited", pps.IsAccessControlInherited)
	if err != nil {
		return rq.fail(err)
	}
	pps.IsAccessControlInherited = v
	return rq.one(ppsKind, pps)
}

// ppsList lists the live settings among gids that the caller sees.
func (s *Server) ppsList(rq *request, gids []string) reply {
	ps := projectPortfolioSettings(rq.st)
	p, err := rq.paginate(gids, func(g string) bool {
		pps := ps.settings.get(g)
		return rq.st.livePPS(pps) && s.canSeePPS(rq.p, pps)
	})
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(ppsKind, p)
}

func (s *Server) getProjectPortfolioSettingsForProject(rq *request) reply {
	pr, err := rq.pathProject()
	if err != nil {
		return rq.fail(err)
	}
	return s.ppsList(rq, projectPortfolioSettings(rq.st).byProject[pr.GID])
}

func (s *Server) getProjectPortfolioSettingsForPortfolio(rq *request) reply {
	pf, err := rq.pathPortfolio()
	if err != nil {
		return rq.fail(err)
	}
	return s.ppsList(rq, projectPortfolioSettings(rq.st).byPortfolio[pf.GID])
}

// ProjectPortfolioSetting returns a copy of the setting of a project in a
// portfolio, while the project is in it.
func (s *Server) ProjectPortfolioSetting(portfolioGID, projectGID string) (ProjectPortfolioSetting, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	pps := projectPortfolioSettings(s.st).of[[2]string{portfolioGID, projectGID}]
	if pps == nil || !s.st.livePPS(pps) {
		return ProjectPortfolioSetting{}, false
	}
	return *pps, true
}
