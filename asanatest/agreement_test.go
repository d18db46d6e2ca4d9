package asanatest

// Regression tests for disagreements the asana client's end-to-end suite
// (asana/e2e_test.go) found between the client and the fake.

import (
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/asanakit/asana-go/asanatest/internal/conformance"
	"github.com/asanakit/asana-go/internal/spec"
)

// readSpecJSON reads the OpenAPI spec's JSON twin (the vendored copy, or
// the one ASANA_OPENAPI_SPEC names).
func readSpecJSON(t *testing.T) []byte {
	t.Helper()
	raw, err := os.ReadFile(spec.JSONPath())
	if err != nil {
		t.Fatalf("the spec's JSON twin: %v", err)
	}
	return raw
}

// schemaProps collects the property names of a schema of the spec,
// following $ref and allOf.
func schemaProps(schemas map[string]json.RawMessage, name string, out map[string]bool) {
	var s struct {
		Ref        string                     `json:"$ref"`
		AllOf      []json.RawMessage          `json:"allOf"`
		Properties map[string]json.RawMessage `json:"properties"`
	}
	if json.Unmarshal(schemas[name], &s) != nil {
		return
	}
	follow := func(ref string) {
		if ref != "" {
			schemaProps(schemas, ref[strings.LastIndexByte(ref, '/')+1:], out)
		}
	}
	follow(s.Ref)
	for p := range s.Properties {
		out[p] = true
	}
	for _, raw := range s.AllOf {
		var part struct {
			Ref        string                     `json:"$ref"`
			Properties map[string]json.RawMessage `json:"properties"`
		}
		if json.Unmarshal(raw, &part) == nil {
			follow(part.Ref)
			for p := range part.Properties {
				out[p] = true
			}
		}
	}
}

// TestKindsAcceptSpecFields: Asana answers 400 to an unknown opt_fields
// entry, so a field the spec documents must never be unknown to the fake.
// The client's default field sets (every field of a team, for example)
// met 400s for team settings and project access levels before.
func TestKindsAcceptSpecFields(t *testing.T) {
	var doc struct {
		Components struct {
			Schemas map[string]json.RawMessage `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(readSpecJSON(t), &doc); err != nil {
		t.Fatal(err)
	}
	k := newKinds()
	for schema, kd := range map[string]*kind{
		"WorkspaceResponse": k.workspace, "UserResponse": k.user,
		"WorkspaceMembershipResponse": k.workspaceMembership, "TeamResponse": k.team,
		"TeamMembershipResponse": k.teamMembership, "ProjectResponse": k.project,
		"SectionResponse": k.section, "TaskResponse": k.task, "StoryResponse": k.story,
		"AttachmentResponse": k.attachment, "JobResponse": jobKind,
		"OrganizationExportResponse": k.export, "TagResponse": tagKind,
		"UserTaskListResponse": k.userTaskList,
	} {
		props := map[string]bool{}
		schemaProps(doc.Components.Schemas, schema, props)
		if len(props) < 3 {
			t.Errorf("%s: only %d properties found: wrong spec?", schema, len(props))
		}
		for p := range props {
			if _, ok := kd.fields[p]; !ok {
				t.Errorf("%s.%s is not a field of the fake's %s", schema, p, kd.name)
			}
		}
	}
}

// TestInProcessURLIsLoopback: before Start, URL() must name a loopback
// address (clients refuse plain http elsewhere, to keep tokens off the
// network) on port 0, which no real transport can reach.
func TestInProcessURLIsLoopback(t *testing.T) {
	s := Must(New())
	defer s.Close()
	u, err := url.Parse(s.URL())
	if err != nil {
		t.Fatal(err)
	}
	if ip := net.ParseIP(u.Hostname()); ip == nil || !ip.IsLoopback() || u.Port() != "0" || u.Path != APIPrefix {
		t.Errorf("URL() = %s, want http://<loopback IP>:0%s", s.URL(), APIPrefix)
	}
	if code, _, _ := call(t, s, "", "GET", "/users/me", ""); code != http.StatusUnauthorized {
		t.Errorf("in-process request to URL(): %d, want 401", code)
	}
}

func TestUpdateUser(t *testing.T) {
	f := newFixture(t)
	me := "/users/" + f.member.GID
	inWS := "/workspaces/" + f.org.GID + "/users/" + f.member.GID
	tests := []struct {
		name, tok, method, path, body string
		want                          int
		msg                           string
	}{
		{"own name", f.memberTok, "PUT", "/users/me", `{"data":{"name":"Maxine"}}`, 200, ""},
		{"own name in workspace", f.memberTok, "PUT", inWS, `{"data":{"name":"Maxi"}}`, 200, ""},
		{"someone else's name", f.adminTok, "PUT", me, `{"data":{"name":"Bob"}}`, 403, "own name"},
		{"empty name", f.memberTok, "PUT", me, `{"data":{"name":""}}`, 400, "name: Cannot be empty"},
		{"unknown custom field", f.adminTok, "PUT", me, `{"data":{"custom_fields":{"1234":"x"}}}`, 404, "custom_field: Unknown object: 1234"},
		{"bad custom field gid", f.adminTok, "PUT", me, `{"data":{"custom_fields":{"abc":"x"}}}`, 400, "custom_fields: Not a Long"},
		{"no change", f.adminTok, "PUT", me, `{"data":{}}`, 200, ""},
		{"not a member", f.adminTok, "PUT", "/workspaces/" + f.other.GID + "/users/" + f.member.GID, `{"data":{}}`, 403, ""},
		{"outsider", f.outsiderTok, "PUT", me, `{"data":{}}`, 403, ""},
		{"no token", "", "PUT", me, `{"data":{}}`, 401, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, doc := call(t, f.s, tt.tok, tt.method, tt.path, tt.body)
			if code != tt.want || !strings.Contains(errMessage(doc), tt.msg) {
				t.Fatalf("%d %q, want %d %q", code, errMessage(doc), tt.want, tt.msg)
			}
		})
	}
	if u, _ := f.s.User(f.member.GID); u.Name != "Maxi" {
		t.Errorf("name after updates: %q", u.Name)
	}
}

func TestFavorites(t *testing.T) {
	f := newFixture(t)
	q := "?workspace=" + f.org.GID + "&resource_type=project"
	tests := []struct {
		name, tok, path string
		want            int
		msg             string
	}{
		{"own", f.memberTok, "/users/me/favorites" + q + "&limit=10&opt_fields=name,resource_type", 200, ""},
		{"own by gid", f.memberTok, "/users/" + f.member.GID + "/favorites" + q, 200, ""},
		{"someone else's: the caller's", f.adminTok, "/users/" + f.member.GID + "/favorites" + q, 200, ""},
		{"no workspace", f.memberTok, "/users/me/favorites?resource_type=project", 400, "workspace: Missing input"},
		{"no type", f.memberTok, "/users/me/favorites?workspace=" + f.org.GID, 400, "resource_type: Missing input"},
		{"bad type", f.memberTok, "/users/me/favorites?workspace=" + f.org.GID + "&resource_type=goal", 400, "resource_type: Not a valid enum value"},
		{"unknown field", f.memberTok, "/users/me/favorites" + q + "&opt_fields=color", 400, `Unknown field "color"`},
		{"other workspace", f.memberTok, "/users/me/favorites?resource_type=task&workspace=" + f.other.GID, 403, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, doc := call(t, f.s, tt.tok, "GET", tt.path, "")
			if code != tt.want || !strings.Contains(errMessage(doc), tt.msg) {
				t.Fatalf("%d %q, want %d %q", code, errMessage(doc), tt.want, tt.msg)
			}
			if code == 200 {
				if d, ok := doc["data"].([]any); !ok || len(d) != 0 {
					t.Errorf("data = %v, want an empty list", doc["data"])
				}
				if _, paged := doc["next_page"]; paged != strings.Contains(tt.path, "limit=") {
					t.Errorf("next_page present %v with path %s", paged, tt.path)
				}
			}
		})
	}
}

// unmodelledAllowances excuses the nulls of conditional fields the fake
// renders for unmodelled data (unmodelled.go). Asana documents them as
// *Conditional*: present with a value only for the objects they apply to
// (a story's old_name only on a rename story, a job's new_portfolio only on
// a portfolio duplication). Asked for explicitly, the fake answers null, as
// it does for approval_status; the spec does not mark them nullable.
func unmodelledAllowances() []conformance.Allowance {
	var out []conformance.Allowance
	add := func(why string, fields ...string) {
		for _, f := range fields {
			out = append(out, conformance.Allowance{Field: "**/" + f, Reason: "not nullable", Why: why})
		}
	}
	add("StoryResponse documents these as conditional on the story's resource_subtype; a comment "+
		"or a system story of another subtype has none",
		"assignee", "custom_field", "dependency", "duplicate_of", "duplicated_from", "follower",
		"new_approval_status", "new_date_value", "new_dates", "new_enum_value", "new_number_value",
		"new_resource_subtype", "new_section", "new_text_value", "old_approval_status", "old_date_value",
		"old_dates", "old_enum_value", "old_name", "old_resource_subtype", "old_section", "old_text_value",
		"project", "story", "tag", "task")
	add("a job creates one kind of object and the others are null (see new_project in allowList)",
		"new_graph_export", "new_portfolio", "new_resource_export")
	add("TaskResponse.external is conditional (set only through an OAuth app); other tasks have none",
		"external")
	return out
}
