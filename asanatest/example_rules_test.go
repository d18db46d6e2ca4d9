package asanatest_test

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/asanakit/asana-go/asanatest"
)

// A test asserts that the code under test triggered an Asana rule (an
// "incoming web request" trigger) for the right task with the right data.
func ExampleServer_RuleRuns() {
	srv := asanatest.Must(asanatest.New())
	defer srv.Close()
	org := asanatest.Must(srv.AddWorkspace(asanatest.Workspace{Name: "Acme", IsOrganization: true, Enterprise: true}))
	_, token, err := srv.AddServiceAccount(org.GID, "Bot")
	if err != nil {
		panic(err)
	}
	team := asanatest.Must(srv.AddTeam(asanatest.Team{OrganizationGID: org.GID, Name: "Support"}))
	project := asanatest.Must(srv.AddProject(asanatest.Project{WorkspaceGID: org.GID, TeamGID: team.GID, Name: "Escalations"}))
	task := asanatest.Must(srv.AddTask(asanatest.Task{Name: "Customer is down", Memberships: []asanatest.TaskMembership{{ProjectGID: project.GID}}}))
	trigger := asanatest.Must(srv.AddRuleTrigger(asanatest.RuleTrigger{ProjectGID: project.GID, Name: "Open a Jira ticket"}))

	// The code under test: POST /rule_triggers/{gid}/run.
	body := `{"data":{"resource":"` + task.GID + `","action_data":{"jira_ticket_id":"OPS-42"}}}`
	req, _ := http.NewRequest("POST", srv.URL()+"/rule_triggers/"+trigger.GID+"/run", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := srv.HTTPClient().Do(req)
	if err != nil {
		panic(err)
	}
	resp.Body.Close()

	for _, run := range srv.RuleRuns(trigger.GID) {
		fmt.Println(resp.StatusCode, run.ResourceGID == task.GID, run.ActionData["jira_ticket_id"])
	}
	// Output:
	// 200 true OPS-42
}
