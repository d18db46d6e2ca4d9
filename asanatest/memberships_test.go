package asanatest

import (
	"slices"
	"testing"
)

// accessFixture is the work fixture plus Cora, a regular member of the
// organization in no team, who sees the public project pub through its
// privacy only (and so may edit it until a membership says otherwise).
type accessFixture struct {
	*workFixture
	cora    User
	coraTok string
}

func newAccessFixture(t testing.TB) *accessFixture {
	t.Helper()
	f := &accessFixture{workFixture: newWorkFixture(t)}
	f.cora = Must(f.s.AddUser(User{Name: "Cora", Email: "cora@acme.test"}))
	Must(f.s.AddWorkspaceMember(f.org.GID, f.cora.GID, MemberOptions{}))
	f.coraTok = Must(f.s.AddPersonalAccessToken(f.cora.GID))
	return f
}

// TestAccessLevelsEnforced checks what each project access level lets a
// personal token do with the project and its tasks (a commenter may
// comment but not edit; a viewer neither), and that a service account is
// never limited.
func TestAccessLevelsEnforced(t *testing.T) {
	type want struct{ editProject, editTask, editSubtask, comment int }
	tests := []struct {
		level string
		want  want
	}{
		{"", want{200, 200, 200, 201}}, // no membership: the public project's default
		{AccessAdmin, want{200, 200, 200, 201}},
		{AccessEditor, want{200, 200, 200, 201}},
		{AccessCommenter, want{403, 403, 403, 201}},
		{AccessViewer, want{403, 403, 403, 403}},
	}
	for _, tt := range tests {
		t.Run("level "+tt.level, func(t *testing.T) {
			f := newAccessFixture(t)
			if tt.level != "" {
				body := `{"data":{"parent":"` + f.pub.GID + `","member":"` + f.cora.GID + `","access_level":"` + tt.level + `"}}`
				m := data(t, must(t, f.s, f.memberTok, "POST", "/memberships", body, 201))
				if m["access_level"] != tt.level || m["resource_subtype"] != "project_membership" {
					t.Fatalf("created %v", m)
				}
			}
			for _, c := range []struct {
				name, method, path, body string
				want                     int
			}{
				{"edit project", "PUT", "/projects/" + f.pub.GID, `{"data":{"notes":"x"}}`, tt.want.editProject},
				{"edit task", "PUT", "/tasks/" + f.t1.GID, `{"data":{"notes":"x"}}`, tt.want.editTask},
				{"edit subtask", "PUT", "/tasks/" + f.sub.GID, `{"data":{"notes":"x"}}`, tt.want.editSubtask},
				{"comment", "POST", "/tasks/" + f.t1.GID + "/stories", `{"data":{"text":"hi"}}`, tt.want.comment},
			} {
				code, _, doc := call(t, f.s, f.coraTok, c.method, c.path, c.body)
				if code != c.want {
					t.Errorf("%s: %d, want %d: %v", c.name, code, c.want, doc)
				}
				if code, _, doc := call(t, f.s, f.saTok, c.method, c.path, c.body); code >= 300 {
					t.Errorf("%s as the service account: %d %v", c.name, code, doc)
				}
			}
		})
	}
}

func TestMembershipsLifecycle(t *testing.T) {
	f := newAccessFixture(t)
	body := `{"data":{"parent":"` + f.pub.GID + `","member":"` + f.cora.GID + `","access_level":"commenter"}}`
	code, h, doc := call(t, f.s, f.memberTok, "POST", "/memberships", body)
	if code != 201 || h.Get("Location") == "" {
		t.Fatalf("create: %d %v", code, doc)
	}
	g := data(t, doc)["gid"].(string)
	// The project lists Cora among its members, and the project
	// memberships show her level.
	members := data(t, must(t, f.s, f.saTok, "GET", "/projects/"+f.pub.GID+"?opt_fields=members", "", 200))["members"].([]any)
	if !slices.ContainsFunc(members, func(m any) bool { return m.(map[string]any)["gid"] == f.cora.GID }) {
		t.Errorf("members %v", members)
	}
	pm := data(t, must(t, f.s, f.coraTok, "GET", "/project_memberships/"+g, "", 200))
	if pm["access_level"] != "commenter" || pm["write_access"] != "comment_only" || pm["project"].(map[string]any)["gid"] != f.pub.GID ||
		pm["user"].(map[string]any)["gid"] != f.cora.GID || pm["resource_type"] != "project_membership" {
		t.Errorf("project membership %v", pm)
	}
	mine := gids(t, must(t, f.s, f.coraTok, "GET", "/projects/"+f.pub.GID+"/project_memberships?user=me", "", 200))
	if !slices.Equal(mine, []string{g}) {
		t.Errorf("own project memberships %v", mine)
	}
	if got := gids(t, must(t, f.s, f.coraTok, "GET", "/memberships?parent="+f.pub.GID+"&member="+f.cora.GID, "", 200)); !slices.Equal(got, []string{g}) {
		t.Errorf("memberships by member %v", got)
	}
	all := listAll(t, f.s, f.saTok, "/memberships?parent="+f.pub.GID, 1, nil)
	if len(all) != 2 { // the owner (member) and Cora
		t.Errorf("all memberships of pub %v", all)
	}
	// A commenter may not manage members; the owner may promote her.
	must(t, f.s, f.coraTok, "PUT", "/memberships/"+g, `{"data":{"access_level":"admin"}}`, 403)
	up := data(t, must(t, f.s, f.memberTok, "PUT", "/memberships/"+g, `{"data":{"access_level":"editor"}}`, 200))
	if up["access_level"] != "editor" {
		t.Errorf("updated %v", up)
	}
	must(t, f.s, f.coraTok, "PUT", "/tasks/"+f.t1.GID, `{"data":{"notes":"editor now"}}`, 200)
	// Leaving: the record goes, and so does her place among the members.
	must(t, f.s, f.memberTok, "DELETE", "/memberships/"+g, "", 200)
	must(t, f.s, f.saTok, "GET", "/memberships/"+g, "", 404)
	if got := f.s.Memberships(f.pub.GID); len(got) != 1 || got[0].UserGID != f.member.GID || got[0].AccessLevel != AccessAdmin {
		t.Errorf("after delete %v", got)
	}
	// removeMembers drops the membership record too.
	Must(f.s.SetAccessLevel(f.pub.GID, f.cora.GID, AccessViewer))
	must(t, f.s, f.memberTok, "POST", "/projects/"+f.pub.GID+"/removeMembers", `{"data":{"members":"`+f.cora.GID+`"}}`, 200)
	if got := f.s.Memberships(f.pub.GID); len(got) != 1 {
		t.Errorf("after removeMembers %v", got)
	}
}

func TestMembershipValidation(t *testing.T) {
	f := newAccessFixture(t)
	owner := f.s.Memberships(f.pub.GID)[0].GID
	pf := Must(f.s.AddPortfolio(Portfolio{WorkspaceGID: f.org.GID, Name: "P", OwnerGID: f.admin.GID}))
	create := func(parent, member, level string) string {
		return `{"data":{"parent":"` + parent + `","member":"` + member + `","access_level":"` + level + `"}}`
	}
	tests := []struct {
		name, method, path, body string
		status                   int
		msg                      string
	}{
		{"no parent", "POST", "/memberships", `{"data":{"member":"` + f.cora.GID + `"}}`, 400, "parent: Missing input"},
		{"no member", "POST", "/memberships", `{"data":{"parent":"` + f.pub.GID + `"}}`, 400, "member: Missing input"},
		{"unknown parent", "POST", "/memberships", create("42", f.cora.GID, "editor"), 404, "parent: Unknown object: 42"},
		{"task parent", "POST", "/memberships", create(f.t1.GID, f.cora.GID, "editor"), 404, "parent: Unknown object: " + f.t1.GID},
		{"bad level", "POST", "/memberships", create(f.pub.GID, f.cora.GID, "owner"), 400, `access_level: Not a valid access level for a project: "owner"`},
		{"portfolio commenter", "POST", "/memberships", create(pf.GID, f.cora.GID, "commenter"), 400, `access_level: Not a valid access level for a portfolio: "commenter"`},
		{"team member", "POST", "/memberships", create(f.pub.GID, f.public.GID, "editor"), 400, "member: The fake models user members only: " + f.public.GID + " is a team"},
		{"outsider", "POST", "/memberships", create(f.pub.GID, f.outsider.GID, "editor"), 400, "member: Not a member of the workspace: " + f.outsider.GID},
		{"duplicate", "POST", "/memberships", create(f.pub.GID, f.member.GID, "editor"), 400, "member: Already a member: " + f.member.GID},
		{"demote owner", "PUT", "/memberships/" + owner, `{"data":{"access_level":"viewer"}}`, 400, "access_level: The owner's access level cannot change"},
		{"delete owner", "DELETE", "/memberships/" + owner, "", 400, "membership: Cannot remove the owner"},
		{"list without parent", "GET", "/memberships", "", 400, "parent: Missing input"},
		{"bad gid", "GET", "/memberships/m1", "", 400, "membership: Not a Long: m1"},
		{"not a project membership", "GET", "/project_memberships/" + f.s.Memberships(pf.GID)[0].GID, "", 404,
			"project_membership: Unknown object: " + f.s.Memberships(pf.GID)[0].GID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, doc := call(t, f.s, f.saTok, tt.method, tt.path, tt.body)
			if code != tt.status || errMessage(doc) != tt.msg {
				t.Errorf("got %d %q, want %d %q", code, errMessage(doc), tt.status, tt.msg)
			}
		})
	}
	// Visibility: the private project's memberships are hidden from the
	// member, the portfolio's from Cora.
	must(t, f.s, f.memberTok, "GET", "/memberships?parent="+f.priv.GID, "", 403)
	must(t, f.s, f.memberTok, "GET", "/project_memberships/"+f.s.Memberships(f.priv.GID)[0].GID, "", 403)
	must(t, f.s, f.coraTok, "GET", "/memberships/"+f.s.Memberships(pf.GID)[0].GID, "", 403)
	// Portfolio memberships work through /memberships too.
	m := data(t, must(t, f.s, f.adminTok, "POST", "/memberships", create(pf.GID, f.cora.GID, "viewer"), 201))
	if m["resource_subtype"] != "portfolio_membership" || m["parent"].(map[string]any)["resource_type"] != "portfolio" {
		t.Errorf("portfolio membership %v", m)
	}
	must(t, f.s, f.coraTok, "GET", "/portfolios/"+pf.GID, "", 200)
}

// TestNewOwnerBecomesAdmin: a commenter made the project's owner gets
// admin access (an owner is always an admin).
func TestNewOwnerBecomesAdmin(t *testing.T) {
	f := newAccessFixture(t)
	Must(f.s.SetAccessLevel(f.pub.GID, f.cora.GID, AccessCommenter))
	must(t, f.s, f.coraTok, "PUT", "/projects/"+f.pub.GID, `{"data":{"notes":"mine"}}`, 403)
	must(t, f.s, f.saTok, "PUT", "/projects/"+f.pub.GID, `{"data":{"owner":"`+f.cora.GID+`"}}`, 200)
	must(t, f.s, f.coraTok, "PUT", "/projects/"+f.pub.GID, `{"data":{"notes":"mine"}}`, 200)
}

// TestMembershipEvents: joining and leaving a project through
// /memberships shows in the project's events, as addMembers and
// removeMembers do.
func TestMembershipEvents(t *testing.T) {
	f := newAccessFixture(t)
	sync := startSync(t, f.s, f.saTok, "/events?resource="+f.pub.GID)
	body := `{"data":{"parent":"` + f.pub.GID + `","member":"` + f.cora.GID + `","access_level":"viewer"}}`
	g := data(t, must(t, f.s, f.saTok, "POST", "/memberships", body, 201))["gid"].(string)
	evs, sync, _ := eventsSince(t, f.s, f.saTok, f.pub.GID, sync)
	if got := summary(evs); !slices.Contains(got, "changed project members/added") {
		t.Errorf("after create: %v", got)
	}
	must(t, f.s, f.saTok, "DELETE", "/memberships/"+g, "", 200)
	evs, _, _ = eventsSince(t, f.s, f.saTok, f.pub.GID, sync)
	if got := summary(evs); !slices.Contains(got, "changed project members/removed") {
		t.Errorf("after delete: %v", got)
	}
}
