package asanatest

import (
	"slices"
)

// The writable fields of a project, for createProject and updateProject.

// projectColors are the values the spec allows for a project's color.
var projectColors = []string{"dark-pink", "dark-green", "dark-blue", "dark-red", "dark-teal", "dark-brown",
	"dark-orange", "dark-purple", "dark-warm-gray", "light-pink", "light-green", "light-blue", "light-red",
	"light-teal", "light-brown", "light-orange", "light-purple", "light-warm-gray", "none"}

// projectFields applies the writable fields of a create or update body.
func (rq *request) projectFields(b *body, p *Project, create bool) error {
	if err := b.name(create, &p.Name); err != nil {
		return err
	}
	notes, err := notesField(b, "notes", "html_notes")
	if err != nil {
		return err
	}
	if notes != nil {
		p.Notes = *notes
	}
	if b.has("color") {
		c, err := b.str("color", false)
		if err != nil {
			return err
		}
		if c != "" && !slices.Contains(projectColors, c) {
			return badRequest("color", "Not a valid enum value: %q", c)
		}
		p.Color = c
	}
	if p.Archived, err = b.boolean("archived", p.Archived); err != nil {
		return err
	}
	if b.has("default_view") {
		v, err := b.str("default_view", false)
		if err != nil {
			return err
		}
		if !slices.Contains([]string{"list", "board", "calendar", "timeline"}, v) {
			return badRequest("default_view", "Not a valid enum value: %q", v)
		}
	}
	if b.has("public") {
		pub, err := b.boolean("public", false)
		if err != nil {
			return err
		}
		switch {
		case pub:
			p.PrivacySetting = PrivacyPublicToWorkspace
		case p.TeamGID != "":
			p.PrivacySetting = PrivacyPrivateToTeam
		default:
			p.PrivacySetting = PrivacyPrivate
		}
	}
	if b.has("privacy_setting") {
		v, err := b.str("privacy_setting", true)
		if err != nil {
			return err
		}
		if !slices.Contains([]string{PrivacyPublicToWorkspace, PrivacyPrivateToTeam, PrivacyPrivate}, v) {
			return badRequest("privacy_setting", "Not a valid enum value: %q", v)
		}
		p.PrivacySetting = v
	}
	for _, d := range []struct {
		name string
		dst  *string
	}{{"due_on", &p.DueOn}, {"due_date", &p.DueOn}, {"start_on", &p.StartOn}} {
		v, set, err := b.date(d.name)
		if err != nil {
			return err
		}
		if set {
			*d.dst = v
		}
	}
	if p.StartOn != "" && (p.DueOn == "" || p.StartOn > p.DueOn) {
		return badRequest("start_on", "Must be set together with due_on, and not after it")
	}
	if b.has("owner") {
		v, err := b.str("owner", false)
		if err != nil {
			if v, err = b.gid("owner", false); err != nil {
				return err
			}
		}
		p.OwnerGID = ""
		if v != "" {
			u, err := rq.userParam("owner", v)
			if err != nil {
				return err
			}
			if !rq.st.activeMember(p.WorkspaceGID, u.GID) {
				return badRequest("owner", "Not a member of the workspace: %s", u.GID)
			}
			p.OwnerGID = u.GID
		}
	}
	if b.has("team") && !create {
		tg, err := b.gid("team", true)
		if err != nil {
			return err
		}
		t, err := rq.teamParam("team", tg)
		if err != nil {
			return err
		}
		if t.OrganizationGID != p.WorkspaceGID {
			return badRequest("team", "Not a team of the project's organization: %s", tg)
		}
		p.TeamGID = t.GID
	}
	return nil
}

// notesField reads a plain/html pair such as notes and html_notes (only
// one may be sent); nil when neither is.
func notesField(b *body, plain, htmlName string) (*string, error) {
	if b.has(plain) && b.has(htmlName) {
		return nil, badRequest(htmlName, "You may only provide one of %s and %s", plain, htmlName)
	}
	if b.has(htmlName) {
		h, err := b.str(htmlName, false)
		if err != nil {
			return nil, err
		}
		v := stripHTML(h)
		return &v, nil
	}
	if b.has(plain) {
		v, err := b.str(plain, false)
		return &v, err
	}
	return nil, nil
}
