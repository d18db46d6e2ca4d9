package asanatest

import "slices"

// Custom field settings: the tag "Custom field settings" of the spec, and
// add/removeCustomFieldSetting on projects and portfolios. A setting puts
// a field on a container, in an order the container keeps; removing it
// from a project drops the field's values from the project's tasks that
// no other project of theirs carries it for, as Asana does.
func (s *Server) customFieldSettingRoutes() {
	s.handle("GET /projects/{project_gid}/custom_field_settings", s.getCustomFieldSettingsForProject)
	s.handle("POST /projects/{project_gid}/addCustomFieldSetting", s.addCustomFieldSettingForProject)
	s.handle("POST /projects/{project_gid}/removeCustomFieldSetting", s.removeCustomFieldSettingForProject)
	s.handle("GET /portfolios/{portfolio_gid}/custom_field_settings", s.getCustomFieldSettingsForPortfolio)
	s.handle("POST /portfolios/{portfolio_gid}/addCustomFieldSetting", s.addCustomFieldSettingForPortfolio)
	s.handle("POST /portfolios/{portfolio_gid}/removeCustomFieldSetting", s.removeCustomFieldSettingForPortfolio)
	s.handle("GET /teams/{team_gid}/custom_field_settings", s.getCustomFieldSettingsForTeam)
	s.handle("GET /goals/{goal_gid}/custom_field_settings", s.getCustomFieldSettingsForGoal)
}

// CustomFieldSetting puts a custom field on a project, portfolio, goal or
// team.
type CustomFieldSetting struct {
	GID            string
	ParentGID      string
	ParentType     string // project, portfolio, goal or team
	CustomFieldGID string
	IsImportant    bool
}

// settingOf is the setting of field cfGID on a container; nil when none.
func (cs *customFieldStore) settingOf(parentGID, cfGID string) *CustomFieldSetting {
	for _, g := range cs.settingsByParent[parentGID] {
		if set := cs.settings.get(g); set.CustomFieldGID == cfGID {
			return set
		}
	}
	return nil
}

// insertSetting adds a setting to its container at pos (-1: last).
func (cs *customFieldStore) insertSetting(st *state, set *CustomFieldSetting, pos int) *CustomFieldSetting {
	cs.settings.put(st.gidFor(&set.GID), set)
	list := cs.settingsByParent[set.ParentGID]
	if pos < 0 || pos > len(list) {
		pos = len(list)
	}
	cs.settingsByParent[set.ParentGID] = slices.Insert(slices.Clone(list), pos, set.GID)
	if set.ParentType == "project" {
		st.numberProject(set.ParentGID, cs.fields.get(set.CustomFieldGID))
	}
	return set
}

func (cs *customFieldStore) removeSetting(set *CustomFieldSetting) {
	cs.settingsByParent[set.ParentGID] = removeValue(slices.Clone(cs.settingsByParent[set.ParentGID]), set.GID)
	if len(cs.settingsByParent[set.ParentGID]) == 0 {
		delete(cs.settingsByParent, set.ParentGID)
	}
	cs.settings.remove(set.GID)
}

// removeParent drops every setting of a deleted container.
func (cs *customFieldStore) removeParent(parentGID string) {
	for _, g := range slices.Clone(cs.settingsByParent[parentGID]) {
		cs.removeSetting(cs.settings.get(g))
	}
}

// getCustomFieldSettingsForProject lists a project's settings in the
// project's order.
func (s *Server) getCustomFieldSettingsForProject(rq *request) reply {
	p, err := rq.pathProject()
	if err != nil {
		return rq.fail(err)
	}
	return s.listSettings(rq, p.GID)
}

// getCustomFieldSettingsForTeam lists a team's settings. The API has no
// route to add one: they come from seeding (AddCustomFieldSetting). The
// spec declares no pagination here, so the list is capped, not paged.
func (s *Server) getCustomFieldSettingsForTeam(rq *request) reply {
	t, err := rq.pathTeam()
	if err != nil {
		return rq.fail(err)
	}
	pg, err := rq.paginateCapped(customFields(rq.st).settingsByParent[t.GID], nil)
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(s.kinds.customFieldSetting, pg)
}

// addCustomFieldSettingForProject puts a field of the project's workspace
// on the project: last, or before or after another of its settings.
func (s *Server) addCustomFieldSettingForProject(rq *request) reply {
	p, err := rq.editableProject()
	if err != nil {
		return rq.fail(err)
	}
	set, err := s.addSettingLocked(rq, p.GID, "project", p.WorkspaceGID)
	if err != nil {
		return rq.fail(err)
	}
	p.ModifiedAt = rq.now
	return rq.one(s.kinds.customFieldSetting, set)
}

// addSettingLocked reads an addCustomFieldSetting body for a container of
// workspace wsGID and adds the setting.
func (s *Server) addSettingLocked(rq *request, parentGID, parentType, wsGID string) (*CustomFieldSetting, error) {
	b, err := rq.body()
	if err != nil {
		return nil, err
	}
	cs := customFields(rq.st)
	var cf *CustomField
	if raw, ok := b.field("custom_field"); ok && len(raw) > 0 && raw[0] == '{' {
		// The object form creates the field in the container's workspace.
		nb, err := objectBody(raw, "custom_field")
		if err != nil {
			return nil, err
		}
		if g, err := nb.gid("workspace", false); err != nil || g != "" && g != wsGID {
			return nil, badRequest("custom_field", "The new custom field must be in workspace %s", wsGID)
		}
		if cf, err = s.newCustomFieldLocked(rq, nb, rq.st.workspaces.get(wsGID)); err != nil {
			return nil, err
		}
	} else {
		g, err := b.gid("custom_field", true)
		if err != nil {
			return nil, err
		}
		if cf, err = rq.customFieldParam("custom_field", g); err != nil {
			return nil, err
		}
		if cf.WorkspaceGID != wsGID {
			return nil, badRequest("custom_field", "Custom field %s is not in the %s's workspace", g, parentType)
		}
		if cs.settingOf(parentGID, g) != nil {
			return nil, badRequest("custom_field", "Custom field %s is already on this %s", g, parentType)
		}
	}
	important, err := b.boolean("is_important", false)
	if err != nil {
		return nil, err
	}
	pos, err := settingPosition(b, cs, parentGID)
	if err != nil {
		return nil, err
	}
	return cs.insertSetting(rq.st, &CustomFieldSetting{ParentGID: parentGID, ParentType: parentType, CustomFieldGID: cf.GID, IsImportant: important}, pos), nil
}

// settingPosition reads insert_before/insert_after (setting GIDs of the
// container) into a position; -1 (last) when neither is given.
func settingPosition(b *body, cs *customFieldStore, parentGID string) (int, error) {
	bg, err := b.gid("insert_before", false)
	if err != nil {
		return 0, err
	}
	ag, err := b.gid("insert_after", false)
	if err != nil {
		return 0, err
	}
	if bg != "" && ag != "" {
		return 0, badRequest("insert_before", "Cannot be provided together with insert_after")
	}
	anchor, name := bg, "insert_before"
	if anchor == "" {
		anchor, name = ag, "insert_after"
	}
	if anchor == "" {
		return -1, nil
	}
	i := slices.Index(cs.settingsByParent[parentGID], anchor)
	if i < 0 {
		return 0, badRequest(name, "Custom field setting %s is not on this container", anchor)
	}
	if anchor == ag {
		i++
	}
	return i, nil
}

// removeCustomFieldSettingForProject takes a field off a project and drops
// its values from tasks that no other project of theirs carries it for.
func (s *Server) removeCustomFieldSettingForProject(rq *request) reply {
	p, err := rq.editableProject()
	if err != nil {
		return rq.fail(err)
	}
	g, err := s.removeSettingLocked(rq, p.GID, "project")
	if err != nil {
		return rq.fail(err)
	}
	for _, tg := range rq.st.projectTasks[p.GID].tasks() {
		if t := rq.st.tasks.get(tg); t != nil && valueOf(t.CustomFields, g) != nil && !rq.st.onProjects(t.Memberships, g) {
			t.CustomFields = withoutValue(t.CustomFields, g)
			t.ModifiedAt = rq.now
		}
	}
	p.ModifiedAt = rq.now
	return rq.empty()
}

// removeSettingLocked reads a removeCustomFieldSetting body and removes
// the field's setting from the container; it returns the field's GID.
func (s *Server) removeSettingLocked(rq *request, parentGID, parentType string) (string, error) {
	b, err := rq.body()
	if err != nil {
		return "", err
	}
	g, err := b.gid("custom_field", true)
	if err != nil {
		return "", err
	}
	if _, err := rq.customFieldParam("custom_field", g); err != nil {
		return "", err
	}
	cs := customFields(rq.st)
	set := cs.settingOf(parentGID, g)
	if set == nil {
		return "", badRequest("custom_field", "Custom field %s is not on this %s", g, parentType)
	}
	cs.removeSetting(set)
	return g, nil
}

// getCustomFieldSettingsForPortfolio lists a portfolio's settings in the
// portfolio's order.
func (s *Server) getCustomFieldSettingsForPortfolio(rq *request) reply {
	pf, err := rq.pathPortfolio()
	if err != nil {
		return rq.fail(err)
	}
	return s.listSettings(rq, pf.GID)
}

// addCustomFieldSettingForPortfolio puts a field on a portfolio (editors
// and admins). Asana shows a portfolio's fields on its projects' rows;
// the fake's projects take values of any field of their workspace, so
// adding or removing one changes no project.
func (s *Server) addCustomFieldSettingForPortfolio(rq *request) reply {
	pf, err := rq.editablePortfolio(false)
	if err != nil {
		return rq.fail(err)
	}
	set, err := s.addSettingLocked(rq, pf.GID, "portfolio", pf.WorkspaceGID)
	if err != nil {
		return rq.fail(err)
	}
	pf.ModifiedAt = rq.now
	return rq.one(s.kinds.customFieldSetting, set)
}

func (s *Server) removeCustomFieldSettingForPortfolio(rq *request) reply {
	pf, err := rq.editablePortfolio(false)
	if err != nil {
		return rq.fail(err)
	}
	if _, err := s.removeSettingLocked(rq, pf.GID, "portfolio"); err != nil {
		return rq.fail(err)
	}
	pf.ModifiedAt = rq.now
	return rq.empty()
}

// getCustomFieldSettingsForGoal lists a goal's settings in the goal's
// order.
func (s *Server) getCustomFieldSettingsForGoal(rq *request) reply {
	g, err := rq.pathGoal()
	if err != nil {
		return rq.fail(err)
	}
	return s.listSettings(rq, g.GID)
}

// addCustomFieldSettingForGoal puts a field on a goal (those who may edit
// it).
func (s *Server) addCustomFieldSettingForGoal(rq *request) reply {
	g, err := rq.editableGoal()
	if err != nil {
		return rq.fail(err)
	}
	set, err := s.addSettingLocked(rq, g.GID, "goal", g.WorkspaceGID)
	if err != nil {
		return rq.fail(err)
	}
	g.ModifiedAt = rq.now
	return rq.one(s.kinds.customFieldSetting, set)
}

func (s *Server) removeCustomFieldSettingForGoal(rq *request) reply {
	g, err := rq.editableGoal()
	if err != nil {
		return rq.fail(err)
	}
	if _, err := s.removeSettingLocked(rq, g.GID, "goal"); err != nil {
		return rq.fail(err)
	}
	g.ModifiedAt = rq.now
	return rq.empty()
}

// listSettings pages a container's settings in its order.
func (s *Server) listSettings(rq *request, parentGID string) reply {
	pg, err := rq.paginateOrdered(customFields(rq.st).settingsByParent[parentGID], nil)
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(s.kinds.customFieldSetting, pg)
}

// copySettings gives a duplicated container the settings of its source,
// in order, as Asana's project duplication does.
func (cs *customFieldStore) copySettings(st *state, fromGID, toGID string) {
	for _, g := range slices.Clone(cs.settingsByParent[fromGID]) {
		set := *cs.settings.get(g)
		set.GID, set.ParentGID = "", toGID
		cs.insertSetting(st, &set, -1)
	}
}
