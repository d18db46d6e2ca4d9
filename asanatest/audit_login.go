package asanatest

import "fmt"

// AuditUserLoginSucceeded is the audit log event of a person signing in
// to Asana (Asana's user_login_succeeded). The fake has no sign-in, so a
// test records one with RecordLogin.
const AuditUserLoginSucceeded = "user_login_succeeded"

// RecordLogin records in the organization's audit log that the user
// signed in, at the fake's current time, as Asana's web sign-in does: a
// user_login_succeeded event (category "logins", a web context) with the
// user as actor and resource. It is how a test gives a user (a guest, say)
// recent activity that the API shows only through the audit log: Asana's
// API has no last-login field.
func (s *Server) RecordLogin(workspaceGID, userGID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.st.users.get(userGID)
	if u == nil {
		return fmt.Errorf("asanatest: no user %q", userGID)
	}
	if s.st.membership(workspaceGID, userGID) == nil {
		return fmt.Errorf("asanatest: user %s is not a member of workspace %q", userGID, workspaceGID)
	}
	s.addAuditLocked(&AuditEvent{WorkspaceGID: workspaceGID, Time: s.clock.Now(), EventType: AuditUserLoginSucceeded, EventCategory: "logins",
		ActorType: "user", ActorGID: u.GID, actorName: u.Name, actorEmail: u.Email,
		ResourceType: "user", ResourceGID: u.GID, ResourceName: u.Name, resourceEmail: u.Email, ContextType: "web"})
	return nil
}
