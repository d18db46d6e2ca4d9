package asanatest

import (
	"math/rand/v2"
	"time"
)

// Generate's connections between the kinds that other steps generate
// apart: custom field settings on some portfolios, a status update on
// some portfolios, and goals supported by portfolios. They come last,
// from a random stream of their own (connectStream), so that every
// earlier record is that of a Generate without them.

// connectStream separates the connections' random stream.
const connectStream = 0x636f6e6e_656374 // "connect"

// connections puts one to three of the generated fields on about half of
// the portfolios, gives a third of them a status update, and makes up to
// three portfolios support a workspace-level or team goal.
func (g *generator) connections() error {
	if len(g.out.Portfolios) == 0 {
		return nil
	}
	r := rand.New(rand.NewPCG(g.seed, g.seed^connectStream))
	fields := g.out.CustomFields
	for _, pf := range g.out.Portfolios {
		if len(fields) > 0 && r.Float64() < 0.5 {
			for _, i := range r.Perm(len(fields))[:1+r.IntN(min(3, len(fields)))] {
				if _, err := g.s.AddCustomFieldSetting(CustomFieldSetting{ParentGID: pf.GID, ParentType: "portfolio",
					CustomFieldGID: fields[i].GID, IsImportant: r.Float64() < 0.3}); err != nil {
					return err
				}
			}
		}
		if len(g.active) > 0 && r.Float64() < 0.35 {
			created := g.now.Add(-time.Duration(1+r.IntN(14)) * day)
			if _, err := g.s.AddStatusUpdate(StatusUpdate{ParentGID: pf.GID, AuthorGID: pick(r, g.active), Title: "Portfolio update",
				Text: pick(r, genStatusTexts), StatusType: pick(r, statusTypesFor("portfolio")), CreatedAt: created}); err != nil {
				return err
			}
		}
	}
	if len(g.out.Goals) == 0 {
		return nil
	}
	for _, i := range r.Perm(len(g.out.Portfolios))[:min(3, len(g.out.Portfolios))] {
		goal := pick(r, g.out.Goals)
		if _, err := g.s.AddGoalRelationship(GoalRelationship{SupportedGoalGID: goal.GID, SupportingGID: g.out.Portfolios[i].GID,
			ContributionWeight: float64(1+r.IntN(10)) / 10}); err != nil {
			return err
		}
	}
	return nil
}
