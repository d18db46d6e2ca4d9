package asanatest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/asanakit/asana-go/asanatest"
)

// A goal for a quarter with a metric, supported by a project, and a status
// update posted over the API that becomes the goal's current one.
func ExampleServer_AddGoal() {
	srv := asanatest.Must(asanatest.New())
	defer srv.Close()
	org := asanatest.Must(srv.AddWorkspace(asanatest.Workspace{Name: "Acme", IsOrganization: true, Enterprise: true}))
	bot, token, err := srv.AddServiceAccount(org.GID, "Bot")
	if err != nil {
		panic(err)
	}
	team := asanatest.Must(srv.AddTeam(asanatest.Team{OrganizationGID: org.GID, Name: "Sales"}))
	project := asanatest.Must(srv.AddProject(asanatest.Project{WorkspaceGID: org.GID, TeamGID: team.GID, Name: "Q1 deals"}))
	q1 := asanatest.Must(srv.AddTimePeriod(asanatest.TimePeriod{WorkspaceGID: org.GID, Period: "Q1", StartOn: "2026-01-01", EndOn: "2026-03-31"}))
	goal := asanatest.Must(srv.AddGoal(asanatest.Goal{WorkspaceGID: org.GID, TeamGID: team.GID, Name: "Close ten deals",
		OwnerGID: bot.GID, TimePeriodGID: q1.GID, Metric: &asanatest.GoalMetric{Target: 10, Current: 4}}))
	asanatest.Must(srv.AddGoalRelationship(asanatest.GoalRelationship{SupportedGoalGID: goal.GID, SupportingGID: project.GID, ContributionWeight: 1}))

	do := func(method, path, body string) map[string]any {
		req, _ := http.NewRequest(method, srv.URL()+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := srv.HTTPClient().Do(req)
		if err != nil {
			panic(err)
		}
		defer resp.Body.Close()
		var doc struct {
			Data map[string]any `json:"data"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil {
			panic(err)
		}
		return doc.Data
	}
	do("POST", "/status_updates", `{"data":{"parent":"`+goal.GID+`","status_type":"at_risk","text":"Two deals slipped"}}`)
	g := do("GET", "/goals/"+goal.GID+"?opt_fields=status,time_period.display_name,metric.current_display_value,current_status_update.resource_subtype", "")
	fmt.Println(g["status"], g["time_period"].(map[string]any)["display_name"], g["metric"].(map[string]any)["current_display_value"])
	fmt.Println(g["current_status_update"].(map[string]any)["resource_subtype"])
	// Output:
	// yellow Q1 2026 4
	// goal_status_update
}
