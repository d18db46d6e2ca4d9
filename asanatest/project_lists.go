package asanatest

import (
	"slices"
	"strings"
)

// Lists of projects (of a workspace, a team, a task), the premium project
// search, and a project's task counts.

// projectList serves the project lists: the GIDs of a team or workspace
// index, filtered by visibility and the optional archived parameter.
func (s *Server) projectList(rq *request, gids []string) reply {
	archived, err := rq.queryBool("archived", false)
	if err != nil {
		return rq.fail(err)
	}
	filter := rq.query.Has("archived")
	p, err := rq.paginate(gids, func(g string) bool {
		pr := rq.st.projects.get(g)
		return (!filter || pr.Archived == archived) && s.canSeeProject(rq.p, pr)
	})
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(s.kinds.project, p)
}

// getProjects lists the projects of a workspace or a team (one of the two
// is required, as the result would otherwise be too large).
func (s *Server) getProjects(rq *request) reply {
	wsGID, err := rq.queryGID("workspace", false)
	if err != nil {
		return rq.fail(err)
	}
	teamGID, err := rq.queryGID("team", false)
	if err != nil {
		return rq.fail(err)
	}
	if wsGID == "" && teamGID == "" {
		return rq.fail(missingInput("workspace"))
	}
	if wsGID != "" {
		if _, err := rq.workspaceParam("workspace", wsGID); err != nil {
			return rq.fail(err)
		}
	}
	if teamGID == "" {
		return s.projectList(rq, rq.st.projectsByWS[wsGID])
	}
	t, err := rq.teamParam("team", teamGID)
	if err != nil {
		return rq.fail(err)
	}
	if wsGID != "" && t.OrganizationGID != wsGID {
		return rq.fail(badRequest("team", "Not a team of workspace %s", wsGID))
	}
	return s.projectList(rq, rq.st.projectsByTeam[t.GID])
}

func (s *Server) getProjectsForTeam(rq *request) reply {
	t, err := rq.pathTeam()
	if err != nil {
		return rq.fail(err)
	}
	return s.projectList(rq, rq.st.projectsByTeam[t.GID])
}

func (s *Server) getProjectsForWorkspace(rq *request) reply {
	ws, err := rq.pathWorkspace()
	if err != nil {
		return rq.fail(err)
	}
	return s.projectList(rq, rq.st.projectsByWS[ws.GID])
}

// getProjectsForTask lists the projects a task is in (those the caller
// sees), in GID order.
func (s *Server) getProjectsForTask(rq *request) reply {
	t, err := rq.pathTask()
	if err != nil {
		return rq.fail(err)
	}
	gids := make([]string, 0, len(t.Memberships))
	for _, m := range t.Memberships {
		gids = insertSorted(gids, m.ProjectGID)
	}
	p, err := rq.paginate(gids, func(g string) bool {
		pr := rq.st.projects.get(g)
		return pr != nil && s.canSeeProject(rq.p, pr)
	})
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(s.kinds.project, p)
}

// taskCounts is what GET /projects/{gid}/task_counts renders.
type taskCounts struct {
	tasks, completed, milestones, completedMilestones int
}

// getTaskCountsForProject counts a project's live tasks. Like Asana it
// returns no field unless opt_fields names some.
func (s *Server) getTaskCountsForProject(rq *request) reply {
	p, err := rq.pathProject()
	if err != nil {
		return rq.fail(err)
	}
	var c taskCounts
	for _, g := range rq.st.projectTasks[p.GID].tasks() {
		t := rq.st.liveTask(g)
		if t == nil {
			continue
		}
		if taskSubtype(t) == "milestone" {
			c.milestones++
			if t.Completed {
				c.completedMilestones++
			}
			continue
		}
		c.tasks++
		if t.Completed {
			c.completed++
		}
	}
	return rq.one(s.kinds.taskCounts, &c)
}

// searchProjectsForWorkspace implements the premium project search: text
// on the name, teams, owners, members and creation-time filters, sorted
// and capped at limit (default 20, at most 100), without offsets.
func (s *Server) searchProjectsForWorkspace(rq *request) reply {
	ws, err := rq.pathWorkspace()
	if err != nil {
		return rq.fail(err)
	}
	if err := s.checkPremium(ws); err != nil {
		return rq.fail(err)
	}
	text := strings.ToLower(rq.query.Get("text"))
	teams := rq.queryList("teams.any")
	owners, err := rq.queryUsers("owner.any")
	if err != nil {
		return rq.fail(err)
	}
	members, err := rq.queryUsers("members.any")
	if err != nil {
		return rq.fail(err)
	}
	notMembers, err := rq.queryUsers("members.not")
	if err != nil {
		return rq.fail(err)
	}
	created, err := rq.timeRange("created_at")
	if err != nil {
		return rq.fail(err)
	}
	keep := func(g string) bool {
		p := rq.st.projects.get(g)
		switch {
		case !s.canSeeProject(rq.p, p),
			text != "" && !strings.Contains(strings.ToLower(p.Name), text),
			len(teams) > 0 && !slices.Contains(teams, p.TeamGID),
			len(owners) > 0 && !slices.Contains(owners, p.OwnerGID),
			len(members) > 0 && !anyIn(p.MemberGIDs, members),
			len(notMembers) > 0 && anyIn(p.MemberGIDs, notMembers),
			!created.contains(p.CreatedAt):
			return false
		}
		return true
	}
	return s.searchReply(rq, s.kinds.project, rq.st.projectsByWS[ws.GID], keep, func(g string) searchKey {
		p := rq.st.projects.get(g)
		return searchKey{created: p.CreatedAt, modified: p.ModifiedAt, due: p.DueOn}
	})
}

func anyIn(have, want []string) bool {
	for _, w := range want {
		if slices.Contains(have, w) {
			return true
		}
	}
	return false
}
