package asanatest

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"html"
	"slices"
	"strconv"
	"strings"
	"time"
)

// What resource and graph exports contain (exports.go), rendered with the
// full default fields of each kind or a resource export's fields.

func joinFields(fields []string) string { return strings.Join(fields, ",") }

// orEmpty renders a nil list as [].
func orEmpty(xs []any) []any {
	if xs == nil {
		return []any{}
	}
	return xs
}

// exportFilter is one export_request_parameters entry's filters.
type exportFilter struct {
	after, before map[string]time.Time // created_at, modified_at
	users         map[string][]string  // assignee, created_by, followers, commented_on_by
	empty         bool
}

// exportFilterUsers are the user filters the fake applies, per resource
// type; assigned_by.any and liked_by.any (which the fake does not record)
// and any filter on teams answer 400.
var exportFilterUsers = map[string][]string{
	"task":    {"assignee.any", "created_by.any", "followers.any", "commented_on_by.any"},
	"message": {"created_by.any"},
}

func checkExportFilters(at string, p ExportParam) error {
	_, err := parseExportFilter(at, p)
	return err
}

func parseExportFilter(at string, p ExportParam) (exportFilter, error) {
	f := exportFilter{after: map[string]time.Time{}, before: map[string]time.Time{}, users: map[string][]string{}, empty: len(p.Filters) == 0}
	if !f.empty && p.ResourceType == "team" {
		return f, badRequest(at+".filters", "Filtering is not supported for teams")
	}
	for key, raw := range p.Filters {
		name := at + ".filters." + key
		field, op, _ := strings.Cut(key, ".")
		switch {
		case (field == "created_at" || field == "modified_at") && (op == "after" || op == "before"):
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				return f, badRequest(name, "Not a date-time")
			}
			t, err := parseDateTime(name, s)
			if err != nil {
				return f, err
			}
			if op == "after" {
				f.after[field] = t
			} else {
				f.before[field] = t
			}
		case slices.Contains(exportFilterUsers[p.ResourceType], key):
			var gids []string
			if err := json.Unmarshal(raw, &gids); err != nil || len(gids) == 0 {
				return f, badRequest(name, "Not a list of user gids")
			}
			f.users[field] = gids
		default:
			return f, badRequest(name, "Not a filter the fake supports for %s", p.ResourceType)
		}
	}
	return f, nil
}

// timesOK reports whether created and modified fall in the filter's ranges.
func (f exportFilter) timesOK(created, modified time.Time) bool {
	at := map[string]time.Time{"created_at": created, "modified_at": modified}
	for k, t := range f.after {
		if !at[k].After(t) {
			return false
		}
	}
	for k, t := range f.before {
		if !at[k].Before(t) {
			return false
		}
	}
	return true
}

// anyUser reports whether the filter on field is absent or one of its
// users is in have.
func (f exportFilter) anyUser(field string, have ...string) bool {
	want, ok := f.users[field]
	if !ok {
		return true
	}
	return slices.ContainsFunc(have, func(g string) bool { return slices.Contains(want, g) })
}

// exportEncoder renders records into a gzipped stream.
type exportEncoder struct {
	v   *view
	buf bytes.Buffer
	zw  *gzip.Writer
	err error
}

func (s *Server) newExportEncoder(origin string) *exportEncoder {
	e := &exportEncoder{v: &view{s: s, st: s.st, kinds: s.kinds, base: origin}}
	e.zw = gzip.NewWriter(&e.buf)
	return e
}

func (e *exportEncoder) render(k *kind, rec any, sel selection) object {
	if e.err != nil {
		return object{}
	}
	o, err := e.v.project(k, rec, sel, k.full)
	e.err = err
	return o
}

func (e *exportEncoder) done() ([]byte, error) {
	if e.err != nil {
		return nil, e.err
	}
	if err := e.zw.Close(); err != nil {
		return nil, err
	}
	return e.buf.Bytes(), nil
}

// exportExtras are the fields an export adds to a kind (they are not the
// kind's own, so they leave the selection before projecting).
var exportExtras = map[string][]string{"task": {"attachments", "stories"}, "team": {"members"}}

// exportSelection splits a parameter's fields into the kind's selection
// (nil: full defaults) and whether each extra is wanted (all of them
// without fields).
func exportSelection(p ExportParam) (selection, map[string]bool) {
	want := map[string]bool{}
	var rest []string
	for _, f := range p.Fields {
		if slices.Contains(exportExtras[p.ResourceType], f) {
			want[f] = true
		} else {
			rest = append(rest, f)
		}
	}
	if len(p.Fields) == 0 {
		for _, x := range exportExtras[p.ResourceType] {
			want[x] = true
		}
		return nil, want
	}
	sel, _ := parseOptFields([]string{joinFields(rest)}) // checked at creation
	if sel == nil {
		sel, _ = parseOptFields([]string{"gid"})
	}
	return sel, want
}

// resourceExportBody renders a resource export as gzipped JSON Lines: for
// each parameter in turn, the workspace's objects of its resource type
// that pass its filters (an object may repeat across parameters, as
// documented). Call with s.mu held.
func (s *Server) resourceExportBody(x *ObjectExport, origin string) ([]byte, error) {
	e := s.newExportEncoder(origin)
	enc := json.NewEncoder(e.zw)
	emit := func(o object) {
		if e.err == nil {
			e.err = enc.Encode(o)
		}
	}
	for i, p := range x.Params {
		f, err := parseExportFilter("export_request_parameters["+strconv.Itoa(i)+"]", p)
		if err != nil {
			return nil, err
		}
		sel, want := exportSelection(p)
		switch p.ResourceType {
		case "task":
			for _, t := range s.exportTasks(x.WorkspaceGID, f) {
				emit(e.exportTask(t, sel, want))
			}
		case "team":
			for _, tg := range s.st.teamsByOrg[x.WorkspaceGID] {
				o := e.render(s.kinds.team, s.st.teams.get(tg), sel)
				if want["members"] {
					var members []any
					for _, mg := range s.st.teamMembersByTeam[tg] {
						members = append(members, e.render(s.kinds.user, s.st.users.get(s.st.teamMemberships.get(mg).UserGID), nil))
					}
					o.set("members", orEmpty(members))
				}
				emit(o)
			}
		case "message":
			for _, u := range s.exportMessages(x.WorkspaceGID, f) {
				emit(e.exportMessage(u, p.Fields))
			}
		}
	}
	return e.done()
}

// exportTasks are the workspace's live tasks that pass the filter.
func (s *Server) exportTasks(wsGID string, f exportFilter) []*Task {
	var out []*Task
	for _, g := range s.st.tasks.order {
		t := s.st.tasks.get(g)
		if t.Deleted || t.WorkspaceGID != wsGID || !f.timesOK(t.CreatedAt, t.ModifiedAt) ||
			!f.anyUser("assignee", t.AssigneeGID) || !f.anyUser("created_by", t.CreatedByGID) ||
			!f.anyUser("followers", t.FollowerGIDs...) || !f.anyUser("commented_on_by", s.commenters(g)...) {
			continue
		}
		out = append(out, t)
	}
	return out
}

// commenters are the authors of a task's comments.
func (s *Server) commenters(taskGID string) []string {
	var out []string
	for _, sg := range s.st.taskStories[taskGID] {
		if st := s.st.stories.get(sg); st != nil && st.ResourceSubtype == "comment_added" {
			out = append(out, st.CreatedByGID)
		}
	}
	return out
}

// exportTask renders a task with its attachments (without their URLs, as
// documented) and stories.
func (e *exportEncoder) exportTask(t *Task, sel selection, want map[string]bool) object {
	st, k := e.v.st, e.v.kinds
	o := e.render(k.task, t, sel)
	if want["attachments"] {
		fields := slices.DeleteFunc(slices.Clone(k.attachment.full), func(f string) bool { return f == "download_url" || f == "view_url" })
		var atts []any
		for _, ag := range st.taskAttachments[t.GID] {
			if e.err == nil {
				a, err := e.v.project(k.attachment, st.attachments.get(ag), nil, fields)
				e.err = err
				atts = append(atts, a)
			}
		}
		o.set("attachments", orEmpty(atts))
	}
	if want["stories"] {
		fields := exportStoryFields(k.story)
		var stories []any
		for _, sg := range st.taskStories[t.GID] {
			if e.err == nil {
				s, err := e.v.project(k.story, st.stories.get(sg), nil, fields)
				e.err = err
				stories = append(stories, s)
			}
		}
		o.set("stories", orEmpty(stories))
	}
	return o
}

// exportStoryExtras are the fields of Asana's full story record
// (StoryResponse) beyond the fake's default ones that an export's stories
// carry: the export renders whole records.
var exportStoryExtras = []string{"num_likes", "liked", "hearted", "previews", "source", "sticker_name"}

// exportStoryFields are the fields of an exported story: the kind's
// defaults and exportStoryExtras.
func exportStoryFields(k *kind) []string {
	fields := slices.Clone(k.full)
	for _, f := range exportStoryExtras {
		if _, ok := k.fields[f]; ok && !slices.Contains(fields, f) {
			fields = append(fields, f)
		}
	}
	return fields
}

// exportMessages are the workspace's status updates that pass the filter:
// the fake's only messages.
func (s *Server) exportMessages(wsGID string, f exportFilter) []*StatusUpdate {
	us := statusUpdates(s.st)
	var out []*StatusUpdate
	for _, g := range us.updates.order {
		u := us.updates.get(g)
		if s.parentWorkspace(u.ParentGID) == wsGID && f.timesOK(u.CreatedAt, u.ModifiedAt) && f.anyUser("created_by", u.AuthorGID) {
			out = append(out, u)
		}
	}
	return out
}

// parentWorkspace is the workspace of a project, portfolio or goal.
func (s *Server) parentWorkspace(g string) string {
	if p := s.st.projects.get(g); p != nil {
		return p.WorkspaceGID
	}
	if pf := portfolios(s.st).portfolios.get(g); pf != nil {
		return pf.WorkspaceGID
	}
	if gl := goals(s.st).goals.get(g); gl != nil {
		return gl.WorkspaceGID
	}
	return ""
}

// messageFields are a message's default fields, in the documented order.
var messageFields = []string{"gid", "resource_type", "resource_subtype", "status_type", "created_by", "created_at",
	"modified_at", "title", "text", "num_likes", "likes", "parents"}

// exportMessage renders a status update in the documented message shape,
// limited to fields when given (html_notes only then).
func (e *exportEncoder) exportMessage(u *StatusUpdate, fields []string) object {
	v := e.v
	author := v.refTo(v.kinds.user, u.AuthorGID)
	parents := []any{}
	for _, k := range []*kind{v.kinds.project, portfolioKind, v.kinds.goal} {
		if r := k.lookup(v.st, u.ParentGID); r != nil {
			parents = append(parents, ref{k: k, rec: r})
			break
		}
	}
	vals := map[string]any{"gid": u.GID, "resource_type": "message", "resource_subtype": "status_update",
		"status_type": u.StatusType, "created_by": author, "created_at": u.CreatedAt, "modified_at": u.ModifiedAt,
		"title": u.Title, "text": u.Text, "num_likes": 0, "likes": []any{}, "parents": parents,
		"html_notes": "<body>" + html.EscapeString(u.Text) + "</body>", "stories": []any{}, "attachments": []any{}, "followers": []any{}}
	want := messageFields
	if len(fields) > 0 {
		want = append([]string{"gid"}, fields...)
	}
	var o object
	for _, f := range want {
		if val, ok := vals[f]; ok && !slices.Contains(o.keys, f) {
			o.set(f, val)
		}
	}
	return o
}

// graphExportBody renders a graph export as one gzipped JSON document,
// {"data": [...]}: the parent, then what hangs off it (a project's
// sections and live tasks; a team's projects; a portfolio's items; a
// goal's supporting resources), each once, with its kind's full fields.
// Call with s.mu held.
func (s *Server) graphExportBody(x *ObjectExport, origin string) ([]byte, error) {
	e := s.newExportEncoder(origin)
	var data []any
	seen := map[string]bool{}
	var walk func(g string)
	walk = func(g string) {
		if seen[g] || e.err != nil {
			return
		}
		seen[g] = true
		st, k := s.st, s.kinds
		switch {
		case st.projects.get(g) != nil:
			p := st.projects.get(g)
			data = append(data, e.render(k.project, p, nil))
			for _, sg := range p.SectionGIDs {
				data = append(data, e.render(k.section, st.sections.get(sg), nil))
			}
			if o := st.projectTasks[g]; o != nil {
				for _, tg := range o.tasks() {
					if t := st.liveTask(tg); t != nil && !seen[tg] {
						seen[tg] = true
						data = append(data, e.render(k.task, t, nil))
					}
				}
			}
		case st.teams.get(g) != nil:
			data = append(data, e.render(k.team, st.teams.get(g), nil))
			for _, pg := range st.projectsByWS[st.teams.get(g).OrganizationGID] {
				if st.projects.get(pg).TeamGID == g {
					walk(pg)
				}
			}
		case portfolios(st).portfolios.get(g) != nil:
			pf := portfolios(st).portfolios.get(g)
			data = append(data, e.render(portfolioKind, pf, nil))
			for _, ig := range pf.ItemGIDs {
				walk(ig)
			}
		case goals(st).goals.get(g) != nil:
			data = append(data, e.render(k.goal, goals(st).goals.get(g), nil))
			gs := goals(st)
			for _, rg := range gs.relOrder[g] {
				if r := gs.rels.get(rg); r != nil {
					walk(r.SupportingGID)
				}
			}
		case st.liveTask(g) != nil:
			data = append(data, e.render(k.task, st.liveTask(g), nil))
		}
	}
	walk(x.ParentGID)
	if e.err == nil {
		e.err = json.NewEncoder(e.zw).Encode(map[string]any{"data": orEmpty(data)})
	}
	return e.done()
}
