package asanatest

import (
	"slices"
	"time"
)

// A project's members and followers, and the transfer of what a departing
// user owned.

// changeProjectUsers serves add/remove Members/Followers: it applies edit
// to the project for each user of the body's field and answers the project.
func (s *Server) changeProjectUsers(rq *request, field string, edit func(p *Project, u *User) error) reply {
	p, err := rq.editableProject()
	if err != nil {
		return rq.fail(err)
	}
	users, err := rq.bodyUsers(field, true)
	if err != nil {
		return rq.fail(err)
	}
	next := p.clone()
	for _, u := range users {
		if err := edit(&next, u); err != nil {
			return rq.fail(err)
		}
	}
	next.ModifiedAt = rq.now
	*p = next
	rq.st.syncProjectMembers(p)
	return rq.one(s.kinds.project, p)
}

// projectUserCheck rejects users who are not active in the project's workspace.
func (rq *request) projectUserCheck(p *Project, field string, u *User) error {
	if !rq.st.activeMember(p.WorkspaceGID, u.GID) {
		return badRequest(field, "Not a member of the workspace: %s", u.GID)
	}
	return nil
}

func (s *Server) addMembersForProject(rq *request) reply {
	return s.changeProjectUsers(rq, "members", func(p *Project, u *User) error {
		if err := rq.projectUserCheck(p, "members", u); err != nil {
			return err
		}
		p.MemberGIDs = appendUnique(p.MemberGIDs, u.GID)
		return nil
	})
}

// removeMembersForProject removes members (and with them their following).
func (s *Server) removeMembersForProject(rq *request) reply {
	return s.changeProjectUsers(rq, "members", func(p *Project, u *User) error {
		p.MemberGIDs = removeValue(p.MemberGIDs, u.GID)
		p.FollowerGIDs = removeValue(p.FollowerGIDs, u.GID)
		return nil
	})
}

// addFollowersForProject adds followers, who become members too.
func (s *Server) addFollowersForProject(rq *request) reply {
	return s.changeProjectUsers(rq, "followers", func(p *Project, u *User) error {
		if err := rq.projectUserCheck(p, "followers", u); err != nil {
			return err
		}
		p.MemberGIDs = appendUnique(p.MemberGIDs, u.GID)
		p.FollowerGIDs = appendUnique(p.FollowerGIDs, u.GID)
		return nil
	})
}

// removeFollowersForProject stops users following; they stay members.
func (s *Server) removeFollowersForProject(rq *request) reply {
	return s.changeProjectUsers(rq, "followers", func(p *Project, u *User) error {
		p.FollowerGIDs = removeValue(p.FollowerGIDs, u.GID)
		return nil
	})
}

// transferResourcesLocked hands a deprovisioned user's resources in a
// workspace to the user performing removeUser, as Asana does with a
// personal token (with a service account Asana picks the admin named in
// the admin console; the fake, having no console setting, uses the
// service account itself): projects they own change owner (the recipient
// joins them), and tasks only they could see (in no project, and theirs
// by assignment or creation) gain the recipient as a follower.
func (s *Server) transferResourcesLocked(wsGID, from, to string, now time.Time) {
	for _, pg := range s.st.projectsByWS[wsGID] {
		p := s.st.projects.get(pg)
		if p.OwnerGID == from {
			p.OwnerGID = to
			p.MemberGIDs = appendUnique(slices.Clone(p.MemberGIDs), to)
			p.ModifiedAt = now
			s.st.syncProjectMembers(p)
		}
	}
	for _, tg := range s.st.tasks.order {
		t := s.st.tasks.get(tg)
		if t.Deleted || t.WorkspaceGID != wsGID || len(t.Memberships) > 0 || t.ParentGID != "" {
			continue
		}
		if t.AssigneeGID == from || t.CreatedByGID == from {
			t.FollowerGIDs = appendUnique(slices.Clone(t.FollowerGIDs), to)
			t.ModifiedAt = now
		}
	}
}
