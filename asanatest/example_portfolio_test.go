package asanatest_test

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/asanakit/asana-go/asanatest"
)

// A portfolio of one project, and a project member whose commenter access
// lets them comment on the project's tasks but not edit them.
func ExampleServer_SetAccessLevel() {
	srv := asanatest.Must(asanatest.New())
	defer srv.Close()
	org := asanatest.Must(srv.AddWorkspace(asanatest.Workspace{Name: "Acme", IsOrganization: true, Enterprise: true}))
	cora := asanatest.Must(srv.AddUser(asanatest.User{Name: "Cora", Email: "cora@acme.test"}))
	asanatest.Must(srv.AddWorkspaceMember(org.GID, cora.GID, asanatest.MemberOptions{}))
	token := asanatest.Must(srv.AddPersonalAccessToken(cora.GID))
	team := asanatest.Must(srv.AddTeam(asanatest.Team{OrganizationGID: org.GID, Name: "Launch"}))
	project := asanatest.Must(srv.AddProject(asanatest.Project{WorkspaceGID: org.GID, TeamGID: team.GID, Name: "Website"}))
	task := asanatest.Must(srv.AddTask(asanatest.Task{Name: "Copy", Memberships: []asanatest.TaskMembership{{ProjectGID: project.GID}}}))
	asanatest.Must(srv.AddPortfolio(asanatest.Portfolio{WorkspaceGID: org.GID, Name: "Q3", OwnerGID: cora.GID, ItemGIDs: []string{project.GID}}))
	asanatest.Must(srv.SetAccessLevel(project.GID, cora.GID, asanatest.AccessCommenter))

	send := func(method, path, body string) int {
		req, _ := http.NewRequest(method, srv.URL()+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := srv.HTTPClient().Do(req)
		if err != nil {
			panic(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	fmt.Println("edit:", send("PUT", "/tasks/"+task.GID, `{"data":{"notes":"new copy"}}`))
	fmt.Println("comment:", send("POST", "/tasks/"+task.GID+"/stories", `{"data":{"text":"Looks good"}}`))
	// Output:
	// edit: 403
	// comment: 201
}
