package asana_test

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/asanakit/asana-go/asana"
)

// Steps of TestE2EEveryMethod for goals and what hangs off them: time
// periods, goal relationships, status updates and the deprecated project
// statuses. They run after the project steps (they use s.project,
// s.newProject and s.newTeam) and before the cleanup.

func goalSteps() []step {
	return concatSteps(timePeriodSteps(), goalCRUDSteps(), goalRelationshipSteps(), statusUpdateSteps(), projectStatusSteps(), []step{
		{methods: []string{"Stories.CreateForGoal", "Stories.ListForGoal"}, run: func(ctx context.Context, s *suite) error {
			var last string
			for _, text := range []string{"Kickoff done", "Halfway", "Almost there"} {
				st, err := s.member.Stories.CreateForGoal(ctx, s.goal, &asana.StoryCreateRequest{Text: text}, nil)
				if err != nil {
					return err
				}
				got, ok := s.srv.Story(st.GID)
				if !ok || got.GoalGID != s.goal || got.Text != text || got.CreatedByGID != s.org.Member.GID || st.ResourceSubtype != asana.StorySubtypeComment {
					return fmt.Errorf("created %+v, fake has %+v", st, got)
				}
				last = st.GID
			}
			o := lo()
			ss, err := sameList(s.sa.Stories.ListForGoal(ctx, s.goal, &o), storyGID, 3)
			if err != nil {
				return err
			}
			l := ss[len(ss)-1]
			return expect(len(ss) == 3 && l.GID == last && l.Text == "Almost there" && l.CreatedBy != nil && l.CreatedBy.GID == s.org.Member.GID, "stories %+v", ss)
		}},
		{methods: []string{"Goals.Delete"}, run: func(ctx context.Context, s *suite) error {
			if err := s.admin.Goals.Delete(ctx, s.goal); err != nil {
				return err
			}
			_, ok := s.srv.Goal(s.goal)
			_, err := s.admin.Goals.Get(ctx, s.goal, nil)
			return expect(!ok && isNotFound(err), "goal in the fake after delete: %v; get: %v", ok, err)
		}},
	})
}

func timePeriodGID(p asana.TimePeriod) string       { return p.GID }
func goalGID(g asana.Goal) string                   { return g.GID }
func goalRelGID(r asana.GoalRelationship) string    { return r.GID }
func statusUpdateGID(u asana.StatusUpdate) string   { return u.GID }
func projectStatusGID(p asana.ProjectStatus) string { return p.GID }

func timePeriodSteps() []step {
	return []step{
		{methods: []string{"TimePeriods.List"}, run: func(ctx context.Context, s *suite) error {
			o := &asana.TimePeriodListOptions{ListOptions: lo()}
			ps, err := sameList(s.sa.TimePeriods.List(ctx, s.ws, o), timePeriodGID, len(s.org.TimePeriods))
			if err != nil {
				return err
			}
			if ps[0].DisplayName == "" || ps[0].StartOn.IsZero() || ps[0].EndOn.IsZero() || ps[0].Period == "" {
				return fmt.Errorf("default fields: %+v", ps[0])
			}
			// start_on keeps the periods that start on or after it: this
			// year's fiscal year, halves and quarters.
			thisYear := s.org.TimePeriods[len(s.org.TimePeriods)/2]
			from, err := asana.ParseDate(thisYear.StartOn)
			if err != nil {
				return err
			}
			later, err := collect(s.sa.TimePeriods.List(ctx, s.ws, &asana.TimePeriodListOptions{StartOn: from}).All())
			if err != nil {
				return err
			}
			for _, p := range later {
				if p.StartOn.String() < thisYear.StartOn {
					return fmt.Errorf("start_on=%s listed %+v", thisYear.StartOn, p)
				}
			}
			return expect(len(later) == len(s.org.TimePeriods)/2, "start_on=%s: %d periods, want %d", thisYear.StartOn, len(later), len(s.org.TimePeriods)/2)
		}},
		{methods: []string{"TimePeriods.Get"}, run: func(ctx context.Context, s *suite) error {
			want := s.org.TimePeriods[len(s.org.TimePeriods)-1] // a quarter, with a parent
			p, err := s.sa.TimePeriods.Get(ctx, want.GID, nil)
			if err != nil {
				return err
			}
			if p.DisplayName != want.DisplayName || p.StartOn.String() != want.StartOn || p.EndOn.String() != want.EndOn ||
				string(p.Period) != want.Period || p.Parent == nil || p.Parent.GID != want.ParentGID {
				return fmt.Errorf("default fields: %+v, fake has %+v", p, want)
			}
			p, err = s.sa.TimePeriods.Get(ctx, want.GID, &asana.GetOptions{Fields: []string{"display_name", "parent.period"}})
			if err != nil {
				return err
			}
			return expect(p.DisplayName == want.DisplayName && p.StartOn.IsZero() && p.Parent != nil && p.Parent.Period != "", "opt_fields: %+v", p)
		}},
	}
}

func goalCRUDSteps() []step {
	return []step{
		{methods: []string{"Goals.List"}, run: func(ctx context.Context, s *suite) error {
			o := &asana.GoalListOptions{Workspace: s.ws, ListOptions: lo()}
			gs, err := sameList(s.sa.Goals.List(ctx, o), goalGID, len(s.org.Goals))
			if err != nil {
				return err
			}
			if gs[0].Name == "" || gs[0].Owner == nil || gs[0].Owner.GID == "" {
				return fmt.Errorf("default fields: %+v", gs[0])
			}
			// is_workspace_level filters both ways: false is a value too.
			n := map[bool]int{}
			for _, lvl := range []bool{true, false} {
				level, err := collect(s.sa.Goals.List(ctx, &asana.GoalListOptions{Workspace: s.ws, IsWorkspaceLevel: asana.Ptr(lvl), ListOptions: lo("is_workspace_level")}).All())
				if err != nil {
					return err
				}
				for _, g := range level {
					if g.IsWorkspaceLevel != lvl {
						return fmt.Errorf("is_workspace_level=%v listed %+v", lvl, g)
					}
				}
				n[lvl] = len(level)
			}
			return expect(n[true] > 0 && n[false] > 0 && n[true]+n[false] == len(gs), "%d workspace-level and %d team goals of %d", n[true], n[false], len(gs))
		}},
		{methods: []string{"Goals.Create"}, run: func(ctx context.Context, s *suite) error {
			period := s.org.TimePeriods[len(s.org.TimePeriods)-1]
			start, _ := asana.ParseDate(period.StartOn)
			due, _ := asana.ParseDate(period.EndOn)
			g, err := s.admin.Goals.Create(ctx, &asana.GoalCreateRequest{Workspace: s.ws, Team: s.newTeam, Name: "Ship the platform",
				Notes: "for the launch", TimePeriod: period.GID, StartOn: start, DueOn: due, Followers: []string{s.newUser.GID}}, nil)
			if err != nil {
				return err
			}
			s.goal = g.GID
			got, ok := s.srv.Goal(g.GID)
			if !ok || got.Name != "Ship the platform" || got.TeamGID != s.newTeam || got.TimePeriodGID != period.GID ||
				got.DueOn != period.EndOn || got.OwnerGID != s.org.Admin.GID || !slices.Contains(got.FollowerGIDs, s.newUser.GID) {
				return fmt.Errorf("fake has %+v", got)
			}
			return expect(g.Name == got.Name && g.Notes == "for the launch" && g.Team != nil && g.Team.GID == s.newTeam &&
				g.TimePeriod != nil && g.TimePeriod.GID == period.GID && g.DueOn == due && g.Owner != nil && g.Owner.GID == s.org.Admin.GID,
				"created %+v", g)
		}},
		{methods: []string{"Goals.Get"}, run: func(ctx context.Context, s *suite) error {
			g, err := s.sa.Goals.Get(ctx, s.goal, nil)
			if err != nil {
				return err
			}
			if g.GID != s.goal || g.Workspace == nil || g.Workspace.GID != s.ws || g.Notes != "for the launch" || len(g.Followers) < 2 ||
				g.PrivacySetting != asana.GoalPrivacySettingPublicToWorkspace || g.Metric != nil {
				return fmt.Errorf("default fields: %+v", g)
			}
			g, err = s.sa.Goals.Get(ctx, s.goal, &asana.GetOptions{Fields: []string{"name", "owner.email"}})
			if err != nil {
				return err
			}
			return expect(g.Name != "" && g.Owner != nil && g.Owner.Email == s.org.Admin.Email && g.Workspace == nil && g.Notes == "", "opt_fields: %+v", g)
		}},
		{methods: []string{"Goals.Update"}, run: func(ctx context.Context, s *suite) error {
			g, err := s.admin.Goals.Update(ctx, s.goal, &asana.GoalUpdateRequest{Name: asana.Ptr("Ship the platform v2"), Notes: asana.Ptr("moved"), Liked: asana.Ptr(true)}, nil)
			if err != nil {
				return err
			}
			got, _ := s.srv.Goal(s.goal)
			return expect(g.Name == "Ship the platform v2" && g.Notes == "moved" && g.Liked && g.NumLikes == 1 &&
				got.Name == g.Name && slices.Contains(got.LikedBy, s.org.Admin.GID), "updated %+v, fake has %+v", g, got)
		}},
		{methods: []string{"Goals.AddFollowers", "Goals.RemoveFollowers"}, run: func(ctx context.Context, s *suite) error {
			fields := &asana.GetOptions{Fields: []string{"followers"}}
			g, err := s.admin.Goals.AddFollowers(ctx, s.goal, &asana.GoalAddFollowersRequest{Followers: []string{s.org.Member.GID}}, fields)
			if err != nil {
				return err
			}
			if got, _ := s.srv.Goal(s.goal); !hasUser(g.Followers, s.org.Member.GID) || !slices.Contains(got.FollowerGIDs, s.org.Member.GID) {
				return fmt.Errorf("followers after add: %+v, fake has %v", g.Followers, got.FollowerGIDs)
			}
			g, err = s.admin.Goals.RemoveFollowers(ctx, s.goal, &asana.GoalRemoveFollowersRequest{Followers: []string{s.org.Member.GID}}, fields)
			if err != nil {
				return err
			}
			got, _ := s.srv.Goal(s.goal)
			return expect(!hasUser(g.Followers, s.org.Member.GID) && !slices.Contains(got.FollowerGIDs, s.org.Member.GID),
				"followers after remove: %+v, fake has %v", g.Followers, got.FollowerGIDs)
		}},
		{methods: []string{"Goals.SetMetric", "Goals.SetMetricCurrentValue"}, run: func(ctx context.Context, s *suite) error {
			g, err := s.admin.Goals.SetMetric(ctx, s.goal, &asana.GoalSetMetricRequest{Unit: asana.GoalUnitCurrency, CurrencyCode: "EUR",
				InitialNumberValue: 10, TargetNumberValue: 100, Precision: 2}, nil)
			if err != nil {
				return err
			}
			if m := g.Metric; m == nil || m.Unit != asana.GoalMetricUnitCurrency || m.CurrencyCode != "EUR" || m.TargetNumberValue != 100 ||
				m.CurrentNumberValue != 10 || m.ProgressSource != asana.GoalMetricProgressSourceManual {
				return fmt.Errorf("metric %+v", g.Metric)
			}
			g, err = s.admin.Goals.SetMetricCurrentValue(ctx, s.goal, &asana.GoalSetMetricCurrentValueRequest{CurrentNumberValue: 42.5}, nil)
			if err != nil {
				return err
			}
			got, _ := s.srv.Goal(s.goal)
			if g.Metric == nil || g.Metric.CurrentNumberValue != 42.5 || g.Metric.CurrentDisplayValue != "EUR 42.50" || got.Metric == nil || got.Metric.Current != 42.5 {
				return fmt.Errorf("metric %+v, fake has %+v", g.Metric, got.Metric)
			}
			// Zero is a value: it must be sent, not left out.
			if _, err := s.admin.Goals.SetMetricCurrentValue(ctx, s.goal, &asana.GoalSetMetricCurrentValueRequest{}, nil); err != nil {
				return fmt.Errorf("set current value to 0: %w", err)
			}
			got, _ = s.srv.Goal(s.goal)
			if got.Metric.Current != 0 {
				return fmt.Errorf("current value %v after setting 0", got.Metric.Current)
			}
			// With a metric the status can be set, and cleared (null).
			if g, err = s.admin.Goals.Update(ctx, s.goal, &asana.GoalUpdateRequest{Status: asana.Ptr("achieved")}, nil); err != nil || g.Status != "achieved" {
				return fmt.Errorf("set status: %+v (%v)", g, err)
			}
			if g, err = s.admin.Goals.Update(ctx, s.goal, &asana.GoalUpdateRequest{Status: asana.Ptr("")}, nil); err != nil {
				return fmt.Errorf("clear status: %w", err)
			}
			got, _ = s.srv.Goal(s.goal)
			if g.Status != "" || got.Status != "" {
				return fmt.Errorf("status after clearing: %q, fake has %q", g.Status, got.Status)
			}
			// setMetric replaces the metric: what it leaves out is the
			// default (0, no currency), not the old metric's value, so the
			// client's omitted zero values mean what they say.
			if _, err := s.admin.Goals.SetMetric(ctx, s.goal, &asana.GoalSetMetricRequest{Unit: asana.GoalUnitPercentage, TargetNumberValue: 1}, nil); err != nil {
				return err
			}
			got, _ = s.srv.Goal(s.goal)
			m := got.Metric
			return expect(m.Unit == "percentage" && m.Initial == 0 && m.Current == 0 && m.Precision == 0 && m.CurrencyCode == "" && m.Target == 1, "replaced metric %+v", m)
		}},
		{methods: []string{"Goals.AddCustomFieldSetting", "Goals.RemoveCustomFieldSetting"}, run: func(ctx context.Context, s *suite) error {
			field := s.org.CustomFields[2].GID
			set, err := s.admin.Goals.AddCustomFieldSetting(ctx, s.goal, &asana.CustomFieldSettingRequest{CustomField: field})
			if err != nil {
				return err
			}
			if !containsSetting(s.srv.CustomFieldSettings(s.goal), set.GID, field) {
				return fmt.Errorf("goal setting %+v not in the fake: %+v", set, s.srv.CustomFieldSettings(s.goal))
			}
			if err := s.admin.Goals.RemoveCustomFieldSetting(ctx, s.goal, &asana.GoalRemoveCustomFieldSettingRequest{CustomField: field}); err != nil {
				return err
			}
			return expect(!containsSetting(s.srv.CustomFieldSettings(s.goal), set.GID, field), "setting %s stays on the goal", set.GID)
		}},
	}
}

// workspaceGoal is a workspace-level goal of the demo organization, which
// every member sees.
func (s *suite) workspaceGoal() string {
	for _, g := range s.org.Goals {
		if g.IsWorkspaceLevel {
			return g.GID
		}
	}
	return ""
}

func goalRelationshipSteps() []step {
	return []step{
		{methods: []string{"GoalRelationships.AddSupportingRelationship", "Goals.ListParentGoals"}, run: func(ctx context.Context, s *suite) error {
			r, err := s.admin.GoalRelationships.AddSupportingRelationship(ctx, s.goal,
				&asana.GoalRelationshipAddSupportingRelationshipRequest{SupportingResource: s.project, ContributionWeight: 0.5}, nil)
			if err != nil {
				return err
			}
			s.goalRel = r.GID
			if got, ok := s.srv.GoalRelationship(r.GID); !ok || got.SupportedGoalGID != s.goal || got.SupportingGID != s.project || got.ContributionWeight != 0.5 {
				return fmt.Errorf("fake has %+v", got)
			}
			if r.ResourceSubtype != asana.GoalRelationshipResourceSubtypeSupportingWork || r.SupportingResource == nil || r.SupportingResource.GID != s.project ||
				r.SupportedGoal == nil || r.SupportedGoal.GID != s.goal {
				return fmt.Errorf("relationship %+v", r)
			}
			// The new goal supports a workspace-level goal, placed first.
			parent := s.workspaceGoal()
			first, err := collect(s.admin.GoalRelationships.List(ctx, parent, nil).All())
			if err != nil || len(first) == 0 {
				return fmt.Errorf("relationships of %s: %v %v", parent, first, err)
			}
			sub, err := s.admin.GoalRelationships.AddSupportingRelationship(ctx, parent, &asana.GoalRelationshipAddSupportingRelationshipRequest{
				SupportingResource: s.goal, InsertBefore: first[0].SupportingResource.GID, ContributionWeight: 1}, nil)
			if err != nil {
				return err
			}
			if sub.ResourceSubtype != asana.GoalRelationshipResourceSubtypeSubgoal {
				return fmt.Errorf("subgoal relationship %+v", sub)
			}
			after, err := collect(s.admin.GoalRelationships.List(ctx, parent, nil).All())
			if err != nil || len(after) != len(first)+1 || after[0].GID != sub.GID {
				return fmt.Errorf("insert_before: relationships %v (%v)", gids(after, goalRelGID), err)
			}
			// Goals.List finds the goals a project supports, a team's and a
			// time period's.
			period := s.org.TimePeriods[len(s.org.TimePeriods)-1].GID
			for _, o := range []asana.GoalListOptions{{Project: s.project}, {Team: s.newTeam}, {Workspace: s.ws, TimePeriods: []string{period}}} {
				gs, err := collect(s.admin.Goals.List(ctx, &o).All())
				if err != nil || indexOf(gids(gs, goalGID), s.goal) < 0 {
					return fmt.Errorf("goals for %+v: %v (%v)", o, gids(gs, goalGID), err)
				}
			}
			parents, err := s.admin.Goals.ListParentGoals(ctx, s.goal, nil)
			if err != nil {
				return err
			}
			return expect(len(parents) == 1 && parents[0].GID == parent && parents[0].Name != "", "parent goals %+v", parents)
		}},
		{methods: []string{"GoalRelationships.List"}, run: func(ctx context.Context, s *suite) error {
			// Three more supporting projects make the list span pages.
			ps, err := collect(s.admin.Projects.ListForWorkspace(ctx, s.ws, &asana.ProjectArchivedListOptions{Archived: asana.Ptr(false)}).All())
			if err != nil {
				return err
			}
			added := 1
			for _, p := range ps {
				if p.GID == s.project || added == 4 {
					continue
				}
				if _, err := s.admin.GoalRelationships.AddSupportingRelationship(ctx, s.goal,
					&asana.GoalRelationshipAddSupportingRelationshipRequest{SupportingResource: p.GID}, nil); err != nil {
					return err
				}
				added++
			}
			o := &asana.GoalRelationshipListOptions{ListOptions: lo()}
			rs, err := sameList(s.admin.GoalRelationships.List(ctx, s.goal, o), goalRelGID, added)
			if err != nil {
				return err
			}
			if rs[0].GID != s.goalRel || rs[0].SupportingResource == nil || rs[0].SupportingResource.Name == "" || rs[0].ContributionWeight != 0.5 {
				return fmt.Errorf("default fields: %+v", rs[0])
			}
			subgoals, err := collect(s.admin.GoalRelationships.List(ctx, s.goal, &asana.GoalRelationshipListOptions{ResourceSubtype: "subgoal"}).All())
			return expect(err == nil && len(subgoals) == 0, "resource_subtype=subgoal of a goal with no subgoals: %v (%v)", gids(subgoals, goalRelGID), err)
		}},
		{methods: []string{"GoalRelationships.Get", "GoalRelationships.Update"}, run: func(ctx context.Context, s *suite) error {
			r, err := s.admin.GoalRelationships.Update(ctx, s.goalRel, &asana.GoalRelationshipUpdateRequest{ContributionWeight: asana.Ptr(0.25)}, nil)
			if err != nil {
				return err
			}
			if got, _ := s.srv.GoalRelationship(s.goalRel); r.ContributionWeight != 0.25 || got.ContributionWeight != 0.25 {
				return fmt.Errorf("updated %+v, fake has %+v", r, got)
			}
			r, err = s.sa.GoalRelationships.Get(ctx, s.goalRel, nil)
			if err != nil {
				return err
			}
			if r.ContributionWeight != 0.25 || r.SupportedGoal == nil || r.SupportedGoal.GID != s.goal || r.SupportedGoal.Name == "" {
				return fmt.Errorf("default fields: %+v", r)
			}
			r, err = s.sa.GoalRelationships.Get(ctx, s.goalRel, &asana.GetOptions{Fields: []string{"supporting_resource.name"}})
			if err != nil {
				return err
			}
			return expect(r.SupportingResource != nil && r.SupportingResource.Name != "" && r.SupportedGoal == nil && r.ContributionWeight == 0, "opt_fields: %+v", r)
		}},
		{methods: []string{"GoalRelationships.RemoveSupportingRelationship"}, run: func(ctx context.Context, s *suite) error {
			if err := s.admin.GoalRelationships.RemoveSupportingRelationship(ctx, s.goal,
				&asana.GoalRelationshipRemoveSupportingRelationshipRequest{SupportingResource: s.project}); err != nil {
				return err
			}
			_, ok := s.srv.GoalRelationship(s.goalRel)
			return expect(!ok, "relationship %s still in the fake", s.goalRel)
		}},
	}
}

func statusUpdateSteps() []step {
	return []step{
		{methods: []string{"StatusUpdates.Create"}, run: func(ctx context.Context, s *suite) error {
			for _, st := range []asana.StatusUpdateStatusType{asana.StatusUpdateStatusTypeOnTrack, asana.StatusUpdateStatusTypeOffTrack, asana.StatusUpdateStatusTypeAtRisk} {
				u, err := s.admin.StatusUpdates.Create(ctx, &asana.StatusUpdateCreateRequest{Parent: s.goal, StatusType: st, Title: "Weekly", Text: "status " + string(st)}, nil)
				if err != nil {
					return err
				}
				got, ok := s.srv.StatusUpdate(u.GID)
				if !ok || got.ParentGID != s.goal || got.StatusType != string(st) || got.AuthorGID != s.org.Admin.GID {
					return fmt.Errorf("fake has %+v", got)
				}
				if u.StatusType != st || u.ResourceSubtype != asana.StatusUpdateResourceSubtypeGoalStatusUpdate || u.Parent == nil || u.Parent.GID != s.goal {
					return fmt.Errorf("created %+v", u)
				}
				s.statusUpdate = u.GID
			}
			// A goal's status follows its latest status update, which is its
			// current one.
			g, _ := s.srv.Goal(s.goal)
			if g.Status != "yellow" {
				return fmt.Errorf("goal status %q after at_risk", g.Status)
			}
			got, err := s.sa.Goals.Get(ctx, s.goal, &asana.GetOptions{Fields: []string{"status", "current_status_update.status_type"}})
			if err != nil {
				return err
			}
			cur := got.CurrentStatusUpdate
			return expect(got.Status == "yellow" && cur != nil && cur.GID == s.statusUpdate && cur.StatusType == asana.StatusUpdateStatusTypeAtRisk,
				"goal %+v, current status update %+v", got, cur)
		}},
		{methods: []string{"StatusUpdates.List"}, run: func(ctx context.Context, s *suite) error {
			o := &asana.StatusUpdateListOptions{ListOptions: lo()}
			us, err := sameList(s.sa.StatusUpdates.List(ctx, s.goal, o), statusUpdateGID, 3)
			if err != nil {
				return err
			}
			last := us[len(us)-1]
			stored, _ := s.srv.StatusUpdate(last.GID)
			for at, want := range map[time.Time]int{stored.CreatedAt: 1, stored.CreatedAt.Add(time.Second): 0} {
				since, err := collect(s.sa.StatusUpdates.List(ctx, s.goal, &asana.StatusUpdateListOptions{CreatedSince: at}).All())
				if err != nil || len(since) < want || (want == 0 && len(since) > 0) {
					return fmt.Errorf("created_since %v: %v (%v)", at, gids(since, statusUpdateGID), err)
				}
			}
			return expect(len(us) == 3 && last.GID == s.statusUpdate && last.Title == "Weekly" && last.ResourceSubtype != "", "default fields: %+v", us)
		}},
		{methods: []string{"StatusUpdates.Get"}, run: func(ctx context.Context, s *suite) error {
			u, err := s.sa.StatusUpdates.Get(ctx, s.statusUpdate, nil)
			if err != nil {
				return err
			}
			if u.Text != "status at_risk" || u.Author == nil || u.Author.GID != s.org.Admin.GID || u.CreatedAt.IsZero() || u.StatusType != asana.StatusUpdateStatusTypeAtRisk {
				return fmt.Errorf("default fields: %+v", u)
			}
			u, err = s.sa.StatusUpdates.Get(ctx, s.statusUpdate, &asana.GetOptions{Fields: []string{"text", "parent.name"}})
			if err != nil {
				return err
			}
			return expect(u.Text != "" && u.Parent != nil && u.Parent.Name != "" && u.Title == "" && u.Author == nil, "opt_fields: %+v", u)
		}},
		{methods: []string{"StatusUpdates.Delete"}, run: func(ctx context.Context, s *suite) error {
			if err := s.admin.StatusUpdates.Delete(ctx, s.statusUpdate); err != nil {
				return err
			}
			_, ok := s.srv.StatusUpdate(s.statusUpdate)
			g, _ := s.srv.Goal(s.goal)
			return expect(!ok && g.Status == "red", "status update still in the fake (%v), goal status %q after its off_track one", ok, g.Status)
		}},
	}
}

func projectStatusSteps() []step {
	return []step{
		{methods: []string{"ProjectStatuses.CreateForProject"}, run: func(ctx context.Context, s *suite) error {
			// A status without a color is refused before it is sent (Asana
			// answers 400: the color is the status).
			before := s.srv.RequestCounts().Total
			if _, err := s.admin.ProjectStatuses.CreateForProject(ctx, s.newProject, &asana.ProjectStatusCreateForProjectRequest{Text: "no color"}, nil); err == nil || s.srv.RequestCounts().Total != before {
				return fmt.Errorf("no color: %v, %d requests sent", err, s.srv.RequestCounts().Total-before)
			}
			for _, c := range []asana.ProjectStatusColor{asana.ProjectStatusColorGreen, asana.ProjectStatusColorBlue, asana.ProjectStatusColorYellow} {
				ps, err := s.admin.ProjectStatuses.CreateForProject(ctx, s.newProject, &asana.ProjectStatusCreateForProjectRequest{Color: c, Title: "Status", Text: "color " + string(c)}, nil)
				if err != nil {
					return err
				}
				if ps.Color != c || ps.Text != "color "+string(c) || ps.Author == nil || ps.Author.GID != s.org.Admin.GID {
					return fmt.Errorf("created %+v", ps)
				}
				s.projectStatus = ps.GID
			}
			// A project status is a status update of the project.
			got, ok := s.srv.StatusUpdate(s.projectStatus)
			return expect(ok && got.ParentGID == s.newProject && got.StatusType == "at_risk", "fake has %+v", got)
		}},
		{methods: []string{"ProjectStatuses.ListForProject"}, run: func(ctx context.Context, s *suite) error {
			o := lo()
			ps, err := sameList(s.admin.ProjectStatuses.ListForProject(ctx, s.newProject, &o), projectStatusGID, 3)
			if err != nil {
				return err
			}
			return expect(len(ps) == 3 && ps[2].GID == s.projectStatus && ps[2].Title == "Status", "default fields: %+v", ps)
		}},
		{methods: []string{"ProjectStatuses.Get"}, run: func(ctx context.Context, s *suite) error {
			ps, err := s.admin.ProjectStatuses.Get(ctx, s.projectStatus, nil)
			if err != nil {
				return err
			}
			if ps.Color != asana.ProjectStatusColorYellow || ps.Text != "color yellow" || ps.CreatedAt.IsZero() || ps.CreatedBy == nil {
				return fmt.Errorf("default fields: %+v", ps)
			}
			ps, err = s.admin.ProjectStatuses.Get(ctx, s.projectStatus, &asana.GetOptions{Fields: []string{"color"}})
			if err != nil {
				return err
			}
			return expect(ps.Color == asana.ProjectStatusColorYellow && ps.Text == "" && ps.Author == nil, "opt_fields: %+v", ps)
		}},
		{methods: []string{"ProjectStatuses.Delete"}, run: func(ctx context.Context, s *suite) error {
			if err := s.admin.ProjectStatuses.Delete(ctx, s.projectStatus); err != nil {
				return err
			}
			_, ok := s.srv.StatusUpdate(s.projectStatus)
			return expect(!ok, "project status %s still in the fake", s.projectStatus)
		}},
	}
}
