package asanatest_test

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/asanakit/asana-go/asanatest"
)

// A fake with an Enterprise organization, a service account and a person,
// queried in process with a plain http.Client.
func Example() {
	srv, err := asanatest.New()
	if err != nil {
		panic(err)
	}
	defer srv.Close()

	org := asanatest.Must(srv.AddWorkspace(asanatest.Workspace{Name: "Acme", IsOrganization: true, Enterprise: true}))
	alice := asanatest.Must(srv.AddUser(asanatest.User{Name: "Alice", Email: "alice@acme.test"}))
	asanatest.Must(srv.AddWorkspaceMember(org.GID, alice.GID, asanatest.MemberOptions{}))
	_, token, err := srv.AddServiceAccount(org.GID, "Backup bot")
	if err != nil {
		panic(err)
	}

	req, _ := http.NewRequest("GET", srv.URL()+"/workspaces/"+org.GID+"/users?opt_fields=name,email", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := srv.HTTPClient().Do(req)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	var doc struct {
		Data []struct {
			Name  string  `json:"name"`
			Email *string `json:"email"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil {
		panic(err)
	}
	for _, u := range doc.Data {
		fmt.Println(u.Name, u.Email != nil)
	}
	fmt.Println(srv.Requests()[0].TokenKind)
	// Output:
	// Alice true
	// Backup bot true
	// service_account
}
