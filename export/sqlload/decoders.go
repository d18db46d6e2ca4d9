package sqlload

import "errors"

// errNoGID reports an object line without a gid.
var errNoGID = errors.New("object without a gid")

// one makes a record of a main row only.
func one(gid string, row ...any) (*record, error) {
	if gid == "" {
		return nil, errNoGID
	}
	return &record{gid: gid, row: append([]any{gid}, row...)}, nil
}

func decodeUser(line []byte) (*record, error) {
	var v struct {
		GID   string  `json:"gid"`
		Name  *string `json:"name"`
		Email *string `json:"email"`
	}
	if err := decodeInto("users", line, &v); err != nil {
		return nil, err
	}
	return one(v.GID, str(v.Name), str(v.Email))
}

func decodeWorkspaceMembership(line []byte) (*record, error) {
	var w struct {
		GID        string  `json:"gid"`
		User       *ref    `json:"user"`
		Workspace  *ref    `json:"workspace"`
		IsActive   bool    `json:"is_active"`
		IsAdmin    bool    `json:"is_admin"`
		IsGuest    bool    `json:"is_guest"`
		IsViewOnly bool    `json:"is_view_only"`
		CreatedAt  *string `json:"created_at"`
	}
	if err := decodeInto("workspace_memberships", line, &w); err != nil {
		return nil, err
	}
	return one(w.GID, w.User.gid(), w.Workspace.gid(), boolean(w.IsActive), boolean(w.IsAdmin), boolean(w.IsGuest),
		boolean(w.IsViewOnly), str(w.CreatedAt))
}

func decodeTeam(line []byte) (*record, error) {
	var v struct {
		GID          string  `json:"gid"`
		Name         *string `json:"name"`
		Description  *string `json:"description"`
		Organization *ref    `json:"organization"`
		Visibility   *string `json:"visibility"`
		Permalink    *string `json:"permalink_url"`
	}
	if err := decodeInto("teams", line, &v); err != nil {
		return nil, err
	}
	return one(v.GID, str(v.Name), str(v.Description), v.Organization.gid(), str(v.Visibility), str(v.Permalink))
}

func decodeTeamMembership(line []byte) (*record, error) {
	var v struct {
		GID             string `json:"gid"`
		User            *ref   `json:"user"`
		Team            *ref   `json:"team"`
		IsAdmin         bool   `json:"is_admin"`
		IsGuest         bool   `json:"is_guest"`
		IsLimitedAccess bool   `json:"is_limited_access"`
	}
	if err := decodeInto("team_memberships", line, &v); err != nil {
		return nil, err
	}
	return one(v.GID, v.User.gid(), v.Team.gid(), boolean(v.IsAdmin), boolean(v.IsGuest), boolean(v.IsLimitedAccess))
}

func decodeProject(line []byte) (*record, error) {
	var v struct {
		GID           string  `json:"gid"`
		Name          *string `json:"name"`
		Archived      bool    `json:"archived"`
		Color         *string `json:"color"`
		CreatedAt     *string `json:"created_at"`
		ModifiedAt    *string `json:"modified_at"`
		Notes         *string `json:"notes"`
		Owner         *ref    `json:"owner"`
		Team          *ref    `json:"team"`
		Privacy       *string `json:"privacy_setting"`
		DueOn         *string `json:"due_on"`
		StartOn       *string `json:"start_on"`
		DefaultView   *string `json:"default_view"`
		Completed     bool    `json:"completed"`
		CompletedAt   *string `json:"completed_at"`
		Permalink     *string `json:"permalink_url"`
		Members       []ref   `json:"members"`
		Followers     []ref   `json:"followers"`
		FieldSettings []struct {
			GID         string `json:"gid"`
			CustomField *struct {
				GID  string  `json:"gid"`
				Name *string `json:"name"`
			} `json:"custom_field"`
			IsImportant bool `json:"is_important"`
		} `json:"custom_field_settings"`
	}
	if err := decodeInto("projects", line, &v); err != nil {
		return nil, err
	}
	r, err := one(v.GID, str(v.Name), boolean(v.Archived), str(v.Color), str(v.CreatedAt), str(v.ModifiedAt), str(v.Notes),
		v.Owner.gid(), v.Team.gid(), str(v.Privacy), str(v.DueOn), str(v.StartOn), str(v.DefaultView), boolean(v.Completed),
		str(v.CompletedAt), str(v.Permalink))
	if err != nil {
		return nil, err
	}
	r.children = make([][][]any, 3)
	for _, m := range v.Members {
		r.children[0] = append(r.children[0], []any{v.GID, m.GID})
	}
	for _, f := range v.Followers {
		r.children[1] = append(r.children[1], []any{v.GID, f.GID})
	}
	for _, s := range v.FieldSettings {
		var field, name any
		if s.CustomField != nil {
			field, name = s.CustomField.GID, str(s.CustomField.Name)
		}
		r.children[2] = append(r.children[2], []any{v.GID, s.GID, field, name, boolean(s.IsImportant)})
	}
	return r, nil
}

func decodeSection(line []byte) (*record, error) {
	var v struct {
		GID       string  `json:"gid"`
		Project   *ref    `json:"project"`
		Name      *string `json:"name"`
		CreatedAt *string `json:"created_at"`
	}
	if err := decodeInto("sections", line, &v); err != nil {
		return nil, err
	}
	return one(v.GID, v.Project.gid(), str(v.Name), str(v.CreatedAt))
}

func decodeTask(line []byte) (*record, error) {
	var v struct {
		GID            string  `json:"gid"`
		Name           *string `json:"name"`
		Subtype        *string `json:"resource_subtype"`
		ApprovalStatus *string `json:"approval_status"`
		Assignee       *ref    `json:"assignee"`
		Completed      bool    `json:"completed"`
		CompletedAt    *string `json:"completed_at"`
		CreatedAt      *string `json:"created_at"`
		CreatedBy      *ref    `json:"created_by"`
		ModifiedAt     *string `json:"modified_at"`
		DueOn          *string `json:"due_on"`
		DueAt          *string `json:"due_at"`
		StartOn        *string `json:"start_on"`
		Notes          *string `json:"notes"`
		Parent         *ref    `json:"parent"`
		NumSubtasks    int64   `json:"num_subtasks"`
		NumLikes       int64   `json:"num_likes"`
		Permalink      *string `json:"permalink_url"`
		Separator      bool    `json:"is_rendered_as_separator"`
		Memberships    []struct {
			Project *ref `json:"project"`
			Section *ref `json:"section"`
		} `json:"memberships"`
		Followers    []ref `json:"followers"`
		Dependencies []ref `json:"dependencies"`
		Tags         []struct {
			GID  string  `json:"gid"`
			Name *string `json:"name"`
		} `json:"tags"`
		CustomFields []struct {
			GID       string   `json:"gid"`
			Name      *string  `json:"name"`
			Type      *string  `json:"type"`
			Display   *string  `json:"display_value"`
			Text      *string  `json:"text_value"`
			Number    *float64 `json:"number_value"`
			Enum      *ref     `json:"enum_value"`
			MultiEnum []ref    `json:"multi_enum_values"`
			People    []ref    `json:"people_value"`
			DateValue *struct {
				Date     *string `json:"date"`
				DateTime *string `json:"date_time"`
			} `json:"date_value"`
		} `json:"custom_fields"`
	}
	if err := decodeInto("tasks", line, &v); err != nil {
		return nil, err
	}
	r, err := one(v.GID, str(v.Name), str(v.Subtype), str(v.ApprovalStatus), v.Assignee.gid(), boolean(v.Completed),
		str(v.CompletedAt), weekOf(v.CompletedAt), str(v.CreatedAt), v.CreatedBy.gid(), str(v.ModifiedAt), str(v.DueOn),
		str(v.DueAt), str(v.StartOn), str(v.Notes), v.Parent.gid(), v.NumSubtasks, v.NumLikes, str(v.Permalink),
		boolean(v.Separator))
	if err != nil {
		return nil, err
	}
	c := make([][][]any, 7)
	for _, m := range v.Memberships {
		c[0] = append(c[0], []any{v.GID, m.Project.gid(), m.Section.gid()})
	}
	for _, f := range v.Followers {
		c[1] = append(c[1], []any{v.GID, f.GID})
	}
	for _, d := range v.Dependencies {
		c[2] = append(c[2], []any{v.GID, d.GID})
	}
	for _, t := range v.Tags {
		c[3] = append(c[3], []any{v.GID, t.GID, str(t.Name)})
	}
	for _, f := range v.CustomFields {
		var date any
		if f.DateValue != nil {
			date = str(f.DateValue.Date)
			if f.DateValue.DateTime != nil {
				date = *f.DateValue.DateTime
			}
		}
		c[4] = append(c[4], []any{v.GID, f.GID, str(f.Name), str(f.Type), str(f.Display), str(f.Text), num(f.Number),
			f.Enum.gid(), date})
		for _, o := range f.MultiEnum {
			c[5] = append(c[5], []any{v.GID, f.GID, o.GID})
		}
		for _, p := range f.People {
			c[6] = append(c[6], []any{v.GID, f.GID, p.GID})
		}
	}
	r.children = c
	return r, nil
}

func decodeStory(line []byte) (*record, error) {
	var v struct {
		GID       string  `json:"gid"`
		Target    *ref    `json:"target"`
		CreatedAt *string `json:"created_at"`
		CreatedBy *ref    `json:"created_by"`
		Type      *string `json:"type"`
		Subtype   *string `json:"resource_subtype"`
		Text      *string `json:"text"`
		IsPinned  bool    `json:"is_pinned"`
		IsEdited  bool    `json:"is_edited"`
		NumLikes  int64   `json:"num_likes"`
		Source    *string `json:"source"`
		Sticker   *string `json:"sticker_name"`
	}
	if err := decodeInto("stories", line, &v); err != nil {
		return nil, err
	}
	return one(v.GID, v.Target.gid(), str(v.CreatedAt), v.CreatedBy.gid(), str(v.Type), str(v.Subtype), str(v.Text),
		boolean(v.IsPinned), boolean(v.IsEdited), v.NumLikes, str(v.Source), str(v.Sticker))
}

func decodeAttachment(line []byte) (*record, error) {
	var v struct {
		GID       string  `json:"gid"`
		Parent    *ref    `json:"parent"`
		Name      *string `json:"name"`
		Subtype   *string `json:"resource_subtype"`
		CreatedAt *string `json:"created_at"`
		Host      *string `json:"host"`
		Size      *int64  `json:"size"`
		Permanent *string `json:"permanent_url"`
		View      *string `json:"view_url"`
		Connected bool    `json:"connected_to_app"`
	}
	if err := decodeInto("attachments", line, &v); err != nil {
		return nil, err
	}
	var size any
	if v.Size != nil {
		size = *v.Size
	}
	return one(v.GID, v.Parent.gid(), str(v.Name), str(v.Subtype), str(v.CreatedAt), str(v.Host), size, str(v.Permanent),
		str(v.View), boolean(v.Connected))
}
