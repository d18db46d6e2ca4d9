// Package nodecheck checks the asanatest fake against Asana's official
// Node.js client (npm package asana, the exact version pinned in
// package.json and package-lock.json): check.js lists, pages, creates and
// deletes through the client, and the test compares what it saw with the
// fake. It needs node and npm, and the npm registry (or npm's cache) for
// the first install, so it runs only when ASANA_NODE_CHECK=1 or CI=true.
package nodecheck

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asanatest"
)

// budget bounds the whole check, npm install included.
const budget = 60 * time.Second

func TestOfficialNodeClient(t *testing.T) {
	if os.Getenv("ASANA_NODE_CHECK") != "1" && os.Getenv("CI") != "true" {
		t.Skip("set ASANA_NODE_CHECK=1 to check the fake against Asana's Node.js client (needs node, npm and the npm registry)")
	}
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed: skipping the Node.js client check", tool)
		}
	}
	ctx, cancel := context.WithTimeout(t.Context(), budget)
	defer cancel()

	dir := t.TempDir()
	for _, f := range []string{".npmrc", "package.json", "package-lock.json", "check.js"} {
		copyFile(t, f, filepath.Join(dir, f))
	}
	// npm ci installs exactly the lock file; scripts are not needed (the
	// package ships its built dist/) and stay off.
	start := time.Now()
	npm(t, ctx, dir, "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--prefer-offline", "--loglevel=error")
	t.Logf("npm ci: %v", time.Since(start).Round(time.Millisecond))

	srv := asanatest.NewServer(t)
	org, err := srv.DemoOrganization()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, "node", "check.js")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "ASANA_BASE_URL="+srv.URL(), "ASANA_TOKEN="+org.ServiceAccountToken)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("node check.js: %v\nstdout:\n%s\nstderr:\n%s", err, &stdout, &stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	var got struct {
		Me struct {
			GID string
		}
		Workspace, Project, Created, Goal string
		Users, Teams, Projects, Tasks     int
		Tags                              int
		UserTaskList                      string `json:"user_task_list"`
		MyTasks                           int    `json:"my_tasks"`
		Goals                             int
		TimePeriods                       int `json:"time_periods"`
		Portfolio                         string
		Portfolios                        int
		ProjectMemberships                int `json:"project_memberships"`
		DeletedStatus                     int `json:"deleted_status"`
		Attachment                        struct {
			GID        string
			Size       int
			Downloaded bool
			Bytes      []byte // base64 in JSON
		}
		Limit101 struct {
			Status  int
			Message string
		} `json:"limit_101"`
		CustomFields   int    `json:"custom_fields"`
		CustomField    string `json:"custom_field"`
		CustomFieldBad struct {
			Status  int
			Message string
		} `json:"custom_field_bad"`
	}
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &got); err != nil {
		t.Fatalf("report: %v\n%s", err, &stdout)
	}
	if got.Me.GID != org.ServiceAccount.GID || got.Workspace != org.Organization.GID {
		t.Errorf("me %s in %s, want %s in %s", got.Me.GID, got.Workspace, org.ServiceAccount.GID, org.Organization.GID)
	}

	// What Node saw page by page must match one large page read from Go.
	tok := org.ServiceAccountToken
	counts := []struct {
		what string
		got  int
		path string
	}{
		{"users", got.Users, "/users?workspace=" + org.Organization.GID},
		{"teams", got.Teams, "/workspaces/" + org.Organization.GID + "/teams"},
		{"projects", got.Projects, "/projects?workspace=" + org.Organization.GID},
		{"tasks", got.Tasks, "/projects/" + got.Project + "/tasks"},
		{"tags", got.Tags, "/workspaces/" + org.Organization.GID + "/tags"},
		{"my tasks", got.MyTasks, "/user_task_lists/" + got.UserTaskList + "/tasks"},
		{"goals", got.Goals, "/goals?workspace=" + org.Organization.GID},
		{"time periods", got.TimePeriods, "/time_periods?workspace=" + org.Organization.GID},
	}
	for _, c := range counts {
		if want := countList(t, srv, tok, c.path); c.got != want || want == 0 {
			t.Errorf("%s: Node paged through %d, one page from Go has %d", c.what, c.got, want)
		}
	}
	if got.Portfolios != len(org.Portfolios) || got.Portfolios == 0 {
		t.Errorf("portfolios: Node paged through %d, Generate made %d", got.Portfolios, len(org.Portfolios))
	}
	if pf, ok := srv.Portfolio(got.Portfolio); !ok || len(pf.ItemGIDs) != 1 || pf.ItemGIDs[0] != got.Project {
		t.Errorf("portfolio made by Node %s: %+v (found %v), want it holding project %s", got.Portfolio, pf, ok, got.Project)
	}
	if n := len(srv.Memberships(got.Project)); got.ProjectMemberships != n || n == 0 {
		t.Errorf("project memberships: Node paged through %d, the project has %d", got.ProjectMemberships, n)
	}
	if task, ok := srv.Task(got.Created); !ok || !task.Deleted || !task.Completed || task.Name != "Created by the Node.js client" {
		t.Errorf("created task %s: %+v (found %v), want it completed, then deleted", got.Created, task, ok)
	}
	if _, ok := srv.Goal(got.Goal); ok || got.Goal == "" {
		t.Errorf("goal %q made through Node was not deleted", got.Goal)
	}
	// Node listed the fields before it created one.
	if want := countList(t, srv, tok, "/workspaces/"+org.Organization.GID+"/custom_fields"); got.CustomFields+1 != want || got.CustomFields == 0 {
		t.Errorf("custom fields: Node paged through %d before creating one, Go sees %d after", got.CustomFields, want)
	}
	if got.CustomField == "" || got.CustomFieldBad.Status != http.StatusBadRequest || !strings.HasPrefix(got.CustomFieldBad.Message, "custom_fields: ") {
		t.Errorf("custom field %q; a wrong value answered %+v", got.CustomField, got.CustomFieldBad)
	}
	// The upload's bytes are in the fake, and Node read them back from the
	// download URL without the token.
	if a, ok := srv.Attachment(got.Attachment.GID); !ok || !bytes.Equal(a.Content, got.Attachment.Bytes) ||
		got.Attachment.Size != len(got.Attachment.Bytes) || !got.Attachment.Downloaded || len(got.Attachment.Bytes) == 0 {
		t.Errorf("attachment %s: in the fake %v (%d bytes), Node reported size %d, downloaded %v, %d bytes",
			got.Attachment.GID, ok, len(a.Content), got.Attachment.Size, got.Attachment.Downloaded, len(got.Attachment.Bytes))
	}
	if got.DeletedStatus != http.StatusNotFound || got.Limit101.Status != http.StatusBadRequest {
		t.Errorf("deleted task answered %d, limit=101 answered %+v", got.DeletedStatus, got.Limit101)
	}
	// Every request but the two meant to fail succeeded: the fake accepts
	// the client's Content-Type on GET and DELETE, its string opt_fields
	// and its {data} bodies.
	var failed []string
	for _, r := range srv.Requests() {
		if r.Status >= 400 {
			failed = append(failed, fmt.Sprintf("%s %s?%s: %d", r.Method, r.Path, r.Query, r.Status))
		}
	}
	if len(failed) != 3 {
		t.Errorf("failed requests: %q, want only the deleted task's GET, limit=101 and the wrong custom field value", failed)
	}
}

// countList reads a list in one page through Go's HTTP client.
func countList(t *testing.T, srv *asanatest.Server, token, path string) int {
	t.Helper()
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	req, err := http.NewRequest(http.MethodGet, srv.URL()+path+sep+"limit=100", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := srv.HTTPClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var doc struct {
		Data     []json.RawMessage
		NextPage *json.RawMessage `json:"next_page"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil || resp.StatusCode != http.StatusOK || doc.NextPage != nil {
		t.Fatalf("GET %s: %d %v (next_page %v)", path, resp.StatusCode, err, doc.NextPage)
	}
	return len(doc.Data)
}

func npm(t *testing.T, ctx context.Context, dir string, args ...string) {
	t.Helper()
	cmd := exec.CommandContext(ctx, "npm", args...)
	cmd.Dir = dir
	// No update notice or funding messages, and no colour in logs.
	cmd.Env = append(os.Environ(), "NO_UPDATE_NOTIFIER=1", "npm_config_update_notifier=false", "npm_config_color=false")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("npm %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
