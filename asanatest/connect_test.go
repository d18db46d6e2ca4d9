package asanatest

import (
	"net/http"
	"slices"
	"testing"
)

// connectFixture joins the kinds on the portfolio and goal fixtures:
// field Risk is on portfolio bets and on goal pub, field Spare on
// nothing; bets has a status update.
type connectFixture struct {
	*portfolioFixture
	risk, spare CustomField
	betsStatus  StatusUpdate
}

func newConnectFixture(t testing.TB) *connectFixture {
	t.Helper()
	f := &connectFixture{portfolioFixture: newPortfolioFixture(t)}
	addGoalFixture(t, f.workFixture)
	s := f.s
	f.risk, _ = must2(s.AddCustomField(CustomField{WorkspaceGID: f.org.GID, Name: "Risk", ResourceSubtype: CustomFieldText}))
	f.spare, _ = must2(s.AddCustomField(CustomField{WorkspaceGID: f.org.GID, Name: "Spare", ResourceSubtype: CustomFieldNumber}))
	Must(s.AddCustomFieldSetting(CustomFieldSetting{ParentGID: f.bets.GID, ParentType: "portfolio", CustomFieldGID: f.risk.GID}))
	Must(s.AddCustomFieldSetting(CustomFieldSetting{ParentGID: f.goals.pub.GID, ParentType: "goal", CustomFieldGID: f.risk.GID}))
	f.betsStatus = Must(s.AddStatusUpdate(StatusUpdate{ParentGID: f.bets.GID, AuthorGID: f.admin.GID, Title: "W1", Text: "ok", StatusType: "on_track"}))
	return f
}

// TestConnectedKindsMatrix runs the routes that join custom fields,
// portfolios, goals, status updates and memberships as every principal:
// bets is private (admin owns it, member edits, guest views), goal pub is
// the member's goal of the public team (a guest does not see it), goal ws
// the admin's workspace-level goal, portfolio mine the member's private
// one.
func TestConnectedKindsMatrix(t *testing.T) {
	bets := func(f *connectFixture) string { return "/portfolios/" + f.bets.GID }
	pub := func(f *connectFixture) string { return "/goals/" + f.goals.pub.GID }
	field := func(gid func(*connectFixture) string) func(*connectFixture) string {
		return func(f *connectFixture) string { return `{"data":{"custom_field":"` + gid(f) + `"}}` }
	}
	risk := func(f *connectFixture) string { return f.risk.GID }
	spare := func(f *connectFixture) string { return f.spare.GID }
	tests := []struct {
		name, method string
		path, body   func(f *connectFixture) string
		want         matrixWant
	}{
		{"portfolio settings", "GET", func(f *connectFixture) string { return bets(f) + "/custom_field_settings" }, nil, matrixWant{200, 200, 200, 200, 403}},
		{"portfolio add setting", "POST", func(f *connectFixture) string { return bets(f) + "/addCustomFieldSetting" }, field(spare), matrixWant{200, 200, 200, 403, 403}},
		{"portfolio remove setting", "POST", func(f *connectFixture) string { return bets(f) + "/removeCustomFieldSetting" }, field(risk), matrixWant{200, 200, 200, 403, 403}},
		{"goal settings", "GET", func(f *connectFixture) string { return pub(f) + "/custom_field_settings" }, nil, matrixWant{200, 200, 200, 403, 403}},
		{"goal add setting", "POST", func(f *connectFixture) string { return pub(f) + "/addCustomFieldSetting" }, field(spare), matrixWant{200, 200, 200, 403, 403}},
		{"goal remove setting", "POST", func(f *connectFixture) string { return pub(f) + "/removeCustomFieldSetting" }, field(risk), matrixWant{200, 200, 200, 403, 403}},
		{"portfolio status update", "POST", func(*connectFixture) string { return "/status_updates" }, func(f *connectFixture) string {
			return `{"data":{"parent":"` + f.bets.GID + `","status_type":"at_risk","title":"W2","text":"slipping"}}`
		}, matrixWant{201, 201, 201, 403, 403}},
		{"portfolio status updates", "GET", func(f *connectFixture) string { return "/status_updates?parent=" + f.bets.GID }, nil, matrixWant{200, 200, 200, 200, 403}},
		{"portfolio supports goal", "POST", func(f *connectFixture) string { return "/goals/" + f.goals.ws.GID + "/addSupportingRelationship" },
			func(f *connectFixture) string { return `{"data":{"supporting_resource":"` + f.bets.GID + `"}}` }, matrixWant{200, 200, 200, 403, 403}},
		{"unseen portfolio supports goal", "POST", func(f *connectFixture) string { return "/goals/" + f.goals.ws.GID + "/addSupportingRelationship" },
			func(f *connectFixture) string { return `{"data":{"supporting_resource":"` + f.mine.GID + `"}}` }, matrixWant{200, 403, 200, 403, 403}},
		{"goals of a portfolio", "GET", func(f *connectFixture) string { return "/goals?portfolio=" + f.bets.GID }, nil, matrixWant{200, 200, 200, 200, 403}},
		{"add goal member", "POST", func(*connectFixture) string { return "/memberships" }, func(f *connectFixture) string {
			return `{"data":{"parent":"` + f.goals.pub.GID + `","member":"` + f.admin.GID + `","access_level":"viewer"}}`
		}, matrixWant{201, 201, 201, 403, 403}},
		{"goal memberships", "GET", func(f *connectFixture) string { return "/memberships?parent=" + f.goals.pub.GID }, nil, matrixWant{200, 200, 200, 403, 403}},
	}
	for _, tt := range tests {
		for _, who := range []string{"sa", "admin", "member", "guest", "outsider", "dead"} {
			t.Run(tt.name+"/"+who, func(t *testing.T) {
				f := newConnectFixture(t)
				want := http.StatusUnauthorized
				if who != "dead" {
					want = tt.want.of(who)
				}
				body := ""
				if tt.body != nil {
					body = tt.body(f)
				}
				code, _, doc := call(t, f.s, f.who(who), tt.method, tt.path(f), body)
				if code != want {
					t.Fatalf("%s %s: status %d, want %d: %v", tt.method, tt.path(f), code, want, doc)
				}
				if code >= 400 && errMessage(doc) == "" {
					t.Errorf("error without message: %v", doc)
				}
			})
		}
	}
}

// TestConnectedSettingsValidation checks the settings routes' errors on
// portfolios and goals.
func TestConnectedSettingsValidation(t *testing.T) {
	f := newConnectFixture(t)
	other, _ := must2(f.s.AddCustomField(CustomField{WorkspaceGID: f.other.GID, Name: "Elsewhere", ResourceSubtype: CustomFieldText}))
	tests := []struct {
		name, path, body string
		status           int
		msg              string
	}{
		{"portfolio: already on", "/portfolios/" + f.bets.GID + "/addCustomFieldSetting", `{"data":{"custom_field":"` + f.risk.GID + `"}}`, 400,
			"custom_field: Custom field " + f.risk.GID + " is already on this portfolio"},
		{"portfolio: not on", "/portfolios/" + f.bets.GID + "/removeCustomFieldSetting", `{"data":{"custom_field":"` + f.spare.GID + `"}}`, 400,
			"custom_field: Custom field " + f.spare.GID + " is not on this portfolio"},
		{"portfolio: other workspace", "/portfolios/" + f.bets.GID + "/addCustomFieldSetting", `{"data":{"custom_field":"` + other.GID + `"}}`, 403, ""},
		{"portfolio: missing field", "/portfolios/" + f.bets.GID + "/addCustomFieldSetting", `{"data":{}}`, 400, "custom_field: Missing input"},
		{"portfolio: unknown", "/portfolios/1999999999999/addCustomFieldSetting", `{"data":{"custom_field":"` + f.spare.GID + `"}}`, 404, ""},
		{"goal: already on", "/goals/" + f.goals.pub.GID + "/addCustomFieldSetting", `{"data":{"custom_field":"` + f.risk.GID + `"}}`, 400,
			"custom_field: Custom field " + f.risk.GID + " is already on this goal"},
		{"goal: not on", "/goals/" + f.goals.pub.GID + "/removeCustomFieldSetting", `{"data":{"custom_field":"` + f.spare.GID + `"}}`, 400,
			"custom_field: Custom field " + f.spare.GID + " is not on this goal"},
		{"goal: bad anchor", "/goals/" + f.goals.pub.GID + "/addCustomFieldSetting",
			`{"data":{"custom_field":"` + f.spare.GID + `","insert_before":"1234"}}`, 400, "insert_before: Custom field setting 1234 is not on this container"},
		{"goal: unknown", "/goals/1999999999999/addCustomFieldSetting", `{"data":{"custom_field":"` + f.spare.GID + `"}}`, 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, doc := call(t, f.s, f.saTok, http.MethodPost, tt.path, tt.body)
			if code != tt.status || tt.msg != "" && errMessage(doc) != tt.msg {
				t.Fatalf("status %d (%q), want %d (%q)", code, errMessage(doc), tt.status, tt.msg)
			}
		})
	}
}

// TestConnectedRenderings checks that portfolios and goals render their
// settings, fields and status, and that status updates and relationships
// render their portfolio.
func TestConnectedRenderings(t *testing.T) {
	f := newConnectFixture(t)
	s, tok := f.s, f.saTok
	set := data(t, must(t, s, tok, "POST", "/portfolios/"+f.bets.GID+"/addCustomFieldSetting",
		`{"data":{"custom_field":"`+f.spare.GID+`","insert_before":"`+f.settingGID(t, f.bets.GID)+`"}}`, 200))
	if p := set["parent"].(map[string]any); p["gid"] != f.bets.GID || p["resource_type"] != "portfolio" {
		t.Errorf("setting's parent = %v", p)
	}
	pf := data(t, must(t, s, tok, "GET", "/portfolios/"+f.bets.GID+"?opt_fields=custom_field_settings.custom_field.name,custom_fields.name,current_status_update.title", "", 200))
	if got := names(pf["custom_fields"]); !slices.Equal(got, []string{"Spare", "Risk"}) {
		t.Errorf("portfolio custom_fields = %v, want the settings' order", got)
	}
	if n := len(pf["custom_field_settings"].([]any)); n != 2 {
		t.Errorf("portfolio has %d settings, want 2", n)
	}
	if u, _ := pf["current_status_update"].(map[string]any); u == nil || u["title"] != "W1" {
		t.Errorf("current_status_update = %v", pf["current_status_update"])
	}
	g := data(t, must(t, s, tok, "GET", "/goals/"+f.goals.pub.GID+"?opt_fields=custom_fields.name,custom_field_settings.parent.name", "", 200))
	if got := names(g["custom_fields"]); !slices.Equal(got, []string{"Risk"}) {
		t.Errorf("goal custom_fields = %v", got)
	}
	if p := g["custom_field_settings"].([]any)[0].(map[string]any)["parent"].(map[string]any); p["name"] != f.goals.pub.Name {
		t.Errorf("goal setting's parent = %v", p)
	}
	st := data(t, must(t, s, tok, "GET", "/status_updates/"+f.betsStatus.GID+"?opt_fields=parent.name,resource_subtype,status_type,text,title", "", 200))
	if p := st["parent"].(map[string]any); p["gid"] != f.bets.GID || p["name"] != "Bets" || st["resource_subtype"] != "portfolio_status_update" {
		t.Errorf("status update = %v", st)
	}
	rel := data(t, must(t, s, tok, "POST", "/goals/"+f.goals.ws.GID+"/addSupportingRelationship",
		`{"data":{"supporting_resource":"`+f.bets.GID+`","contribution_weight":0.5}}`, 200))
	if r := rel["supporting_resource"].(map[string]any); r["gid"] != f.bets.GID || r["name"] != "Bets" || rel["resource_subtype"] != "supporting_work" {
		t.Errorf("relationship = %v", rel)
	}
	if got := gids(t, must(t, s, tok, "GET", "/goals?portfolio="+f.bets.GID, "", 200)); !slices.Equal(got, []string{f.goals.ws.GID}) {
		t.Errorf("goals of bets = %v", got)
	}

	// Deleting the portfolio takes its settings, status updates and
	// relationships with it.
	must(t, s, tok, "DELETE", "/portfolios/"+f.bets.GID, "", 200)
	must(t, s, tok, "GET", "/status_updates/"+f.betsStatus.GID, "", 404)
	must(t, s, tok, "GET", "/goal_relationships/"+rel["gid"].(string), "", 404)
	must(t, s, tok, "GET", "/custom_field_settings/"+set["gid"].(string), "", 404)
}

// settingGID is the first custom field setting of a container.
func (f *connectFixture) settingGID(t *testing.T, parentGID string) string {
	t.Helper()
	return gids(t, must(t, f.s, f.saTok, "GET", "/portfolios/"+parentGID+"/custom_field_settings", "", 200))[0]
}

// names lists the names of a rendered list of records.
func names(list any) []string {
	var out []string
	for _, e := range list.([]any) {
		out = append(out, e.(map[string]any)["name"].(string))
	}
	return out
}

// TestGoalMemberships checks goal memberships' access levels: a member
// sees a goal it could not otherwise see, a commenter or viewer member
// may not edit it, the default level is commenter, and the levels are the
// spec's for goals.
func TestGoalMemberships(t *testing.T) {
	f := newConnectFixture(t)
	s := f.s
	secret := "/goals/" + f.goals.secret.GID
	must(t, s, f.memberTok, "GET", secret, "", 403)
	Must(s.SetAccessLevel(f.goals.secret.GID, f.member.GID, AccessViewer))
	must(t, s, f.memberTok, "GET", secret, "", 200)
	must(t, s, f.memberTok, "PUT", secret, `{"data":{"notes":"mine now"}}`, 403)
	Must(s.SetAccessLevel(f.goals.secret.GID, f.member.GID, AccessEditor))
	must(t, s, f.memberTok, "PUT", secret, `{"data":{"notes":"mine now"}}`, 200)

	m := data(t, must(t, s, f.memberTok, "POST", "/memberships",
		`{"data":{"parent":"`+f.goals.pub.GID+`","member":"`+f.admin.GID+`"}}`, 201))
	if m["access_level"] != AccessCommenter || m["resource_subtype"] != "goal_membership" {
		t.Errorf("new goal membership = %v", m)
	}
	if p := m["parent"].(map[string]any); p["gid"] != f.goals.pub.GID || p["resource_type"] != "goal" {
		t.Errorf("parent = %v", p)
	}
	must(t, s, f.adminTok, "PUT", "/goals/"+f.goals.pub.GID, `{"data":{"notes":"x"}}`, 403)
	mg := m["gid"].(string)
	if got := gids(t, must(t, s, f.adminTok, "GET", "/memberships?parent="+f.goals.pub.GID, "", 200)); !slices.Equal(got, []string{mg}) {
		t.Errorf("goal memberships = %v, want [%s]", got, mg)
	}
	// The commenter may not manage the goal's members; its owner may.
	must(t, s, f.adminTok, "PUT", "/memberships/"+mg, `{"data":{"access_level":"editor"}}`, 403)
	must(t, s, f.memberTok, "PUT", "/memberships/"+mg, `{"data":{"access_level":"editor"}}`, 200)
	must(t, s, f.adminTok, "PUT", "/goals/"+f.goals.pub.GID, `{"data":{"notes":"x"}}`, 200)

	tests := []struct {
		name, body, msg string
	}{
		{"portfolio level on a goal", `{"data":{"parent":"` + f.goals.ws.GID + `","member":"` + f.member.GID + `","access_level":"owner"}}`,
			`access_level: Not a valid access level for a goal: "owner"`},
		{"already a member", `{"data":{"parent":"` + f.goals.pub.GID + `","member":"` + f.admin.GID + `"}}`,
			"member: Already a member: " + f.admin.GID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, doc := call(t, s, f.saTok, "POST", "/memberships", tt.body)
			if code != 400 || errMessage(doc) != tt.msg {
				t.Fatalf("status %d (%q), want 400 (%q)", code, errMessage(doc), tt.msg)
			}
		})
	}
	// A goal's viewer level is valid; a project's is not.
	must(t, s, f.saTok, "POST", "/memberships", `{"data":{"parent":"`+f.goals.ws.GID+`","member":"`+f.member.GID+`","access_level":"viewer"}}`, 201)
	must(t, s, f.saTok, "DELETE", "/goals/"+f.goals.ws.GID, "", 200)
	if ms := s.Memberships(f.goals.ws.GID); len(ms) != 0 {
		t.Errorf("deleted goal keeps memberships %v", ms)
	}
}
