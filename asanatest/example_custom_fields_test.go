package asanatest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/asanakit/asana-go/asanatest"
)

// A custom field seeded on a project, and a task value set through the
// API: the task renders the option's name as display_value.
func ExampleServer_AddCustomField() {
	srv, err := asanatest.New()
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	ws := asanatest.Must(srv.AddWorkspace(asanatest.Workspace{Name: "Acme"}))
	user := asanatest.Must(srv.AddUser(asanatest.User{Name: "Ada", Email: "ada@acme.test"}))
	asanatest.Must(srv.AddWorkspaceMember(ws.GID, user.GID, asanatest.MemberOptions{}))
	token := asanatest.Must(srv.AddPersonalAccessToken(user.GID))
	project := asanatest.Must(srv.AddProject(asanatest.Project{WorkspaceGID: ws.GID, Name: "Launch", OwnerGID: user.GID}))
	task := asanatest.Must(srv.AddTask(asanatest.Task{Name: "Ship it", Memberships: []asanatest.TaskMembership{{ProjectGID: project.GID}}}))
	field, options, err := srv.AddCustomField(asanatest.CustomField{WorkspaceGID: ws.GID, Name: "Priority", ResourceSubtype: asanatest.CustomFieldEnum},
		asanatest.EnumOption{Name: "High", Color: "red", Enabled: true}, asanatest.EnumOption{Name: "Low", Enabled: true})
	if err != nil {
		panic(err)
	}
	asanatest.Must(srv.AddCustomFieldSetting(asanatest.CustomFieldSetting{ParentGID: project.GID, CustomFieldGID: field.GID}))

	body := fmt.Sprintf(`{"data":{"custom_fields":{"%s":"%s"}}}`, field.GID, options[0].GID)
	req, _ := http.NewRequest(http.MethodPut, srv.URL()+"/tasks/"+task.GID+"?opt_fields=custom_fields.name,custom_fields.display_value", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := srv.HTTPClient().Do(req)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	var doc struct {
		Data struct {
			CustomFields []struct {
				Name         string `json:"name"`
				DisplayValue string `json:"display_value"`
			} `json:"custom_fields"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil {
		panic(err)
	}
	fmt.Println(resp.StatusCode, doc.Data.CustomFields)
	// Output:
	// 200 [{Priority High}]
}
