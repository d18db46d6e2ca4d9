package asanatest

// A portfolio's items: projects and nested portfolios of its workspace, in
// the portfolio's order (insert_before / insert_after place one; without
// either it goes to the end, as in Asana).

// portfolioItem is an item of a portfolio as stored: a project or a
// portfolio.
func (st *state) portfolioItem(gid string) (*Project, *Portfolio) {
	if p := st.projects.get(gid); p != nil {
		return p, nil
	}
	return nil, portfolios(st).portfolios.get(gid)
}

// getItemsForPortfolio lists the items the caller can see. The spec types
// them ProjectCompact; a nested portfolio renders as a portfolio, with
// the requested fields a portfolio has.
func (s *Server) getItemsForPortfolio(rq *request) reply {
	pf, err := rq.pathPortfolio()
	if err != nil {
		return rq.fail(err)
	}
	p, err := rq.paginateOrdered(pf.ItemGIDs, func(g string) bool {
		pr, sub := rq.st.portfolioItem(g)
		return pr != nil && s.canSeeProject(rq.p, pr) || sub != nil && s.canSeePortfolio(rq.p, sub)
	})
	if err != nil {
		return rq.fail(err)
	}
	sel, err := rq.fields()
	if err != nil {
		return rq.fail(err)
	}
	var subSel selection
	for _, f := range sel {
		if _, ok := portfolioKind.fields[f.name]; ok {
			subSel = append(subSel, f)
		}
	}
	if sel != nil && subSel == nil {
		subSel = selection{{name: "name"}}
	}
	data := make([]any, 0, len(p.gids))
	for _, g := range p.gids {
		var o any
		if pr, sub := rq.st.portfolioItem(g); pr != nil {
			o, err = rq.view.project(s.kinds.project, pr, sel, s.kinds.project.compact)
		} else {
			o, err = rq.view.project(portfolioKind, sub, subSel, portfolioKind.compact)
		}
		if err != nil {
			return rq.fail(err)
		}
		data = append(data, o)
	}
	if p.hasLimit {
		return reply{body: listDoc{Data: data, NextPage: p.next}}
	}
	return reply{body: listDocNoPage{Data: data}}
}

// addItemForPortfolio adds (or moves) a project or portfolio of the same
// workspace. A portfolio may not hold itself or a portfolio that holds it.
func (s *Server) addItemForPortfolio(rq *request) reply {
	pf, err := rq.editablePortfolio(false)
	if err != nil {
		return rq.fail(err)
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	item, err := s.bodyPortfolioItem(rq, b, pf)
	if err != nil {
		return rq.fail(err)
	}
	before, err := b.gid("insert_before", false)
	if err != nil {
		return rq.fail(err)
	}
	after, err := b.gid("insert_after", false)
	if err != nil {
		return rq.fail(err)
	}
	if before != "" && after != "" {
		return rq.fail(badRequest("insert_before", "You may only provide one of insert_before and insert_after"))
	}
	anchor := before + after
	if anchor == item {
		return rq.fail(badRequest("item", "Cannot place an item before or after itself"))
	}
	items := removeValue(pf.ItemGIDs, item)
	pos := len(items)
	if anchor != "" {
		i := indexOf(items, anchor)
		if i < 0 {
			name := "insert_before"
			if after != "" {
				name = "insert_after"
			}
			return rq.fail(badRequest(name, "Not an item of the portfolio: %s", anchor))
		}
		pos = i
		if after != "" {
			pos = i + 1
		}
	}
	next := make([]string, 0, len(items)+1)
	next = append(append(append(next, items[:pos]...), item), items[pos:]...)
	pf.ItemGIDs = next
	portfolios(rq.st).holders.add(item, pf.GID)
	projectPortfolioSettings(rq.st).itemAdded(rq.st, pf.GID, item, rq.now)
	pf.ModifiedAt = rq.now
	return rq.empty()
}

// bodyPortfolioItem reads the body's item: a project or portfolio the
// caller sees, in pf's workspace, that does not contain pf.
func (s *Server) bodyPortfolioItem(rq *request, b *body, pf *Portfolio) (string, error) {
	g, err := b.gid("item", true)
	if err != nil {
		return "", err
	}
	pr, sub := rq.st.portfolioItem(g)
	switch {
	case pr == nil && sub == nil:
		return "", notFound("item", g)
	case pr != nil && !s.canSeeProject(rq.p, pr), sub != nil && !s.canSeePortfolio(rq.p, sub):
		return "", forbidden("")
	case pr != nil && pr.WorkspaceGID != pf.WorkspaceGID, sub != nil && sub.WorkspaceGID != pf.WorkspaceGID:
		return "", badRequest("item", "Not in the portfolio's workspace: %s", g)
	case sub != nil && rq.st.portfolioHolds(sub, pf.GID, 0):
		return "", badRequest("item", "A portfolio cannot contain itself: %s", g)
	}
	return g, nil
}

// portfolioHolds reports whether pf is target or holds it, directly or
// through nested portfolios.
func (st *state) portfolioHolds(pf *Portfolio, target string, depth int) bool {
	if pf.GID == target {
		return true
	}
	if depth > 64 {
		return true // deeper than any real nesting: refuse
	}
	for _, it := range pf.ItemGIDs {
		if sub := portfolios(st).portfolios.get(it); sub != nil && st.portfolioHolds(sub, target, depth+1) {
			return true
		}
	}
	return false
}

// removeItemForPortfolio takes an item out; an item the portfolio does not
// hold is a 400.
func (s *Server) removeItemForPortfolio(rq *request) reply {
	pf, err := rq.editablePortfolio(false)
	if err != nil {
		return rq.fail(err)
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	g, err := b.gid("item", true)
	if err != nil {
		return rq.fail(err)
	}
	if pr, sub := rq.st.portfolioItem(g); pr == nil && sub == nil {
		return rq.fail(notFound("item", g))
	}
	if indexOf(pf.ItemGIDs, g) < 0 {
		return rq.fail(badRequest("item", "Not an item of the portfolio: %s", g))
	}
	pf.ItemGIDs = removeValue(pf.ItemGIDs, g)
	portfolios(rq.st).holders.remove(g, pf.GID)
	projectPortfolioSettings(rq.st).itemRemoved(pf.GID, g)
	pf.ModifiedAt = rq.now
	return rq.empty()
}

// portfolioDuplicateParts are the spec's optional parts of a duplicate
// (PortfolioDuplicateRequest.include). The fake stores no description,
// templates or rules, so those copy nothing.
var portfolioDuplicateParts = []string{"description", "members", "permissions", "templates", "rules", "child_projects", "child_portfolios"}

// duplicatePortfolio copies a portfolio the caller sees into a new one
// they own, through a job that finishes at once (jobs.go). include picks
// what comes along: members (with their levels), permissions (public and
// the default access level), child_projects and child_portfolios (items).
func (s *Server) duplicatePortfolio(rq *request) reply {
	src, err := rq.pathPortfolio()
	if err != nil {
		return rq.fail(err)
	}
	if !s.canWrite(rq.p, src.WorkspaceGID) || s.isGuest(rq.p, src.WorkspaceGID) {
		return rq.fail(forbidden("You do not have permission to create portfolios in this workspace"))
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	name, err := b.str("name", true)
	if err != nil {
		return rq.fail(err)
	}
	inc, err := b.str("include", false)
	if err != nil {
		return rq.fail(err)
	}
	include := map[string]bool{}
	for _, part := range splitList(inc) {
		if !containsString(portfolioDuplicateParts, part) {
			return rq.fail(badRequest("include", "Not a valid part to duplicate: %q", part))
		}
		include[part] = true
	}
	pf := &Portfolio{WorkspaceGID: src.WorkspaceGID, OwnerGID: rq.p.user.GID, CreatedByGID: rq.p.user.GID, Name: name,
		Color: src.Color, StartOn: src.StartOn, DueOn: src.DueOn, CreatedAt: rq.now, ModifiedAt: rq.now}
	if include["permissions"] {
		pf.Public, pf.DefaultAccessLevel = src.Public, src.DefaultAccessLevel
	}
	for _, it := range src.ItemGIDs {
		if pr, sub := rq.st.portfolioItem(it); pr != nil && include["child_projects"] || sub != nil && include["child_portfolios"] {
			pf.ItemGIDs = append(pf.ItemGIDs, it)
		}
	}
	rq.st.insertPortfolio(pf)
	if include["members"] {
		ms := memberships(rq.st)
		for _, g := range ms.byParent[src.GID] {
			m := ms.memberships.get(g)
			if ms.level(pf.GID, m.UserGID) == "" {
				ms.insert(&Membership{ParentGID: pf.GID, ParentType: "portfolio", UserGID: m.UserGID, AccessLevel: m.AccessLevel})
			}
		}
	}
	j := storeOf[jobStore](rq.st).insert(rq.st, &Job{ResourceSubtype: "duplicate_portfolio", Status: "succeeded",
		NewPortfolioGID: pf.GID, CreatedByGID: rq.p.user.GID, CreatedAt: rq.now})
	return rq.jobCreated(j)
}
