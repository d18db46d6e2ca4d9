package asanatest

// Teams: the tag "Teams" of the spec.
func (s *Server) teamRoutes() {
	s.handle("POST /teams", s.createTeam)
	s.handle("GET /teams/{team_gid}", s.getTeam)
	s.handle("PUT /teams/{team_gid}", s.updateTeam)
	s.handle("GET /workspaces/{workspace_gid}/teams", s.getTeamsForWorkspace)
	s.handle("GET /users/{user_gid}/teams", s.getTeamsForUser)
	s.handle("POST /teams/{team_gid}/addUser", s.addUserForTeam)
	s.handle("POST /teams/{team_gid}/removeUser", s.removeUserForTeam)
}

// teamParam resolves a team GID the caller can see.
func (rq *request) teamParam(param, gid string) (*Team, error) {
	return resolve(param, gid, rq.st.teams.get, func(t *Team) bool { return rq.s.canSeeTeam(rq.p, t) })
}

func (rq *request) pathTeam() (*Team, error) {
	return rq.teamParam("team", rq.r.PathValue("team_gid"))
}

// canManageTeam reports whether the caller may change a team or its
// members: its service account or admins, or a (non-guest) team member.
func (s *Server) canManageTeam(p *principal, t *Team) bool {
	if s.isAdmin(p, t.OrganizationGID) {
		return true
	}
	m := s.st.teamMembership(t.GID, p.user.GID)
	return m != nil && !m.IsGuest && !m.IsLimitedAccess
}

// teamFields applies name, description and visibility from a write body.
func teamFields(b *body, t *Team, create bool) error {
	if err := b.name(create, &t.Name); err != nil {
		return err
	}
	if b.has("description") {
		d, err := b.str("description", false)
		if err != nil {
			return err
		}
		t.Description = d
	}
	if b.has("visibility") {
		v, err := b.str("visibility", false)
		if err != nil {
			return err
		}
		switch v {
		case VisibilitySecret, VisibilityRequestToJoin, VisibilityPublic:
			t.Visibility = v
		default:
			return badRequest("visibility", "Not a valid enum value: %q", v)
		}
	}
	return nil
}

// createTeam creates a team in an organization; the creator joins it as
// an admin (a service account does not join).
func (s *Server) createTeam(rq *request) reply {
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	orgGID, err := b.gid("organization", true)
	if err != nil {
		return rq.fail(err)
	}
	org, err := rq.workspaceParam("organization", orgGID)
	if err != nil {
		return rq.fail(err)
	}
	if !org.IsOrganization {
		return rq.fail(badRequest("organization", "Teams exist only in organizations"))
	}
	if s.isGuest(rq.p, org.GID) {
		return rq.fail(forbidden("Guests cannot create teams"))
	}
	t := &Team{OrganizationGID: org.GID, CreatedAt: rq.now}
	if err := teamFields(b, t, true); err != nil {
		return rq.fail(err)
	}
	settings, err := teamSettingsFrom(b)
	if err != nil {
		return rq.fail(err)
	}
	rq.st.insertTeam(t)
	rq.st.setTeamSettings(t.GID, settings)
	if !rq.p.serviceAccount() {
		s.addTeamMemberLocked(t.GID, rq.p.user.GID, MemberOptions{Admin: true})
	}
	return rq.created(s.kinds.team, t, "/teams/"+t.GID)
}

func (s *Server) getTeam(rq *request) reply {
	t, err := rq.pathTeam()
	if err != nil {
		return rq.fail(err)
	}
	return rq.one(s.kinds.team, t)
}

func (s *Server) updateTeam(rq *request) reply {
	t, err := rq.pathTeam()
	if err != nil {
		return rq.fail(err)
	}
	if !s.canManageTeam(rq.p, t) {
		return rq.fail(forbidden("Only team members and admins may update the team"))
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	next := *t
	if err := teamFields(b, &next, false); err != nil {
		return rq.fail(err)
	}
	settings, err := teamSettingsFrom(b)
	if err != nil {
		return rq.fail(err)
	}
	*t = next
	rq.st.setTeamSettings(t.GID, settings)
	return rq.one(s.kinds.team, t)
}

func (s *Server) getTeamsForWorkspace(rq *request) reply {
	ws, err := rq.pathWorkspace()
	if err != nil {
		return rq.fail(err)
	}
	if !ws.IsOrganization {
		return rq.fail(badRequest("workspace", "Teams exist only in organizations"))
	}
	p, err := rq.paginate(rq.st.teamsByOrg[ws.GID], func(g string) bool { return s.canSeeTeam(rq.p, rq.st.teams.get(g)) })
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(s.kinds.team, p)
}

// getTeamsForUser lists the teams a user belongs to in an organization.
func (s *Server) getTeamsForUser(rq *request) reply {
	u, err := rq.pathUser()
	if err != nil {
		return rq.fail(err)
	}
	orgGID, err := rq.queryGID("organization", true)
	if err != nil {
		return rq.fail(err)
	}
	if _, err := rq.workspaceParam("organization", orgGID); err != nil {
		return rq.fail(err)
	}
	p, err := rq.paginate(rq.st.teamMembersByUser[u.GID], func(g string) bool {
		t := rq.st.teams.get(rq.st.teamMemberships.get(g).TeamGID)
		return t.OrganizationGID == orgGID && s.canSeeTeam(rq.p, t)
	})
	if err != nil {
		return rq.fail(err)
	}
	return rq.listWith(s.kinds.team, p, func(g string) any { return rq.st.teams.get(rq.st.teamMemberships.get(g).TeamGID) })
}

// addUserForTeam adds a member of the organization to the team and
// answers the team membership.
func (s *Server) addUserForTeam(rq *request) reply {
	t, err := rq.pathTeam()
	if err != nil {
		return rq.fail(err)
	}
	if !s.canManageTeam(rq.p, t) {
		return rq.fail(forbidden("Only team members and admins may add team members"))
	}
	u, err := rq.bodyUser()
	if err != nil {
		return rq.fail(err)
	}
	m := rq.st.membership(t.OrganizationGID, u.GID)
	if m == nil || !m.IsActive {
		return rq.fail(forbidden("The user is not an active member of the team's organization"))
	}
	tm := rq.st.teamMembership(t.GID, u.GID)
	if tm == nil {
		tm = s.addTeamMemberLocked(t.GID, u.GID, MemberOptions{Guest: m.IsGuest})
	}
	return rq.one(s.kinds.teamMembership, tm)
}

func (s *Server) removeUserForTeam(rq *request) reply {
	t, err := rq.pathTeam()
	if err != nil {
		return rq.fail(err)
	}
	u, err := rq.bodyUser()
	if err != nil {
		return rq.fail(err)
	}
	// Anyone may leave a team; removing others takes a manager.
	if u.GID != rq.p.user.GID && !s.canManageTeam(rq.p, t) {
		return rq.fail(forbidden("Only team members and admins may remove team members"))
	}
	if !s.removeTeamMemberLocked(t.GID, u.GID) {
		return rq.fail(badRequest("user", "Not a member of the team: %s", u.GID))
	}
	return rq.empty()
}
