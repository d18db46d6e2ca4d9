package asanatest

import (
	"strconv"
	"strings"
)

// Custom ID fields: a custom field created with an id_prefix ("ENG")
// numbers the tasks that carry it, ENG-1, ENG-2, ..., and
// GET /workspaces/{workspace_gid}/tasks/custom_id/{custom_id} finds a task
// by that ID. A task gets its number when it gains the field (created in
// or added to a project with the setting, or in the project when the
// setting is added); the number is the value's Number, and the value is
// read-only. Guesses: a task that loses the field loses its number and
// gets a new one if it gains the field again; prefixes are 1 to 10
// letters or digits, upper-cased, unique per workspace.

const maxIDPrefix = 10

// checkIDPrefix normalises a prefix; "" when it is not valid.
func checkIDPrefix(p string) string {
	p = strings.ToUpper(strings.TrimSpace(p))
	if p == "" || len(p) > maxIDPrefix {
		return ""
	}
	for _, r := range p {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return ""
		}
	}
	return p
}

// prefixTaken reports whether another field of the workspace has prefix p.
func (cs *customFieldStore) prefixTaken(wsGID, p string) bool {
	for _, g := range cs.byWorkspace[wsGID] {
		if cs.fields.get(g).IDPrefix == p {
			return true
		}
	}
	return false
}

// customIDOf is the display form of a task's number in a custom ID field.
func customIDOf(cf *CustomField, n float64) string {
	return cf.IDPrefix + "-" + strconv.FormatFloat(n, 'f', 0, 64)
}

// numberTask gives t the next number of every custom ID field its
// projects carry and it has no number of yet.
func (st *state) numberTask(t *Task) {
	cs := customFields(st)
	if len(cs.settingsByParent) == 0 {
		return
	}
	for _, m := range t.Memberships {
		for _, sg := range cs.settingsByParent[m.ProjectGID] {
			if cf := cs.fields.get(cs.settings.get(sg).CustomFieldGID); cf.IDPrefix != "" {
				st.numberTaskIn(t, cf)
			}
		}
	}
}

func (st *state) numberTaskIn(t *Task, cf *CustomField) {
	if valueOf(t.CustomFields, cf.GID) != nil {
		return
	}
	cf.lastCustomID++
	t.CustomFields = withValue(t.CustomFields, CustomFieldValue{CustomFieldGID: cf.GID, Number: float64(cf.lastCustomID)})
}

// numberProject numbers the tasks of a project that just gained the
// setting of field cf (in creation order).
func (st *state) numberProject(projectGID string, cf *CustomField) {
	if cf.IDPrefix == "" {
		return
	}
	for _, g := range st.tasks.order {
		if t := st.tasks.get(g); t != nil && inProject(t, projectGID) {
			st.numberTaskIn(t, cf)
		}
	}
}

// getTaskForCustomID finds the task of a workspace by its custom ID.
func (s *Server) getTaskForCustomID(rq *request) reply {
	ws, err := rq.pathWorkspace()
	if err != nil {
		return rq.fail(err)
	}
	id := rq.r.PathValue("custom_id")
	t := rq.st.taskByCustomID(ws.GID, id)
	if t == nil {
		return rq.fail(notFound("custom_id", id))
	}
	if !s.canSeeTask(rq.p, t) {
		return rq.fail(forbidden(""))
	}
	return rq.one(s.kinds.task, t)
}

// taskByCustomID resolves "PREFIX-N" (the prefix in any case); nil when no
// live task of the workspace has that ID.
func (st *state) taskByCustomID(wsGID, id string) *Task {
	i := strings.LastIndexByte(id, '-')
	if i < 0 {
		return nil
	}
	prefix := checkIDPrefix(id[:i])
	n, err := strconv.Atoi(id[i+1:])
	if prefix == "" || err != nil || n < 1 || strconv.Itoa(n) != id[i+1:] {
		return nil
	}
	cs := customFields(st)
	var cf *CustomField
	for _, g := range cs.byWorkspace[wsGID] {
		if f := cs.fields.get(g); f.IDPrefix == prefix {
			cf = f
		}
	}
	if cf == nil {
		return nil
	}
	for _, g := range st.tasks.order {
		t := st.liveTask(g)
		if t == nil || t.WorkspaceGID != wsGID {
			continue
		}
		if v := valueOf(t.CustomFields, cf.GID); v != nil && v.Number == float64(n) {
			return t
		}
	}
	return nil
}

// bodyIDPrefix reads a create body's id_prefix, which makes the field a
// custom ID field.
func (rq *request) bodyIDPrefix(b *body, cf *CustomField) error {
	if !b.has("id_prefix") {
		return nil
	}
	raw, err := b.str("id_prefix", false)
	if err != nil || raw == "" {
		return err
	}
	p := checkIDPrefix(raw)
	if p == "" {
		return badRequest("id_prefix", "Must be 1 to %d letters or digits: %q", maxIDPrefix, truncate(raw, 40))
	}
	if customFields(rq.st).prefixTaken(cf.WorkspaceGID, p) {
		return badRequest("id_prefix", "A custom field with the ID prefix %q already exists in this workspace", p)
	}
	cf.IDPrefix = p
	return nil
}
