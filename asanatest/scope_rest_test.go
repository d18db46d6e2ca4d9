package asanatest

import (
	"net/http"
	"testing"
)

// TestExportAndAuditLogScopes checks the scoped permissions that admit
// REST routes: the exports scope admits the organization export routes
// and nothing else, the audit-logs scope the audit log events route.
func TestExportAndAuditLogScopes(t *testing.T) {
	f := newFixture(t)
	exportTok := Must(f.s.AddScopedServiceAccountToken(f.sa.GID, ScopeExports))
	auditTok := Must(f.s.AddScopedServiceAccountToken(f.sa.GID, ScopeAuditLogs))
	bothTok := Must(f.s.AddScopedServiceAccountToken(f.sa.GID, ScopeExports, ScopeAuditLogs))
	scimTok := Must(f.s.AddScopedServiceAccountToken(f.sa.GID, ScopeSCIMUsersRead))

	reqs := []struct{ name, method, path, body string }{
		{"create export", "POST", "/organization_exports", `{"data":{"organization":"` + f.org.GID + `"}}`},
		{"get export", "GET", "/organization_exports/999999", ""},
		{"graph export", "POST", "/exports/graph", `{"data":{"parent":"` + f.public.GID + `"}}`},
		{"audit log", "GET", "/workspaces/" + f.org.GID + "/audit_log_events", ""},
		{"REST GET", "GET", "/users/me", ""},
		{"SCIM GET", "GET", "/scim/Users", ""},
	}
	const ok, created, notFound, forbid = http.StatusOK, http.StatusCreated, http.StatusNotFound, http.StatusForbidden
	tests := []struct {
		name string
		tok  string
		want [6]int // statuses for reqs, in order
	}{
		{"full", f.saTok, [6]int{created, notFound, created, ok, ok, ok}},
		{"exports", exportTok, [6]int{created, notFound, created, forbid, forbid, forbid}},
		{"audit logs", auditTok, [6]int{forbid, forbid, forbid, ok, forbid, forbid}},
		{"exports and audit logs", bothTok, [6]int{created, notFound, created, ok, forbid, forbid}},
		{"SCIM read", scimTok, [6]int{forbid, forbid, forbid, forbid, forbid, ok}},
	}
	for _, tt := range tests {
		for j, rq := range reqs {
			t.Run(tt.name+"/"+rq.name, func(t *testing.T) {
				code, _, doc := call(t, f.s, tt.tok, rq.method, rq.path, rq.body)
				if code != tt.want[j] {
					t.Fatalf("status %d, want %d: %v", code, tt.want[j], doc)
				}
				if code == forbid && rq.path != "/scim/Users" && errMessage(doc) == "" {
					t.Errorf("not an Asana error document: %v", doc)
				}
			})
		}
	}
}

// TestControlExportScopes issues export and audit-log tokens through /_fake.
func TestControlExportScopes(t *testing.T) {
	f := newFixture(t)
	for _, tt := range []struct {
		scopes        string
		export, audit int
	}{
		{`["exports"]`, http.StatusNotFound, http.StatusForbidden},
		{`["audit_logs"]`, http.StatusForbidden, http.StatusOK},
	} {
		t.Run(tt.scopes, func(t *testing.T) {
			code, doc := controlCall(t, f.s, controlPrefix+"/service_accounts/"+f.sa.GID+"/tokens", `{"scopes":`+tt.scopes+`}`)
			if code != http.StatusOK {
				t.Fatalf("status %d: %v", code, doc)
			}
			data, _ := doc["data"].(map[string]any)
			tok, _ := data["token"].(string)
			if c, _, d := call(t, f.s, tok, "GET", "/organization_exports/999999", ""); c != tt.export {
				t.Errorf("export GET %d, want %d: %v", c, tt.export, d)
			}
			if c, _, d := call(t, f.s, tok, "GET", "/workspaces/"+f.org.GID+"/audit_log_events", ""); c != tt.audit {
				t.Errorf("audit log GET %d, want %d: %v", c, tt.audit, d)
			}
		})
	}
}
