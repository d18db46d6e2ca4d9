package sqlload

// Decoders of the kinds a complete backup adds: custom field
// definitions, tags, portfolios, goals, status updates, audit log events.
// Each reads the API's own field names.

func decodeCustomField(line []byte) (*record, error) {
	var v struct {
		GID         string  `json:"gid"`
		Name        *string `json:"name"`
		Type        *string `json:"type"`
		Subtype     *string `json:"resource_subtype"`
		Description *string `json:"description"`
		Global      bool    `json:"is_global_to_workspace"`
		CreatedBy   *ref    `json:"created_by"`
		Options     []struct {
			GID     string  `json:"gid"`
			Name    *string `json:"name"`
			Enabled bool    `json:"enabled"`
			Color   *string `json:"color"`
		} `json:"enum_options"`
	}
	if err := decodeInto("custom_fields", line, &v); err != nil {
		return nil, err
	}
	r, err := one(v.GID, str(v.Name), str(v.Type), str(v.Subtype), str(v.Description), boolean(v.Global), v.CreatedBy.gid())
	if err != nil {
		return nil, err
	}
	r.children = make([][][]any, 1)
	for _, o := range v.Options {
		r.children[0] = append(r.children[0], []any{v.GID, o.GID, str(o.Name), boolean(o.Enabled), str(o.Color)})
	}
	return r, nil
}

func decodeTag(line []byte) (*record, error) {
	var v struct {
		GID       string  `json:"gid"`
		Name      *string `json:"name"`
		Color     *string `json:"color"`
		CreatedAt *string `json:"created_at"`
		Notes     *string `json:"notes"`
	}
	if err := decodeInto("tags", line, &v); err != nil {
		return nil, err
	}
	return one(v.GID, str(v.Name), str(v.Color), str(v.CreatedAt), str(v.Notes))
}

func decodePortfolio(line []byte) (*record, error) {
	var v struct {
		GID       string  `json:"gid"`
		Name      *string `json:"name"`
		Owner     *ref    `json:"owner"`
		CreatedAt *string `json:"created_at"`
		Color     *string `json:"color"`
		Public    bool    `json:"public"`
		Archived  bool    `json:"archived"`
		DueOn     *string `json:"due_on"`
		StartOn   *string `json:"start_on"`
		Members   []ref   `json:"members"`
	}
	if err := decodeInto("portfolios", line, &v); err != nil {
		return nil, err
	}
	r, err := one(v.GID, str(v.Name), v.Owner.gid(), str(v.CreatedAt), str(v.Color), boolean(v.Public),
		boolean(v.Archived), str(v.DueOn), str(v.StartOn))
	if err != nil {
		return nil, err
	}
	r.children = make([][][]any, 1)
	for _, m := range v.Members {
		r.children[0] = append(r.children[0], []any{v.GID, m.GID})
	}
	return r, nil
}

func decodeGoal(line []byte) (*record, error) {
	var v struct {
		GID        string  `json:"gid"`
		Name       *string `json:"name"`
		Owner      *ref    `json:"owner"`
		Team       *ref    `json:"team"`
		TimePeriod *ref    `json:"time_period"`
		Status     *string `json:"status"`
		DueOn      *string `json:"due_on"`
		StartOn    *string `json:"start_on"`
		Workspace  bool    `json:"is_workspace_level"`
		Metric     *struct {
			Unit    *string  `json:"unit"`
			Initial *float64 `json:"initial_number_value"`
			Target  *float64 `json:"target_number_value"`
			Current *float64 `json:"current_number_value"`
		} `json:"metric"`
	}
	if err := decodeInto("goals", line, &v); err != nil {
		return nil, err
	}
	var unit, initial, target, current any
	if m := v.Metric; m != nil {
		unit, initial, target, current = str(m.Unit), num(m.Initial), num(m.Target), num(m.Current)
	}
	return one(v.GID, str(v.Name), v.Owner.gid(), v.Team.gid(), v.TimePeriod.gid(), str(v.Status), str(v.DueOn),
		str(v.StartOn), boolean(v.Workspace), unit, initial, target, current)
}

// decodeStatusUpdate reads a status update whose parent is of
// parentType, or (empty) says its type in parent.resource_type.
func decodeStatusUpdate(parentType string) func([]byte) (*record, error) {
	return func(line []byte) (*record, error) {
		var v struct {
			GID    string `json:"gid"`
			Parent *struct {
				GID  string  `json:"gid"`
				Type *string `json:"resource_type"`
			} `json:"parent"`
			CreatedAt  *string `json:"created_at"`
			Author     *ref    `json:"author"`
			CreatedBy  *ref    `json:"created_by"`
			StatusType *string `json:"status_type"`
			Title      *string `json:"title"`
			Text       *string `json:"text"`
		}
		if err := decodeInto("status_updates", line, &v); err != nil {
			return nil, err
		}
		var parent, typ any
		if parentType != "" {
			typ = parentType
		}
		if v.Parent != nil {
			parent = v.Parent.GID
			if v.Parent.Type != nil && parentType == "" {
				typ = *v.Parent.Type
			}
		}
		author := v.Author.gid()
		if author == nil {
			author = v.CreatedBy.gid()
		}
		return one(v.GID, parent, typ, str(v.CreatedAt), author, str(v.StatusType), str(v.Title), str(v.Text))
	}
}

// decodeMembership reads a membership of a parent of parentType.
func decodeMembership(parentType string) func([]byte) (*record, error) {
	return func(line []byte) (*record, error) {
		var v struct {
			GID     string  `json:"gid"`
			Parent  *ref    `json:"parent"`
			Member  *ref    `json:"member"`
			Access  *string `json:"access_level"`
			Subtype *string `json:"resource_subtype"`
		}
		if err := decodeInto("memberships", line, &v); err != nil {
			return nil, err
		}
		return one(v.GID, v.Parent.gid(), parentType, v.Member.gid(), str(v.Access), str(v.Subtype))
	}
}

func decodeAuditEvent(line []byte) (*record, error) {
	type party struct {
		Type  *string `json:"actor_type"`
		RType *string `json:"resource_type"`
		GID   *string `json:"gid"`
		Name  *string `json:"name"`
		Email *string `json:"email"`
	}
	var v struct {
		GID       string  `json:"gid"`
		CreatedAt *string `json:"created_at"`
		EventType *string `json:"event_type"`
		Category  *string `json:"event_category"`
		Actor     party   `json:"actor"`
		Resource  party   `json:"resource"`
		Context   struct {
			Type       *string `json:"context_type"`
			AuthMethod *string `json:"api_authentication_method"`
		} `json:"context"`
	}
	if err := decodeInto("audit_log_events", line, &v); err != nil {
		return nil, err
	}
	return one(v.GID, str(v.CreatedAt), str(v.EventType), str(v.Category), str(v.Actor.Type), str(v.Actor.GID),
		str(v.Actor.Name), str(v.Actor.Email), str(v.Resource.RType), str(v.Resource.GID), str(v.Resource.Name),
		str(v.Resource.Email), str(v.Context.Type), str(v.Context.AuthMethod))
}

// decodePortfolioItem reads an item (a project or a portfolio) of a
// portfolio; the backup adds the portfolio it was listed in as
// "portfolio". A line without it has no key.
func decodePortfolioItem(line []byte) (*record, error) {
	var v struct {
		GID       string  `json:"gid"`
		Type      *string `json:"resource_type"`
		Name      *string `json:"name"`
		Portfolio *ref    `json:"portfolio"`
	}
	if err := decodeInto("portfolio_items", line, &v); err != nil {
		return nil, err
	}
	if v.GID == "" || v.Portfolio == nil || v.Portfolio.GID == "" {
		return nil, errNoGID
	}
	return one(v.Portfolio.GID+":"+v.GID, v.Portfolio.GID, v.GID, str(v.Type), str(v.Name))
}
