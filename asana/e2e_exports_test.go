package asana_test

import (
	"context"
	"slices"
	"strings"

	"github.com/asanakit/asana-go/asana"
)

// Steps of TestE2EEveryMethod for typeahead. They run after the goal
// steps (they use s.project and s.team) and before the cleanup.

func typeaheadSteps() []step {
	return []step{
		{methods: []string{"Typeahead.Search"}, run: func(ctx context.Context, s *suite) error {
			p, err := s.sa.Projects.Get(ctx, s.project, nil)
			if err != nil {
				return err
			}
			word := strings.Fields(p.Name)[0]
			prefix := strings.ToUpper(word[:min(3, len(word))])
			hits, err := s.sa.Typeahead.Search(ctx, s.ws, "project", &asana.TypeaheadSearchOptions{Query: prefix, Count: 100})
			if err != nil {
				return err
			}
			found := slices.ContainsFunc(hits, func(r asana.NamedResource) bool { return r.GID == s.project })
			for _, h := range hits {
				if h.ResourceType != "project" || !strings.Contains(strings.ToLower(h.Name), strings.ToLower(prefix)) {
					return expect(false, "typeahead %q answered %+v", prefix, h)
				}
			}
			if err := expect(found, "typeahead %q: %+v lacks %s (%q)", prefix, hits, s.project, p.Name); err != nil {
				return err
			}
			tm, err := s.sa.Teams.Get(ctx, s.team, nil)
			if err != nil {
				return err
			}
			teamHits, err := s.sa.Typeahead.Search(ctx, s.ws, "team", &asana.TypeaheadSearchOptions{Query: tm.Name})
			if err != nil {
				return err
			}
			one, err := s.member.Typeahead.Search(ctx, s.ws, "user", &asana.TypeaheadSearchOptions{Count: 1})
			if err != nil {
				return err
			}
			return expect(slices.ContainsFunc(teamHits, func(r asana.NamedResource) bool { return r.GID == s.team }) &&
				len(one) == 1 && one[0].ResourceType == "user", "team typeahead %+v, one user %+v", teamHits, one)
		}},
	}
}
