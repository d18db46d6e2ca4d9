package asanatest

import (
	"testing"
	"time"
)

// sweepGoals are the sweep's goals, time periods and status updates.
type sweepGoals struct {
	year, quarter                     TimePeriod
	goal, subgoal, doomedGoal         Goal
	relationship                      GoalRelationship
	goalStatus, projectStatus         StatusUpdate
	doomedStatus, doomedProjectStatus StatusUpdate
}

func newSweepGoals(t *testing.T, f *sweepFixture) sweepGoals {
	t.Helper()
	s := f.s
	var g sweepGoals
	g.year = Must(s.AddTimePeriod(TimePeriod{WorkspaceGID: f.org.GID, Period: "FY", StartOn: "2025-01-01", EndOn: "2025-12-31"}))
	g.quarter = Must(s.AddTimePeriod(TimePeriod{WorkspaceGID: f.org.GID, Period: "Q1", StartOn: "2025-01-01", EndOn: "2025-03-31", ParentGID: g.year.GID}))
	g.goal = Must(s.AddGoal(Goal{WorkspaceGID: f.org.GID, TeamGID: f.public.GID, Name: "Grow revenue", Notes: "By a lot",
		OwnerGID: f.admin.GID, FollowerGIDs: []string{f.member.GID}, LikedBy: []string{f.member.GID}, TimePeriodGID: g.quarter.GID,
		DueOn: "2025-03-31", StartOn: "2025-01-01", Status: "green",
		Metric: &GoalMetric{Unit: "currency", CurrencyCode: "EUR", Precision: 2, Initial: 0, Target: 1e6, Current: 250000}}))
	g.subgoal = Must(s.AddGoal(Goal{WorkspaceGID: f.org.GID, IsWorkspaceLevel: true, Name: "Sign ten customers", OwnerGID: f.member.GID}))
	g.doomedGoal = Must(s.AddGoal(Goal{WorkspaceGID: f.org.GID, IsWorkspaceLevel: true, Name: "Doomed"}))
	g.relationship = Must(s.AddGoalRelationship(GoalRelationship{SupportedGoalGID: g.goal.GID, SupportingGID: f.project.GID, ContributionWeight: 0.5}))
	Must(s.AddGoalRelationship(GoalRelationship{SupportedGoalGID: g.goal.GID, SupportingGID: g.subgoal.GID, ContributionWeight: 0.25}))
	at := DefaultStart.Add(-time.Hour)
	g.goalStatus = Must(s.AddStatusUpdate(StatusUpdate{ParentGID: g.goal.GID, AuthorGID: f.admin.GID, Title: "Week 1",
		Text: "On track", StatusType: "on_track", CreatedAt: at}))
	g.doomedStatus = Must(s.AddStatusUpdate(StatusUpdate{ParentGID: g.goal.GID, AuthorGID: f.admin.GID, Title: "Week 2",
		Text: "Still", StatusType: "at_risk", CreatedAt: at.Add(time.Minute)}))
	g.projectStatus = Must(s.AddStatusUpdate(StatusUpdate{ParentGID: f.project.GID, AuthorGID: f.member.GID, Title: "Launch status",
		Text: "Going well", StatusType: "on_track", CreatedAt: at}))
	g.doomedProjectStatus = Must(s.AddStatusUpdate(StatusUpdate{ParentGID: f.project.GID, AuthorGID: f.member.GID, Title: "Doomed",
		Text: "Will go", StatusType: "on_hold", CreatedAt: at.Add(time.Minute)}))
	Must(s.AddGoalStory(Story{GoalGID: g.goal.GID, CreatedByGID: f.member.GID, Text: "Great start"}))
	return g
}

// sweepGoalWrites are the sweep's write bodies for goals, relationships
// and status updates (merged into sweepWrites).
var sweepGoalWrites = map[string]sweepWrite{
	"POST /goals":                                         {body: `{"data":{"workspace":"{org}","team":"{public}","name":"Hire","time_period":"{quarter}","followers":["{member}"],"due_on":"2025-03-31"}}`},
	"PUT /goals/{goal_gid}":                               {body: `{"data":{"notes":"Updated","status":"yellow","liked":true}}`},
	"DELETE /goals/{goal_gid}":                            {paths: map[string]string{"goal_gid": "{doomedGoal}"}},
	"POST /goals/{goal_gid}/setMetric":                    {body: `{"data":{"unit":"percentage","precision":1,"initial_number_value":0,"target_number_value":1,"current_number_value":0.25}}`},
	"POST /goals/{goal_gid}/setMetricCurrentValue":        {body: `{"data":{"current_number_value":0.5}}`},
	"POST /goals/{goal_gid}/addFollowers":                 {body: `{"data":{"followers":["{spare}"]}}`},
	"POST /goals/{goal_gid}/removeFollowers":              {body: `{"data":{"followers":["{spare}"]}}`},
	"POST /goals/{goal_gid}/addSupportingRelationship":    {body: `{"data":{"supporting_resource":"{task}","contribution_weight":0.1,"insert_before":"{project}"}}`},
	"POST /goals/{goal_gid}/removeSupportingRelationship": {body: `{"data":{"supporting_resource":"{subgoal}"}}`, last: true},
	"PUT /goal_relationships/{goal_relationship_gid}":     {body: `{"data":{"contribution_weight":0.75}}`},
	"POST /status_updates":                                {body: `{"data":{"parent":"{goal}","status_type":"achieved","title":"Done","text":"We did it"}}`},
	"DELETE /status_updates/{status_update_gid}":          {paths: map[string]string{"status_update_gid": "{doomedStatus}"}},
	"POST /projects/{project_gid}/project_statuses":       {body: `{"data":{"color":"yellow","title":"Slipping","text":"A week late"}}`},
	"DELETE /project_statuses/{project_status_gid}":       {paths: map[string]string{"project_status_gid": "{doomedProjectStatus}"}},
}

func init() {
	for op, w := range sweepGoalWrites {
		sweepWrites[op] = w
	}
	for _, op := range []string{"POST /goals/{goal_gid}/addCustomFieldSetting", "POST /goals/{goal_gid}/removeCustomFieldSetting"} {
		sweepWrites[op] = sweepWrite{body: `{"data":{"custom_field":"{spareField}"}}`}
	}
}

// connectSweepGoals gives the sweep's goal and portfolio what joins the
// kinds: a custom field setting on each, a portfolio status update, the
// portfolio supporting the goal, and a goal member.
func connectSweepGoals(t *testing.T, f *sweepFixture) {
	t.Helper()
	s := f.s
	for _, parent := range []struct{ gid, typ string }{{f.goals.goal.GID, "goal"}, {f.portfolio.GID, "portfolio"}} {
		Must(s.AddCustomFieldSetting(CustomFieldSetting{ParentGID: parent.gid, ParentType: parent.typ, CustomFieldGID: f.cf.field.GID}))
	}
	Must(s.AddStatusUpdate(StatusUpdate{ParentGID: f.portfolio.GID, AuthorGID: f.admin.GID, Title: "Portfolio week 1",
		Text: "Fine", StatusType: "on_track", CreatedAt: DefaultStart.Add(-time.Hour)}))
	Must(s.AddGoalRelationship(GoalRelationship{SupportedGoalGID: f.goals.goal.GID, SupportingGID: f.portfolio.GID, ContributionWeight: 0.1}))
	Must(s.SetAccessLevel(f.goals.goal.GID, f.spare.GID, AccessCommenter))
}
