package export

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"strings"

	"github.com/asanakit/asana-go/asana"
)

// This file restores what hangs between the projects once they are all
// in: dependencies, project members with access levels, portfolios with
// their items and members, goals with metrics and relationships, status
// updates, project briefs, attachments' files and the tasks that were
// only in someone's My Tasks.

type (
	membershipRecord struct {
		GID         string `json:"gid"`
		Parent      *ref   `json:"parent"`
		Member      *ref   `json:"member"`
		AccessLevel string `json:"access_level"`
	}
	portfolioRecord struct {
		GID                string `json:"gid"`
		Name               string `json:"name"`
		Color              string `json:"color"`
		Public             bool   `json:"public"`
		DefaultAccessLevel string `json:"default_access_level"`
		DueOn              string `json:"due_on"`
		StartOn            string `json:"start_on"`
	}
	portfolioItemRecord struct {
		GID          string `json:"gid"`
		ResourceType string `json:"resource_type"`
		Portfolio    *ref   `json:"portfolio"`
	}
	goalRecord struct {
		GID              string `json:"gid"`
		Name             string `json:"name"`
		Notes            string `json:"notes"`
		HTMLNotes        string `json:"html_notes"`
		DueOn            string `json:"due_on"`
		StartOn          string `json:"start_on"`
		IsWorkspaceLevel bool   `json:"is_workspace_level"`
		Owner            *ref   `json:"owner"`
		Team             *ref   `json:"team"`
		TimePeriod       *ref   `json:"time_period"`
		Followers        []ref  `json:"followers"`
		Metric           *struct {
			ResourceSubtype    string  `json:"resource_subtype"`
			Precision          int     `json:"precision"`
			Unit               string  `json:"unit"`
			CurrencyCode       string  `json:"currency_code"`
			InitialNumberValue float64 `json:"initial_number_value"`
			TargetNumberValue  float64 `json:"target_number_value"`
			CurrentNumberValue float64 `json:"current_number_value"`
			ProgressSource     string  `json:"progress_source"`
			IsCustomWeight     bool    `json:"is_custom_weight"`
		} `json:"metric"`
	}
	goalRelationshipRecord struct {
		GID                string  `json:"gid"`
		ContributionWeight float64 `json:"contribution_weight"`
		SupportedGoal      *ref    `json:"supported_goal"`
		SupportingResource *struct {
			GID          string `json:"gid"`
			ResourceType string `json:"resource_type"`
		} `json:"supporting_resource"`
	}
	timePeriodRecord struct {
		GID         string `json:"gid"`
		DisplayName string `json:"display_name"`
		StartOn     string `json:"start_on"`
		EndOn       string `json:"end_on"`
	}
	statusUpdateRecord struct {
		GID        string `json:"gid"`
		CreatedAt  string `json:"created_at"`
		StatusType string `json:"status_type"`
		Title      string `json:"title"`
		Text       string `json:"text"`
		HTMLText   string `json:"html_text"`
		Parent     *ref   `json:"parent"`
	}
	briefRecord struct {
		GID      string `json:"gid"`
		Title    string `json:"title"`
		Text     string `json:"text"`
		HTMLText string `json:"html_text"`
		Project  *ref   `json:"project"`
	}
)

// projectMembers gives the project's members their access levels.
func (rs *restorer) projectMembers(ctx context.Context, oldProject, newProject string) error {
	return eachOptional(rs.snap, "project_memberships.jsonl", func(m membershipRecord) error {
		if m.Parent == nil || m.Parent.GID != oldProject || m.Member == nil {
			return nil
		}
		return rs.membership(ctx, m, newProject)
	})
}

// membership re-creates one membership of a project or portfolio for a
// user matched by email, or a restored team.
func (rs *restorer) membership(ctx context.Context, m membershipRecord, parent string) error {
	member := ""
	if u := rs.people([]ref{*m.Member}); len(u) > 0 {
		member = u[0]
	} else if t, ok := rs.mapped["team:"+m.Member.GID]; ok {
		member = t
	}
	if member == "" {
		return nil // someone the organization does not have
	}
	_, err := rs.ensure(ctx, "membership", m.GID, nil, func(ctx context.Context) (string, error) {
		nm, err := rs.Client.Memberships.Create(ctx, &asana.MembershipCreateRequest{Parent: parent, Member: member, AccessLevel: m.AccessLevel})
		if err != nil {
			return "", err
		}
		return nm.GID, nil
	})
	return err
}

// afterProjects restores what refers to restored projects and tasks.
func (rs *restorer) afterProjects(ctx context.Context) error {
	for _, step := range []func(context.Context) error{
		rs.myTasksOnly, rs.myTasksContent, rs.myTasksPlacement, rs.dependencies, rs.briefs, rs.portfolios, rs.goals, rs.goalComments,
		rs.statusUpdates, rs.attachments, rs.disableEnumOptions,
	} {
		if err := step(ctx); err != nil {
			return err
		}
	}
	return nil
}

// myTasksOnly re-creates the tasks that were in no project, for their
// assignee (matched by email).
func (rs *restorer) myTasksOnly(ctx context.Context) error {
	return eachOptional(rs.snap, "user_task_list_tasks.jsonl", func(t taskRecord) error {
		if t.Assignee == nil || t.Parent != nil || len(t.Memberships) > 0 {
			return nil
		}
		rs.assignees[t.GID] = t.Assignee.GID
		who := rs.people([]ref{*t.Assignee})
		if len(who) == 0 {
			rs.res.UnmatchedAssignees++
			return nil
		}
		_, err := rs.ensure(ctx, "task", t.GID, nil, func(ctx context.Context) (string, error) {
			req := rs.taskRequest(t)
			req.Workspace, req.Assignee = rs.Organization, who[0]
			nt, err := rs.Client.Tasks.Create(ctx, req, nil)
			if err != nil {
				return "", err
			}
			return nt.GID, nil
		})
		return err
	})
}

// myTasksContent restores what is below the tasks only in My Tasks:
// their subtasks (one level) and comments.
func (rs *restorer) myTasksContent(ctx context.Context) error {
	c := rs.Client
	err := eachOptional(rs.snap, "user_task_list_subtasks.jsonl", func(t taskRecord) error {
		if t.Parent == nil {
			return nil
		}
		parent, ok := rs.mapped["task:"+t.Parent.GID]
		if !ok {
			return nil
		}
		if t.Assignee != nil {
			rs.assignees[t.GID] = t.Assignee.GID
		}
		if len(t.Dependencies) > 0 {
			rs.deps[t.GID] = t.Dependencies
		}
		_, err := rs.ensure(ctx, "task", t.GID, nil, func(ctx context.Context) (string, error) {
			req := rs.taskRequest(t)
			if t.Assignee != nil {
				if who := rs.people([]ref{*t.Assignee}); len(who) > 0 {
					req.Assignee = who[0]
				}
			}
			nt, err := c.Tasks.CreateSubtask(ctx, parent, req, nil)
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
	return eachOptional(rs.snap, "user_task_list_task_stories.jsonl", func(s storyRecord) error {
		if s.ResourceSubtype != asana.StorySubtypeComment || s.Target == nil {
			return nil
		}
		nt, ok := rs.mapped["task:"+s.Target.GID]
		if !ok {
			return nil
		}
		_, err := rs.ensure(ctx, "comment", s.GID, nil, func(ctx context.Context) (string, error) {
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
}

// dependencies links every restored task to its restored dependencies.
func (rs *restorer) dependencies(ctx context.Context) error {
	olds := make([]string, 0, len(rs.deps))
	for g := range rs.deps {
		olds = append(olds, g)
	}
	slices.Sort(olds)
	for _, old := range olds {
		nt, ok := rs.mapped["task:"+old]
		deps := rs.mappedAll("task", rs.deps[old])
		if !ok || len(deps) == 0 {
			continue
		}
		if err := rs.Client.Tasks.AddDependencies(ctx, nt, deps); err != nil {
			return fmt.Errorf("export: restore: dependencies of task %s: %w", old, err)
		}
	}
	return nil
}

// briefs restores each project's brief.
func (rs *restorer) briefs(ctx context.Context) error {
	return eachOptional(rs.snap, "project_briefs.jsonl", func(b briefRecord) error {
		if b.Project == nil {
			return nil
		}
		np, ok := rs.mapped["project:"+b.Project.GID]
		if !ok {
			return nil
		}
		_, err := rs.ensure(ctx, "project_brief", b.GID, nil, func(ctx context.Context) (string, error) {
			text, html := rich(b.Text, b.HTMLText)
			nb, err := rs.Client.ProjectBriefs.CreateForProject(ctx, np, &asana.ProjectBriefCreateForProjectRequest{Title: b.Title,
				Text: text, HTMLText: html}, nil)
			if err != nil {
				return "", err
			}
			return nb.GID, nil
		})
		return err
	})
}

// portfolios restores the portfolios (matched by name), their items and
// members.
func (rs *restorer) portfolios(ctx context.Context) error {
	c := rs.Client
	err := eachOptional(rs.snap, "portfolios.jsonl", func(p portfolioRecord) error {
		_, err := rs.ensure(ctx, "portfolio", p.GID, func(ctx context.Context) iter.Seq2[named, error] {
			return byName(c.Portfolios.List(ctx, rs.Organization, &asana.PortfolioListOptions{ListOptions: asana.ListOptions{Fields: nameOnly}}).All(),
				p.Name, func(v asana.Portfolio) (string, string) { return v.GID, v.Name })
		}, func(ctx context.Context) (string, error) {
			req := &asana.PortfolioCreateRequest{Name: p.Name, Workspace: rs.Organization, Color: asana.PortfolioColor(p.Color),
				Public: p.Public, DefaultAccessLevel: asana.PortfolioDefaultAccessLevel(p.DefaultAccessLevel)}
			req.DueOn, _ = asana.ParseDate(p.DueOn)
			req.StartOn, _ = asana.ParseDate(p.StartOn)
			np, err := c.Portfolios.Create(ctx, req, &asana.GetOptions{Fields: nameOnly})
			if err != nil {
				return "", err
			}
			return np.GID, nil
		})
		return err
	})
	if err != nil {
		return err
	}
	// Items in file order, each once: adding an item twice is a no-op.
	err = eachOptional(rs.snap, "portfolio_items.jsonl", func(it portfolioItemRecord) error {
		if it.Portfolio == nil {
			return nil
		}
		np, ok := rs.mapped["portfolio:"+it.Portfolio.GID]
		item, iok := rs.mapped[it.ResourceType+":"+it.GID]
		if !ok || !iok {
			return nil
		}
		return c.Portfolios.AddItem(ctx, np, &asana.PortfolioAddItemRequest{Item: item})
	})
	if err != nil {
		return err
	}
	err = eachOptional(rs.snap, "portfolio_custom_field_settings.jsonl", func(cs customFieldSettingRecord) error {
		if cs.Parent == nil || cs.CustomField == nil {
			return nil
		}
		np, ok := rs.mapped["portfolio:"+cs.Parent.GID]
		nf, fok := rs.mapped["custom_field:"+cs.CustomField.GID]
		if !ok || !fok {
			return nil
		}
		_, err := rs.ensure(ctx, "custom_field_setting", cs.GID, nil, func(ctx context.Context) (string, error) {
			ns, err := c.Portfolios.AddCustomFieldSetting(ctx, np, &asana.CustomFieldSettingRequest{CustomField: nf, IsImportant: cs.IsImportant})
			if err != nil {
				return "", err
			}
			return ns.GID, nil
		})
		return err
	})
	if err != nil {
		return err
	}
	return eachOptional(rs.snap, "portfolio_memberships.jsonl", func(m membershipRecord) error {
		if m.Parent == nil || m.Member == nil {
			return nil
		}
		np, ok := rs.mapped["portfolio:"+m.Parent.GID]
		if !ok {
			return nil
		}
		return rs.membership(ctx, m, np)
	})
}

// goals restores the goals (matched by name), their metrics and then
// their relationships.
func (rs *restorer) goals(ctx context.Context) error {
	c := rs.Client
	periods := map[string]string{} // old time period gid -> new
	var wanted []timePeriodRecord
	if err := eachOptional(rs.snap, "time_periods.jsonl", func(tp timePeriodRecord) error {
		wanted = append(wanted, tp)
		return nil
	}); err != nil {
		return err
	}
	if len(wanted) > 0 {
		// Time periods are the organization's own: matched by name and dates.
		for tp, err := range c.TimePeriods.List(ctx, rs.Organization, nil).All() {
			if err != nil {
				break // a plan without goals: goals fail below, if there are any
			}
			for _, w := range wanted {
				if w.DisplayName == tp.DisplayName && w.StartOn == tp.StartOn.String() {
					periods[w.GID] = tp.GID
				}
			}
		}
	}
	err := eachOptional(rs.snap, "goals.jsonl", func(g goalRecord) error {
		ng, err := rs.ensure(ctx, "goal", g.GID, func(ctx context.Context) iter.Seq2[named, error] {
			return byName(c.Goals.List(ctx, &asana.GoalListOptions{Workspace: rs.Organization, ListOptions: asana.ListOptions{Fields: nameOnly}}).All(),
				g.Name, func(v asana.Goal) (string, string) { return v.GID, v.Name })
		}, func(ctx context.Context) (string, error) {
			notes, html := rich(g.Notes, g.HTMLNotes)
			req := &asana.GoalCreateRequest{Name: g.Name, Notes: notes, HTMLNotes: html, Workspace: rs.Organization,
				IsWorkspaceLevel: g.IsWorkspaceLevel, Followers: rs.people(g.Followers)}
			req.DueOn, _ = asana.ParseDate(g.DueOn)
			req.StartOn, _ = asana.ParseDate(g.StartOn)
			if g.Owner != nil {
				if o := rs.people([]ref{*g.Owner}); len(o) > 0 {
					req.Owner = o[0]
				}
			}
			if g.Team != nil && !g.IsWorkspaceLevel {
				req.Team = rs.mapped["team:"+g.Team.GID]
			}
			if g.TimePeriod != nil {
				req.TimePeriod = periods[g.TimePeriod.GID]
			}
			created, err := c.Goals.Create(ctx, req, &asana.GetOptions{Fields: nameOnly})
			if err != nil {
				return "", err
			}
			return created.GID, nil
		})
		if err != nil || g.Metric == nil || g.Metric.ResourceSubtype == "" {
			return err
		}
		m := g.Metric
		_, err = c.Goals.SetMetric(ctx, ng, &asana.GoalSetMetricRequest{Precision: m.Precision, Unit: asana.GoalUnit(m.Unit),
			CurrencyCode: m.CurrencyCode, InitialNumberValue: m.InitialNumberValue, TargetNumberValue: m.TargetNumberValue,
			CurrentNumberValue: m.CurrentNumberValue, ProgressSource: asana.GoalProgressSource(m.ProgressSource),
			IsCustomWeight: m.IsCustomWeight}, &asana.GetOptions{Fields: nameOnly})
		return err
	})
	if err != nil {
		return err
	}
	return eachOptional(rs.snap, "goal_relationships.jsonl", func(r goalRelationshipRecord) error {
		if r.SupportedGoal == nil || r.SupportingResource == nil {
			return nil
		}
		goal, ok := rs.mapped["goal:"+r.SupportedGoal.GID]
		sup, sok := rs.mapped[r.SupportingResource.ResourceType+":"+r.SupportingResource.GID]
		if !ok || !sok {
			return nil
		}
		_, err := rs.ensure(ctx, "goal_relationship", r.GID, nil, func(ctx context.Context) (string, error) {
			nr, err := c.GoalRelationships.AddSupportingRelationship(ctx, goal, &asana.GoalRelationshipAddSupportingRelationshipRequest{
				SupportingResource: sup, ContributionWeight: r.ContributionWeight}, nil)
			if err != nil {
				return "", err
			}
			return nr.GID, nil
		})
		return err
	})
}

// statusUpdates posts the status updates of projects, portfolios and
// goals, oldest first, as the token's user.
func (rs *restorer) statusUpdates(ctx context.Context) error {
	for _, src := range []struct{ file, kind string }{
		{"project_status_updates.jsonl", "project"}, {"portfolio_status_updates.jsonl", "portfolio"}, {"goal_status_updates.jsonl", "goal"},
	} {
		var all []statusUpdateRecord
		if err := eachOptional(rs.snap, src.file, func(u statusUpdateRecord) error {
			all = append(all, u)
			return nil
		}); err != nil {
			return err
		}
		// Oldest first, so that the latest is the parent's current status
		// (RFC 3339 times in UTC sort as strings).
		slices.SortStableFunc(all, func(a, b statusUpdateRecord) int { return strings.Compare(a.CreatedAt, b.CreatedAt) })
		for _, u := range all {
			if u.Parent == nil {
				continue
			}
			parent, ok := rs.mapped[src.kind+":"+u.Parent.GID]
			if !ok {
				continue
			}
			_, err := rs.ensure(ctx, "status_update", u.GID, nil, func(ctx context.Context) (string, error) {
				// The client requires text, Asana takes one of text and
				// html_text: the rich text of a status update is lost.
				nu, err := rs.Client.StatusUpdates.Create(ctx, &asana.StatusUpdateCreateRequest{Parent: parent,
					StatusType: asana.StatusUpdateStatusType(u.StatusType), Title: u.Title, Text: u.Text}, nil)
				if err != nil {
					return "", err
				}
				return nu.GID, nil
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// attachmentRecord is what a restore reads of an attachment.
type attachmentRecord struct {
	GID     string `json:"gid"`
	Name    string `json:"name"`
	Host    string `json:"host"`
	ViewURL string `json:"view_url"`
	Parent  *ref   `json:"parent"`
}

// attachments uploads again the attachments whose files the snapshot
// holds (Backup.Attachments AttachmentsContent), and links again those
// kept elsewhere (Dropbox, Google Drive...), to their restored tasks,
// projects and briefs.
func (rs *restorer) attachments(ctx context.Context) error {
	stored := map[string]string{} // attachment gid -> sha256
	if err := eachOptional(rs.snap, unitAttachmentContents+".jsonl", func(c attachmentContent) error {
		if validSHA(c.SHA256) {
			stored[c.GID] = c.SHA256
		}
		return nil
	}); err != nil {
		return err
	}
	one := func(a attachmentRecord) error {
		if a.Parent == nil {
			return nil
		}
		parent := ""
		for _, kind := range []string{"task", "project", "project_brief"} {
			if g, ok := rs.mapped[kind+":"+a.Parent.GID]; ok {
				parent = g
				break
			}
		}
		sha, hasFile := stored[a.GID]
		external := a.Host != "" && a.Host != "asana" && a.ViewURL != ""
		if parent == "" || !hasFile && !external {
			return nil
		}
		_, err := rs.ensure(ctx, "attachment", a.GID, nil, func(ctx context.Context) (string, error) {
			req := &asana.AttachmentCreateRequest{Parent: parent, Name: a.Name}
			if hasFile {
				f, _, err := openPath(rs.snap, attachmentFilesDir+"/"+sha, 0)
				if err != nil {
					return "", err
				}
				defer f.Close()
				req.File, req.FileName, req.Name = f, a.Name, ""
			} else {
				req.URL = a.ViewURL
			}
			na, err := rs.Client.Attachments.Create(ctx, req, nil)
			if err != nil {
				return "", err
			}
			return na.GID, nil
		})
		return err
	}
	err := eachRecord(rs.snap, "projects.jsonl", func(p projectRecord) error {
		if err := checkGID("project", p.GID); err != nil {
			return err
		}
		return eachOptional(rs.snap, projectFile(p.GID, attachmentsFile), one)
	})
	for _, rel := range attachmentSources {
		if err == nil {
			err = eachOptional(rs.snap, rel, one)
		}
	}
	return err
}

// wsMembershipRecord is what a restore reads of a workspace membership.
type wsMembershipRecord struct {
	User         *ref `json:"user"`
	UserTaskList *ref `json:"user_task_list"`
}

// myTasksPlacement re-creates the sections of each member's My Tasks
// (matched by name with those it has) and puts the member's restored
// tasks in them.
func (rs *restorer) myTasksPlacement(ctx context.Context) error {
	c := rs.Client
	owner := map[string]string{} // old user task list -> old user
	if err := eachOptional(rs.snap, "workspace_memberships.jsonl", func(m wsMembershipRecord) error {
		if m.User != nil && m.UserTaskList != nil {
			owner[m.UserTaskList.GID] = m.User.GID
		}
		return nil
	}); err != nil {
		return err
	}
	lists := map[string]string{}             // old user task list -> new
	targetSections := map[string][]section{} // new user task list -> its sections
	sectionOwner := map[string]string{}      // old section -> old user
	err := eachOptional(rs.snap, "user_task_list_sections.jsonl", func(s struct {
		GID     string `json:"gid"`
		Name    string `json:"name"`
		Project *ref   `json:"project"`
	}) error {
		if s.Project == nil || owner[s.Project.GID] == "" {
			return nil
		}
		if err := checkGID("section", s.GID); err != nil {
			return err
		}
		who := rs.people([]ref{{GID: owner[s.Project.GID]}})
		if len(who) == 0 {
			return nil // someone the organization does not have
		}
		sectionOwner[s.GID] = owner[s.Project.GID]
		nl, ok := lists[s.Project.GID]
		if !ok {
			utl, err := c.UserTaskLists.GetForUser(ctx, who[0], rs.Organization, &asana.GetOptions{Fields: nameOnly})
			if err != nil {
				return err
			}
			if err := checkGID("user_task_list", utl.GID); err != nil {
				return err
			}
			nl, lists[s.Project.GID] = utl.GID, utl.GID
			for sec, err := range c.Sections.ListForProject(ctx, nl, &asana.ListOptions{Fields: nameOnly}).All() {
				if err != nil {
					return err
				}
				targetSections[nl] = append(targetSections[nl], section{sec.GID, sec.Name})
			}
		}
		if _, ok := rs.mapped["section:"+s.GID]; !ok {
			for _, ts := range targetSections[nl] {
				if ts.name == s.Name && !rs.used[ts.gid] {
					return rs.done("section", s.GID, ts.gid) // the list's own section
				}
			}
		}
		_, err := rs.ensure(ctx, "section", s.GID, nil, func(ctx context.Context) (string, error) {
			ns, err := c.Sections.Create(ctx, nl, &asana.SectionRequest{Name: s.Name}, &asana.GetOptions{Fields: nameOnly})
			if err != nil {
				return "", err
			}
			return ns.GID, nil
		})
		return err
	})
	if err != nil {
		return err
	}
	return eachOptional(rs.snap, "user_task_list_section_tasks.jsonl", func(t struct {
		GID     string `json:"gid"`
		Section *ref   `json:"section"`
	}) error {
		if t.Section == nil {
			return nil
		}
		ns, sok := rs.mapped["section:"+t.Section.GID]
		nt, tok := rs.mapped["task:"+t.GID]
		// Only a task assigned to the list's owner is in the list; one
		// whose assignee has no match in the organization is not.
		if !sok || !tok || rs.assignees[t.GID] != sectionOwner[t.Section.GID] || len(rs.people([]ref{{GID: rs.assignees[t.GID]}})) == 0 {
			return nil
		}
		return c.Sections.AddTask(ctx, ns, &asana.SectionAddTaskRequest{Task: nt})
	})
}

// section is a section of the target, by gid and name.
type section struct{ gid, name string }

// teamMembers adds the snapshot's team members (matched by email) to the
// restored teams.
func (rs *restorer) teamMembers(ctx context.Context) error {
	return eachOptional(rs.snap, unitTeamMemberships+".jsonl", func(m struct {
		GID  string `json:"gid"`
		User *ref   `json:"user"`
		Team *ref   `json:"team"`
	}) error {
		if m.User == nil || m.Team == nil {
			return nil
		}
		team, ok := rs.mapped["team:"+m.Team.GID]
		who := rs.people([]ref{*m.User})
		if !ok || len(who) == 0 {
			return nil
		}
		_, err := rs.ensure(ctx, "team_membership", m.GID, nil, func(ctx context.Context) (string, error) {
			tm, err := rs.Client.Teams.AddUser(ctx, team, who[0], nil)
			if err != nil {
				return "", err
			}
			return tm.GID, nil
		})
		return err
	})
}

// goalComments posts the comments on goals, as the token's user.
func (rs *restorer) goalComments(ctx context.Context) error {
	return eachOptional(rs.snap, "goal_stories.jsonl", func(s storyRecord) error {
		if s.ResourceSubtype != asana.StorySubtypeComment || s.Target == nil {
			return nil
		}
		goal, ok := rs.mapped["goal:"+s.Target.GID]
		if !ok {
			return nil
		}
		_, err := rs.ensure(ctx, "comment", s.GID, nil, func(ctx context.Context) (string, error) {
			text, html := rich(s.Text, s.HTMLText)
			st, err := rs.Client.Stories.CreateForGoal(ctx, goal, &asana.StoryCreateRequest{Text: text, HTMLText: html,
				IsPinned: s.IsPinned, StickerName: s.StickerName}, nil)
			if err != nil {
				return "", err
			}
			return st.GID, nil
		})
		return err
	})
}
