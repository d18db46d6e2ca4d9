package export

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/internal/applog"
)

// Restore re-creates a snapshot in an organization (an empty one, say):
// teams with their access settings and members; custom field definitions (matched by name, or created with their
// enum options) and tags (matched by name, or created); projects with
// their sections, custom field settings, members with access levels and
// briefs; tasks with subtasks, assignees and followers, tags, custom field
// values, rich text, dates and dependencies; comments with their rich text
// and pins; the tasks only in someone's My Tasks, My Tasks sections and
// placement; portfolios with items, members and custom field settings;
// goals with metrics and relationships; status updates; and attachments,
// their files uploaded again when the snapshot holds them
// (AttachmentsContent). People are matched by email with the
// organization's users; a task whose assignee has no match stays
// unassigned. Archived projects are archived once their tasks are in.
//
// Written as the token's user, the only way the API allows: comments and
// status updates (their author and time are the restore's). The token's
// user also follows what it creates and owns the portfolios it creates.
//
// Restore is idempotent: a journal maps every old gid to the new one as
// it is created, so a restore that was interrupted continues where it
// stopped and a finished one creates nothing more. An object whose create
// was sent but not journaled (the process died in between) is found again
// by name in its container instead of being created twice (for kinds that
// have no name, memberships, status updates and attachments, it may be
// created again).
//
// What Restore does not re-create: users (people are invited, not
// created), team admins, system stories, likes, times and authors,
// webhooks and templates, time tracked, custom types, and the rich text of
// status updates (the README lists every field).
type Restore struct {
	// Client writes to the target organization.
	Client *asana.Client
	// Organization is the gid of the target organization.
	Organization string
	// Snapshot is the snapshot directory to restore.
	Snapshot string
	// Journal is the journal file; default Snapshot + ".restore-<org>.jsonl"
	// beside the snapshot directory.
	Journal string
}

// RestoreResult counts what a restore did.
type RestoreResult struct {
	// Created counts new objects by kind; Existing those the journal (or
	// a search after an interrupted create) already had.
	Created, Existing map[string]int
	// UnmatchedAssignees counts tasks left unassigned because no user of
	// the organization has the assignee's email.
	UnmatchedAssignees int
}

// journalEntry is a line of the restore journal. Pending marks a create
// about to be sent; the entry with New set follows once it succeeded.
type journalEntry struct {
	Kind    string `json:"kind"`
	Old     string `json:"old"`
	New     string `json:"new,omitempty"`
	Pending bool   `json:"pending,omitempty"`
}

type restorer struct {
	*Restore
	res     *RestoreResult
	snap    *os.Root // the snapshot directory
	journal *applog.Log
	mapped  map[string]string // kind:old -> new
	pending map[string]bool   // kind:old sent but not journaled
	used    map[string]bool   // new gids in the journal
	emails  map[string]string // backup user gid -> email
	users   map[string]string // email -> target user gid
	// fieldDefs are the snapshot's custom field definitions by gid.
	fieldDefs map[string]customFieldRecord
	// deps are the dependencies of restored tasks, set once every task is.
	deps map[string][]ref
	// disabled are the target's enum options to disable at the end.
	disabled []string
	// assignees are the assignees of the snapshot's tasks, old task gid
	// -> old user gid, for My Tasks placement.
	assignees map[string]string
}

// Run restores the snapshot. It may be called again after an error.
//
// The snapshot is untrusted input: it must pass Verify first, every file
// is read as Verify reads it (regular files only, no links, lines of at
// most 16 MiB), and a gid in it or in the journal that is not an Asana
// gid is an error.
func (r *Restore) Run(ctx context.Context) (*RestoreResult, error) {
	if r.Client == nil || r.Organization == "" || r.Snapshot == "" {
		return nil, errors.New("export: Restore needs a Client, an Organization and a Snapshot")
	}
	if err := checkGID("organization", r.Organization); err != nil {
		return nil, err
	}
	snap, err := os.OpenRoot(r.Snapshot)
	if err != nil {
		return nil, err
	}
	defer snap.Close()
	if _, err := verifyRoot(snap, r.Snapshot); err != nil {
		return nil, err
	}
	path := r.Journal
	if path == "" {
		path = filepath.Clean(r.Snapshot) + ".restore-" + r.Organization + ".jsonl"
	}
	name := filepath.Base(path)
	if err := checkName(name); err != nil {
		return nil, fmt.Errorf("export: restore journal: %w", err)
	}
	dir, err := os.OpenRoot(filepath.Dir(path))
	if err != nil {
		return nil, err
	}
	defer dir.Close()
	rs := &restorer{Restore: r, res: &RestoreResult{Created: map[string]int{}, Existing: map[string]int{}}, snap: snap,
		mapped: map[string]string{}, pending: map[string]bool{}, used: map[string]bool{},
		emails: map[string]string{}, users: map[string]string{}, fieldDefs: map[string]customFieldRecord{},
		deps: map[string][]ref{}, assignees: map[string]string{}}
	if err := rs.openJournal(dir, name); err != nil {
		return nil, err
	}
	defer rs.journal.Close()
	return rs.res, rs.run(ctx)
}

// journalKinds are the kinds a journal maps.
var journalKinds = map[string]bool{"team": true, "project": true, "section": true, "task": true, "comment": true,
	"custom_field": true, "enum_option": true, "tag": true, "membership": true, "portfolio": true, "goal": true,
	"goal_relationship": true, "status_update": true, "attachment": true, "project_brief": true,
	"custom_field_setting": true, "team_membership": true}

// openJournal opens the journal name of dir (creating it), an applog:
// a last line cut short by a crash is no record and is cut off, a whole
// line that does not decode is skipped (journals written before the
// applog began every record with a newline, leaving empty lines), and a
// whole line naming an unknown kind or a gid that is not an Asana gid is
// an error.
func (rs *restorer) openJournal(dir *os.Root, name string) error {
	f, err := dir.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		f, _, err = openFile(dir, name, os.O_RDWR)
	}
	if err != nil {
		return err
	}
	var off int64
	l, err := applog.Open(f, maxLineBytes, func(line []byte) error {
		at := off
		off += int64(len(line))
		var e journalEntry
		if json.Unmarshal(line, &e) != nil {
			return nil
		}
		err := checkGID(e.Kind, e.Old)
		if err == nil && !e.Pending {
			err = checkGID(e.Kind, e.New)
		}
		if err == nil && !journalKinds[e.Kind] {
			err = fmt.Errorf("unknown kind %.40q", e.Kind)
		}
		if err != nil {
			return fmt.Errorf("line at byte %d: %w", at, err)
		}
		key := e.Kind + ":" + e.Old
		if e.Pending {
			rs.pending[key] = true
			return nil
		}
		delete(rs.pending, key)
		rs.mapped[key], rs.used[e.New] = e.New, true
		return nil
	})
	if err != nil {
		return fmt.Errorf("export: restore journal %s: %w", name, err)
	}
	rs.journal = l
	return nil
}

func (rs *restorer) record(e journalEntry) error { return rs.journal.Append(e) }

// ensure returns the new gid of kind:old, creating it if needed. find
// looks in the target for an object created by an interrupted run (a name
// match not yet in the journal).
func (rs *restorer) ensure(ctx context.Context, kind, old string, find func(context.Context) iter.Seq2[named, error], create func(context.Context) (string, error)) (string, error) {
	if err := checkGID(kind, old); err != nil {
		return "", err
	}
	key := kind + ":" + old
	if g, ok := rs.mapped[key]; ok {
		rs.res.Existing[kind]++
		return g, nil
	}
	if rs.pending[key] && find != nil {
		for n, err := range find(ctx) {
			if err != nil {
				return "", err
			}
			if !rs.used[n.gid] {
				rs.res.Existing[kind]++
				return n.gid, rs.done(kind, old, n.gid)
			}
		}
	}
	if err := rs.record(journalEntry{Kind: kind, Old: old, Pending: true}); err != nil {
		return "", err
	}
	g, err := create(ctx)
	if err != nil {
		return "", err
	}
	rs.res.Created[kind]++
	return g, rs.done(kind, old, g)
}

func (rs *restorer) done(kind, old, g string) error {
	// The new gid came from the server and will be a request path; the
	// old one came from the snapshot, and a journal must stay readable.
	if err := checkGID(kind, g); err != nil {
		return err
	}
	if err := checkGID(kind, old); err != nil {
		return err
	}
	rs.mapped[kind+":"+old], rs.used[g] = g, true
	return rs.record(journalEntry{Kind: kind, Old: old, New: g})
}

// named is an object of the target found by name.
type named struct{ gid string }

// byName filters a listing of the target down to objects named name.
func byName[T any](seq iter.Seq2[T, error], name string, get func(T) (string, string)) iter.Seq2[named, error] {
	return func(yield func(named, error) bool) {
		for v, err := range seq {
			if err != nil {
				yield(named{}, err)
				return
			}
			if g, n := get(v); n == name && !yield(named{gid: g}, nil) {
				return
			}
		}
	}
}

// Records of the snapshot, as much as a restore reads.
type (
	ref struct {
		GID string `json:"gid"`
	}
	teamRecord struct {
		GID         string `json:"gid"`
		Name        string `json:"name"`
		Description string `json:"description"`
		Visibility  string `json:"visibility"`
		Endorsed    bool   `json:"endorsed"`
		asana.TeamAccessLevels
	}
	projectRecord struct {
		GID            string `json:"gid"`
		Name           string `json:"name"`
		Notes          string `json:"notes"`
		HTMLNotes      string `json:"html_notes"`
		Color          string `json:"color"`
		Archived       bool   `json:"archived"`
		PrivacySetting string `json:"privacy_setting"`
		DefaultView    string `json:"default_view"`
		DueOn          string `json:"due_on"`
		StartOn        string `json:"start_on"`
		Team           *ref   `json:"team"`
	}
	sectionRecord struct {
		GID  string `json:"gid"`
		Name string `json:"name"`
	}
	taskRecord struct {
		GID             string             `json:"gid"`
		Name            string             `json:"name"`
		Notes           string             `json:"notes"`
		HTMLNotes       string             `json:"html_notes"`
		ResourceSubtype string             `json:"resource_subtype"`
		Followers       []ref              `json:"followers"`
		Tags            []ref              `json:"tags"`
		Dependencies    []ref              `json:"dependencies"`
		CustomFields    []customFieldValue `json:"custom_fields"`
		StartAt         time.Time          `json:"start_at"`
		ApprovalStatus  string             `json:"approval_status"`
		Completed       bool               `json:"completed"`
		DueOn           string             `json:"due_on"`
		DueAt           time.Time          `json:"due_at"`
		StartOn         string             `json:"start_on"`
		Assignee        *ref               `json:"assignee"`
		Parent          *ref               `json:"parent"`
		Memberships     []struct {
			Project *ref `json:"project"`
			Section *ref `json:"section"`
		} `json:"memberships"`
	}
	storyRecord struct {
		GID             string `json:"gid"`
		ResourceSubtype string `json:"resource_subtype"`
		Text            string `json:"text"`
		HTMLText        string `json:"html_text"`
		IsPinned        bool   `json:"is_pinned"`
		StickerName     string `json:"sticker_name"`
		Target          *ref   `json:"target"`
	}
	userRecord struct {
		GID   string `json:"gid"`
		Email string `json:"email"`
	}
)

// eachRecord decodes every line of the snapshot file rel.
func eachRecord[T any](snap *os.Root, rel string, fn func(T) error) error {
	return eachLine(snap, rel, func(line []byte) error {
		var v T
		if err := json.Unmarshal(line, &v); err != nil {
			return fmt.Errorf("export: %s: %w", rel, err)
		}
		return fn(v)
	})
}

var nameOnly = []string{"name"}

func (rs *restorer) run(ctx context.Context) error {
	c := rs.Client
	snap := rs.snap
	err := eachRecord(snap, "users.jsonl", func(u userRecord) error {
		if u.Email != "" {
			rs.emails[u.GID] = strings.ToLower(u.Email)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for u, err := range c.Users.ListForWorkspace(ctx, rs.Organization, &asana.ListOptions{Fields: []string{"email"}}).All() {
		if err != nil {
			return err
		}
		if u.Email != "" {
			rs.users[strings.ToLower(u.Email)] = u.GID
		}
	}

	if err := rs.customFields(ctx); err != nil {
		return err
	}
	if err := rs.tags(ctx); err != nil {
		return err
	}
	err = eachRecord(snap, "teams.jsonl", func(t teamRecord) error {
		_, err := rs.ensure(ctx, "team", t.GID, func(ctx context.Context) iter.Seq2[named, error] {
			return byName(c.Teams.ListForWorkspace(ctx, rs.Organization, &asana.ListOptions{Fields: nameOnly}).All(), t.Name,
				func(v asana.Team) (string, string) { return v.GID, v.Name })
		}, func(ctx context.Context) (string, error) {
			// The plain description: a team's rich one adds no more than
			// paragraphs.
			nt, err := c.Teams.Create(ctx, &asana.TeamCreateRequest{Name: t.Name, Organization: rs.Organization,
				Description: t.Description, Visibility: t.Visibility, Endorsed: t.Endorsed,
				TeamAccessLevels: t.TeamAccessLevels}, &asana.GetOptions{Fields: nameOnly})
			if err != nil {
				return "", err
			}
			return nt.GID, nil
		})
		return err
	})
	if err != nil {
		return err
	}
	if err := rs.teamMembers(ctx); err != nil {
		return err
	}
	err = eachRecord(snap, "projects.jsonl", func(p projectRecord) error {
		if err := checkGID("project", p.GID); err != nil {
			return fmt.Errorf("export: restore: projects.jsonl: %w", err)
		}
		dir, err := openDir(snap, "projects/"+p.GID, false)
		if errors.Is(err, os.ErrNotExist) {
			return nil // skipped by the backup
		}
		if err != nil {
			return err
		}
		dir.Close()
		return rs.project(ctx, p)
	})
	if err != nil {
		return err
	}
	return rs.afterProjects(ctx)
}

// project restores project p. Its files are read from the snapshot's
// root, where their chunks are.
func (rs *restorer) project(ctx context.Context, p projectRecord) error {
	c := rs.Client
	if p.Team == nil {
		return fmt.Errorf("export: restore: project %s has no team", p.GID)
	}
	team, ok := rs.mapped["team:"+p.Team.GID]
	if !ok {
		return fmt.Errorf("export: restore: team %s of project %s is not in the snapshot", p.Team.GID, p.GID)
	}
	np, err := rs.ensure(ctx, "project", p.GID, func(ctx context.Context) iter.Seq2[named, error] {
		return byName(c.Projects.ListForTeam(ctx, team, &asana.ProjectArchivedListOptions{ListOptions: asana.ListOptions{Fields: nameOnly}}).All(),
			p.Name, func(v asana.Project) (string, string) { return v.GID, v.Name })
	}, func(ctx context.Context) (string, error) {
		notes, html := rich(p.Notes, p.HTMLNotes)
		req := &asana.ProjectCreateRequest{Name: p.Name, Workspace: rs.Organization, Team: team, Notes: notes, HTMLNotes: html,
			Color: p.Color, PrivacySetting: p.PrivacySetting, DefaultView: p.DefaultView}
		req.DueOn, _ = asana.ParseDate(p.DueOn)
		req.StartOn, _ = asana.ParseDate(p.StartOn)
		created, err := c.Projects.Create(ctx, req, &asana.GetOptions{Fields: nameOnly})
		if err != nil {
			return "", err
		}
		return created.GID, nil
	})
	if err != nil {
		return err
	}

	// A new project starts with one section: the first section of the
	// backup takes it over, the others are created after it.
	first := true
	err = eachRecord(rs.snap, projectFile(p.GID, sectionsFile), func(s sectionRecord) error {
		takeOver := first
		first = false
		_, err := rs.ensure(ctx, "section", s.GID, func(ctx context.Context) iter.Seq2[named, error] {
			return byName(c.Sections.ListForProject(ctx, np, &asana.ListOptions{Fields: nameOnly}).All(), s.Name,
				func(v asana.Section) (string, string) { return v.GID, v.Name })
		}, func(ctx context.Context) (string, error) {
			if takeOver {
				for sec, err := range c.Sections.ListForProject(ctx, np, &asana.ListOptions{Fields: nameOnly}).All() {
					if err != nil {
						return "", err
					}
					if rs.used[sec.GID] {
						break
					}
					if _, err := c.Sections.Update(ctx, sec.GID, &asana.SectionRequest{Name: s.Name}, &asana.GetOptions{Fields: nameOnly}); err != nil {
						return "", err
					}
					return sec.GID, nil
				}
			}
			sec, err := c.Sections.Create(ctx, np, &asana.SectionRequest{Name: s.Name}, &asana.GetOptions{Fields: nameOnly})
			if err != nil {
				return "", err
			}
			return sec.GID, nil
		})
		return err
	})
	if err != nil {
		return err
	}

	if err := rs.projectFieldSettings(ctx, p.GID, np); err != nil {
		return err
	}
	if err := rs.projectMembers(ctx, p.GID, np); err != nil {
		return err
	}
	err = eachRecord(rs.snap, projectFile(p.GID, tasksFile), func(t taskRecord) error { return rs.task(ctx, p.GID, np, t) })
	if err != nil {
		return err
	}
	err = eachRecord(rs.snap, projectFile(p.GID, storiesFile), func(s storyRecord) error {
		if s.ResourceSubtype != asana.StorySubtypeComment || s.Target == nil {
			return nil
		}
		nt, ok := rs.mapped["task:"+s.Target.GID]
		if !ok {
			return fmt.Errorf("export: restore: comment %s on task %s, which was not restored", s.GID, s.Target.GID)
		}
		_, err := rs.ensure(ctx, "comment", s.GID, func(ctx context.Context) iter.Seq2[named, error] {
			return byName(c.Stories.ListForTask(ctx, nt, &asana.ListOptions{Fields: []string{"text"}}).All(), s.Text,
				func(v asana.Story) (string, string) { return v.GID, v.Text })
		}, func(ctx context.Context) (string, error) {
			text, html := rich(s.Text, s.HTMLText)
			st, err := c.Stories.CreateForTask(ctx, nt, &asana.StoryCreateRequest{Text: text, HTMLText: html,
				IsPinned: s.IsPinned, StickerName: s.StickerName}, nil)
			if err != nil {
				return "", err
			}
			return st.GID, nil
		})
		return err
	})
	if err != nil {
		return err
	}
	if p.Archived {
		_, err = c.Projects.Update(ctx, np, &asana.ProjectUpdateRequest{Archived: asana.Ptr(true)}, &asana.GetOptions{Fields: nameOnly})
	}
	return err
}

// task re-creates one line of a project's tasks file: a top-level task of
// the project, a subtask (under its restored parent), or a task whose home
// is another project (added to this one).
func (rs *restorer) task(ctx context.Context, oldProject, newProject string, t taskRecord) error {
	c := rs.Client
	section := ""
	for _, m := range t.Memberships {
		if m.Project != nil && m.Project.GID == oldProject && m.Section != nil {
			section = rs.mapped["section:"+m.Section.GID]
		}
	}
	if t.Assignee != nil {
		rs.assignees[t.GID] = t.Assignee.GID
	}
	if g, ok := rs.mapped["task:"+t.GID]; ok {
		if t.Parent != nil {
			rs.res.Existing["task"]++
			return nil
		}
		// Known already: make sure it is in this project too (a no-op
		// for a task created here).
		rs.res.Existing["task"]++
		return c.Tasks.AddProject(ctx, g, &asana.TaskAddProjectRequest{Project: newProject, Section: section})
	}
	if len(t.Dependencies) > 0 {
		rs.deps[t.GID] = t.Dependencies
	}
	req := rs.taskRequest(t)
	if t.Assignee != nil {
		if g, ok := rs.users[rs.emails[t.Assignee.GID]]; ok && rs.emails[t.Assignee.GID] != "" {
			req.Assignee = g
		} else {
			rs.res.UnmatchedAssignees++
		}
	}
	var parent string
	if t.Parent != nil {
		var ok bool
		if parent, ok = rs.mapped["task:"+t.Parent.GID]; !ok {
			return fmt.Errorf("export: restore: subtask %s before its parent %s", t.GID, t.Parent.GID)
		}
	} else {
		req.Memberships = []asana.TaskMembershipRequest{{Project: newProject, Section: section}}
		// Values only on tasks of a project, which has the fields.
		req.CustomFields = rs.fieldValues(t.CustomFields)
	}
	_, err := rs.ensure(ctx, "task", t.GID, func(ctx context.Context) iter.Seq2[named, error] {
		get := func(v asana.Task) (string, string) { return v.GID, v.Name }
		opts := &asana.ListOptions{Fields: nameOnly}
		if parent != "" {
			return byName(c.Tasks.ListSubtasks(ctx, parent, opts).All(), t.Name, get)
		}
		return byName(c.Tasks.ListForProject(ctx, newProject, &asana.TaskListForOptions{ListOptions: *opts}).All(), t.Name, get)
	}, func(ctx context.Context) (string, error) {
		var nt *asana.Task
		var err error
		if parent != "" {
			nt, err = c.Tasks.CreateSubtask(ctx, parent, req, nil)
		} else {
			nt, err = c.Tasks.Create(ctx, req, nil)
		}
		if err != nil {
			return "", err
		}
		return nt.GID, nil
	})
	return err
}

// taskRequest is the create request of a task record, its assignee,
// parent, project and custom field values aside.
func (rs *restorer) taskRequest(t taskRecord) *asana.TaskCreateRequest {
	notes, html := rich(t.Notes, t.HTMLNotes)
	req := &asana.TaskCreateRequest{Name: t.Name, Notes: notes, HTMLNotes: html, Completed: t.Completed,
		DueAt: t.DueAt, Followers: rs.people(t.Followers), Tags: rs.mappedAll("tag", t.Tags)}
	switch t.ResourceSubtype {
	case "milestone", "approval":
		req.ResourceSubtype = t.ResourceSubtype
	}
	if t.ResourceSubtype == "approval" {
		req.ApprovalStatus = t.ApprovalStatus
	}
	if t.DueAt.IsZero() {
		req.DueOn, _ = asana.ParseDate(t.DueOn)
	}
	// start_at goes with due_at, start_on with due_on.
	if !t.StartAt.IsZero() && !t.DueAt.IsZero() {
		req.StartAt = t.StartAt
	} else {
		req.StartOn, _ = asana.ParseDate(t.StartOn)
	}
	return req
}
