package asanatest

// The writable fields of a goal (the spec's GoalRequest and
// GoalUpdateRequest).

// goalStatuses are the values of a goal's status.
var goalStatuses = []string{"green", "yellow", "red", "achieved", "partial", "missed", "dropped"}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// goalFields applies the writable fields of a GoalRequest or
// GoalUpdateRequest to g.
func (rq *request) goalFields(b *body, g *Goal, ws *Workspace, create bool) error {
	if err := b.name(create, &g.Name); err != nil {
		return err
	}
	notes, err := notesField(b, "notes", "html_notes")
	if err != nil {
		return err
	}
	if notes != nil {
		g.Notes = *notes
	}
	for _, d := range []struct {
		name string
		dst  *string
	}{{"due_on", &g.DueOn}, {"start_on", &g.StartOn}} {
		v, set, err := b.date(d.name)
		if err != nil {
			return err
		}
		if set {
			*d.dst = v
		}
	}
	if g.StartOn != "" && g.DueOn != "" && g.StartOn > g.DueOn {
		return badRequest("start_on", "Must not be after due_on")
	}
	if g.IsWorkspaceLevel, err = b.boolean("is_workspace_level", g.IsWorkspaceLevel); err != nil {
		return err
	}
	if b.has("team") {
		tg, err := b.gid("team", false)
		if err != nil {
			return err
		}
		team := ""
		if tg != "" {
			t, err := rq.teamParam("team", tg)
			if err != nil {
				return err
			}
			if t.OrganizationGID != ws.GID {
				return badRequest("team", "Not a team of workspace %s", ws.GID)
			}
			team = t.GID
		}
		g.TeamGID = team // updateGoal moves the index with setTeam
	}
	switch {
	case !ws.IsOrganization && g.TeamGID != "":
		return badRequest("team", "Teams exist only in organizations")
	case ws.IsOrganization && g.TeamGID == "" && !g.IsWorkspaceLevel:
		return badRequest("team", "A goal that is not workspace-level needs a team")
	}
	if b.has("time_period") {
		pg, err := b.gid("time_period", false)
		if err != nil {
			return err
		}
		g.TimePeriodGID = ""
		if pg != "" {
			p, err := rq.timePeriodParam("time_period", pg)
			if err != nil {
				return err
			}
			if p.WorkspaceGID != ws.GID {
				return badRequest("time_period", "Not a time period of workspace %s", ws.GID)
			}
			g.TimePeriodGID = p.GID
		}
	}
	if b.has("owner") {
		v, err := b.str("owner", false)
		if err != nil {
			if v, err = b.gid("owner", false); err != nil {
				return err
			}
		}
		g.OwnerGID = ""
		if v != "" {
			u, err := rq.userParam("owner", v)
			if err != nil {
				return err
			}
			if !rq.st.activeMember(ws.GID, u.GID) && !(u.ServiceAccount && u.ServiceAccountOrg == ws.GID) {
				return badRequest("owner", "Not a member of the workspace: %s", u.GID)
			}
			g.OwnerGID = u.GID
		}
	}
	if b.has("liked") {
		liked, err := b.boolean("liked", false)
		if err != nil {
			return err
		}
		if liked {
			g.LikedBy = appendUnique(g.LikedBy, rq.p.user.GID)
		} else {
			g.LikedBy = removeValue(g.LikedBy, rq.p.user.GID)
		}
	}
	return nil
}
