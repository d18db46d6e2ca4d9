package asanatest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/asanakit/asana-go/asanatest"
)

// Time logged on a task adds up to its actual_time_minutes; listing a
// workspace's time needs a plan with time tracking, which SetPlan grants.
func ExampleServer_SetPlan() {
	srv := asanatest.Must(asanatest.New())
	defer srv.Close()
	ws := asanatest.Must(srv.AddWorkspace(asanatest.Workspace{Name: "Studio"}))
	ann := asanatest.Must(srv.AddUser(asanatest.User{Name: "Ann"}))
	asanatest.Must(srv.AddWorkspaceMember(ws.GID, ann.GID, asanatest.MemberOptions{}))
	token := asanatest.Must(srv.AddPersonalAccessToken(ann.GID))
	task := asanatest.Must(srv.AddTask(asanatest.Task{WorkspaceGID: ws.GID, Name: "Logo", AssigneeGID: ann.GID}))

	do := func(method, path, body string) (int, map[string]any) {
		req, _ := http.NewRequest(method, srv.URL()+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := srv.HTTPClient().Do(req)
		if err != nil {
			panic(err)
		}
		defer resp.Body.Close()
		var doc map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil {
			panic(err)
		}
		return resp.StatusCode, doc
	}
	for _, minutes := range []string{"45", "30"} {
		do("POST", "/tasks/"+task.GID+"/time_tracking_entries", `{"data":{"duration_minutes":`+minutes+`}}`)
	}
	_, doc := do("GET", "/tasks/"+task.GID+"?opt_fields=actual_time_minutes", "")
	fmt.Println(doc["data"].(map[string]any)["actual_time_minutes"])

	list := "/time_tracking_entries?user=me&workspace=" + ws.GID + "&entered_on_start_date=2020-01-01"
	code, _ := do("GET", list, "")
	fmt.Println(code) // a free workspace
	if err := srv.SetPlan(ws.GID, asanatest.PlanAdvanced); err != nil {
		panic(err)
	}
	code, doc = do("GET", list, "")
	fmt.Println(code, len(doc["data"].([]any)))
	// Output:
	// 75
	// 402
	// 200 2
}
