package asanatest

import (
	"math/rand/v2"
	"time"
)

// Generate's portfolios and project access levels. They come after every
// other record, from a random stream of their own (portfolioStream), so
// that the GIDs and data of the rest of the organization are those of a
// Generate without them.

// portfolioStream separates the portfolios' random stream.
const portfolioStream = 0x706f7274_666f6c // "portfol"

// genPortfolioNames are portfolio names; a team's portfolio adds the team.
var genPortfolioNames = []string{"Roadmap", "Initiatives", "Launches", "Bets", "Operations", "Planning"}

// portfoliosAndAccess gives every team with projects a portfolio of (some
// of) its projects, and the organization one portfolio holding a few
// projects and one team portfolio nested in it; each has an owner and a
// few members at admin, editor or viewer level. Then some project members
// become commenters or viewers.
func (g *generator) portfoliosAndAccess() error {
	r := rand.New(rand.NewPCG(g.seed, g.seed^portfolioStream))
	if len(g.active) == 0 || len(g.out.Projects) == 0 {
		return nil
	}
	byTeam := make(map[string][]string)
	for _, p := range g.out.Projects {
		byTeam[p.TeamGID] = append(byTeam[p.TeamGID], p.GID)
	}
	var teamPortfolios []string
	for i, t := range g.out.Teams {
		projects := byTeam[t.GID]
		if len(projects) == 0 {
			continue
		}
		items := projects[:min(len(projects), 2+r.IntN(4))]
		pf, err := g.portfolio(r, pick(r, genPortfolioNames)+": "+t.Name, g.people(i), items)
		if err != nil {
			return err
		}
		teamPortfolios = append(teamPortfolios, pf.GID)
	}
	var items []string
	for range min(3, len(g.out.Projects)) {
		items = appendUnique(items, g.out.Projects[r.IntN(len(g.out.Projects))].GID)
	}
	if len(teamPortfolios) > 0 {
		items = append(items, pick(r, teamPortfolios))
	}
	if _, err := g.portfolio(r, "Company "+pick(r, genPortfolioNames), g.active, items); err != nil {
		return err
	}
	for _, p := range g.out.Projects {
		for _, u := range p.MemberGIDs {
			if u == p.OwnerGID {
				continue
			}
			level := ""
			switch x := r.Float64(); {
			case x < 0.2:
				level = AccessCommenter
			case x < 0.35:
				level = AccessViewer
			}
			if level == "" {
				continue
			}
			if _, err := g.s.SetAccessLevel(p.GID, u, level); err != nil {
				return err
			}
		}
	}
	return nil
}

// portfolio adds one portfolio owned by one of people, with up to three
// more of them as members.
func (g *generator) portfolio(r *rand.Rand, name string, people, items []string) (Portfolio, error) {
	created := g.now.Add(-time.Duration(30+r.IntN(300)) * day)
	pf, err := g.s.AddPortfolio(Portfolio{WorkspaceGID: g.org.GID, Name: name, OwnerGID: pick(r, people),
		Color: pick(r, genColors), Public: r.Float64() < 0.5, ItemGIDs: items, CreatedAt: created,
		ModifiedAt: created.Add(time.Duration(r.IntN(20)) * day)})
	if err != nil {
		return Portfolio{}, err
	}
	for range r.IntN(4) {
		u := pick(r, people)
		if u == pf.OwnerGID {
			continue
		}
		if _, err := g.s.SetAccessLevel(pf.GID, u, pick(r, portfolioAccessLevels)); err != nil {
			return Portfolio{}, err
		}
	}
	g.out.Portfolios = append(g.out.Portfolios, pf)
	return pf, nil
}
