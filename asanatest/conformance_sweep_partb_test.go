package asanatest

import "testing"

// sweepPartB are the sweep's records of roles, access requests,
// out-of-office entries, reactions, custom types, agents, project
// portfolio settings and rule triggers.
type sweepPartB struct {
	role, standardRole     Role
	request, doomedRequest AccessRequest
	ooo                    OOOEntry
	customType             CustomType
	agent                  Agent
	setting                ProjectPortfolioSetting
	trigger                RuleTrigger
}

// newSweepPartB seeds them; the portfolio must already hold the project.
func newSweepPartB(t *testing.T, f *sweepFixture) {
	t.Helper()
	s, b := f.s, &f.partB
	b.standardRole = Must(s.AddRole(Role{WorkspaceGID: f.org.GID, Name: "Member", Description: "Asana's member role",
		BaseRoleType: "member", IsStandardRole: true}))
	b.role = Must(s.AddRole(Role{WorkspaceGID: f.org.GID, Name: "Auditor", Description: "Reads everything",
		BaseRoleType: "member", Permissions: map[string]any{"export_project_data": true, "task_deletion_policy": "none"}}))
	b.request = Must(s.AddAccessRequest(AccessRequest{TargetGID: f.project.GID, RequesterGID: f.spare.GID, Message: "May I?"}))
	b.doomedRequest = Must(s.AddAccessRequest(AccessRequest{TargetGID: f.project.GID, RequesterGID: f.guest.GID}))
	b.ooo = Must(s.AddOOOEntry(OOOEntry{WorkspaceGID: f.org.GID, UserGID: f.member.GID, StartDate: "2025-03-03", EndDate: "2025-03-07"}))
	Must(s.AddOOOEntry(OOOEntry{WorkspaceGID: f.org.GID, UserGID: f.member.GID, CreatedByGID: f.admin.GID, StartDate: "2025-08-01", EndDate: "2025-08-15"}))
	for _, r := range []Reaction{{UserGID: f.member.GID, Emoji: "👍"}, {UserGID: f.admin.GID, Emoji: "👍🏽"}, {UserGID: f.sa.GID, Emoji: "🎉"}} {
		r.TargetGID = f.story.GID
		Must(s.AddReaction(r))
	}
	Must(s.AddReaction(Reaction{TargetGID: f.goals.goalStatus.GID, UserGID: f.member.GID, Emoji: "👍"}))
	b.customType = Must(s.AddCustomType(CustomType{WorkspaceGID: f.org.GID, Name: "Bug", ProjectGIDs: []string{f.project.GID},
		StatusOptions: []CustomTypeStatusOption{{Name: "Open", CompletionState: "Incomplete", Enabled: true, Color: "red"},
			{Name: "Triaged", CompletionState: "Incomplete"}, {Name: "Fixed", CompletionState: "Complete", Enabled: true, Color: "green"}}}))
	Must(s.AddCustomType(CustomType{WorkspaceGID: f.org.GID, Name: "Request", ProjectGIDs: []string{f.project.GID}}))
	b.agent = Must(s.AddAgent(Agent{WorkspaceGID: f.org.GID, Name: "Triage bot", Description: "Sorts new bugs",
		BehaviorGuidance: "Be brief", Photo: "https://s3.example.test/agents/triage"}))
	Must(s.AddAgent(Agent{WorkspaceGID: f.org.GID, Name: "Scribe"}))
	var ok bool
	if b.setting, ok = s.ProjectPortfolioSetting(f.portfolio.GID, f.project.GID); !ok {
		t.Fatal("the portfolio's project has no project portfolio setting")
	}
	for _, g := range []string{f.project.GID, f.itemProject.GID} {
		if err := s.AddFavorite(f.sa.GID, f.org.GID, g); err != nil {
			t.Fatal(err)
		}
	}
	b.trigger = Must(s.AddRuleTrigger(RuleTrigger{ProjectGID: f.project.GID, Name: "Open a Jira ticket"}))
}

func init() {
	for op, w := range map[string]sweepWrite{
		"POST /roles":              {body: `{"data":{"workspace":"{org}","name":"Contractor","description":"Outside help","base_role_type":"guest","permissions":{"upload_attachments":false}}}`},
		"PUT /roles/{role_gid}":    {body: `{"data":{"description":"Reads and exports","permissions":{"import_data":true}}}`},
		"DELETE /roles/{role_gid}": {last: true},
		"POST /access_requests":    {body: `{"data":{"target":"{itemProject}","message":"Let me in"}}`},
		"POST /access_requests/{access_request_gid}/approve": {},
		"POST /access_requests/{access_request_gid}/reject":  {paths: map[string]string{"access_request_gid": "{doomedRequest}"}},
		"POST /ooo_entries":                                               {body: `{"data":{"user":"{member}","workspace":"{org}","start_date":"2025-12-22","end_date":"2026-01-02"}}`},
		"PUT /ooo_entries/{ooo_entry_gid}":                                {body: `{"data":{"end_date":"2025-03-10"}}`},
		"DELETE /ooo_entries/{ooo_entry_gid}":                             {last: true},
		"PUT /project_portfolio_settings/{project_portfolio_setting_gid}": {body: `{"data":{"is_access_control_inherited":false}}`},
		"POST /rule_triggers/{rule_trigger_gid}/run":                      {body: `{"data":{"resource":"{task}","action_data":{"jira_ticket_id":"123"}}}`},
	} {
		sweepWrites[op] = w
	}
	// A user's custom field values (user_custom_fields.go).
	sweepWrites["PUT /workspaces/{workspace_gid}/users/{user_gid}"] = sweepWrite{body: `{"data":{"custom_fields":{"{field}":"{option2}"}}}`}
	sweepQueries["GET /roles"] = []string{"workspace"}
	sweepQueryValues["GET /access_requests"] = map[string]string{"target": "{project}"}
	sweepQueryValues["GET /reactions"] = map[string]string{"target": "{story}", "emoji_base": "👍"}
}

// pathValues are the path parameters of these records.
func (b *sweepPartB) pathValues() map[string]string {
	return map[string]string{
		"role_gid":                      b.role.GID,
		"access_request_gid":            b.request.GID,
		"ooo_entry_gid":                 b.ooo.GID,
		"custom_type_gid":               b.customType.GID,
		"agent_gid":                     b.agent.GID,
		"project_portfolio_setting_gid": b.setting.GID,
		"rule_trigger_gid":              b.trigger.GID,
	}
}
