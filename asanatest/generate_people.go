package asanatest

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// Generate's people: the organization, its users, service account,
// teams and tokens.

func (g *generator) organization() error {
	name := pick(g.r, genCompanies)
	first, _, _ := strings.Cut(name, " ")
	g.domain = strings.ToLower(first) + ".example"
	org, err := g.s.AddWorkspace(Workspace{
		Name:           name,
		IsOrganization: true,
		Enterprise:     true,
		EmailDomains:   []string{g.domain},
		CreatedAt:      g.now.Add(-3*365*day - time.Duration(g.r.IntN(365))*day),
	})
	g.org, g.out.Organization = org, org
	return err
}

type genRole int

func (g *generator) users() error {
	n := g.sz.Users
	roles := make([]genRole, n)
	i := 0
	for _, rc := range []struct {
		role genRole
		n    int
	}{{roleAdmin, g.sz.Admins}, {roleGuest, g.sz.Guests}, {roleInactive, g.sz.Inactive}} {
		for range rc.n {
			roles[i] = rc.role
			i++
		}
	}
	// The first user stays an admin (whoever set up the organization);
	// everyone else joins in random order.
	start := min(1, g.sz.Admins)
	g.r.Shuffle(n-start, func(a, b int) { roles[start+a], roles[start+b] = roles[start+b], roles[start+a] })

	seen := make(map[string]int, n)
	span := 2 * 365 * day
	g.out.Users = make([]User, 0, n)
	for i, role := range roles {
		first, last := pick(g.r, genFirstNames), pick(g.r, genLastNames)
		domain := g.domain
		if role == roleGuest {
			domain = pick(g.r, genPartnerDomains)
		}
		local := strings.ToLower(first + "." + last)
		if k := seen[local+"@"+domain]; k > 0 {
			seen[local+"@"+domain] = k + 1
			local += strconv.Itoa(k + 1)
		} else {
			seen[local+"@"+domain] = 1
		}
		u := User{
			Name:      first + " " + last,
			Email:     local + "@" + domain,
			CreatedAt: g.now.Add(-span + time.Duration(float64(span-30*day)*float64(i)/float64(n))),
		}
		if g.chance(0.75) {
			u.Photo = genPhotoBase + "u" + strconv.Itoa(i)
		}
		u, err := g.s.AddUser(u)
		if err != nil {
			return err
		}
		opts := MemberOptions{Admin: role == roleAdmin, Guest: role == roleGuest, Inactive: role == roleInactive}
		if _, err := g.s.AddWorkspaceMember(g.org.GID, u.GID, opts); err != nil {
			return err
		}
		g.out.Users = append(g.out.Users, u)
		switch role {
		case roleGuest:
			g.guests = append(g.guests, u.GID)
			if g.out.Guest.GID == "" {
				g.out.Guest = u
			}
		case roleInactive:
			g.inactive = append(g.inactive, u.GID)
		case roleAdmin:
			g.active = append(g.active, u.GID)
			if g.out.Admin.GID == "" {
				g.out.Admin = u
			}
		default:
			g.active = append(g.active, u.GID)
			if g.out.Member.GID == "" {
				g.out.Member = u
			}
		}
	}
	g.out.Inactive = g.inactive
	return nil
}

func (g *generator) serviceAccount() error {
	sa, tok, err := g.s.AddServiceAccount(g.org.GID, pick(g.r, genServiceAccounts))
	if err != nil {
		return err
	}
	sa.Photo = genPhotoBase + "bot"
	if err := g.s.SetPhoto(sa.GID, sa.Photo); err != nil {
		return err
	}
	g.out.ServiceAccount, g.out.ServiceAccountToken = sa, tok
	return nil
}

func (g *generator) teams() error {
	n := g.sz.Teams
	g.teamMembers, g.teamGuests = make([][]string, n), make([][]string, n)
	g.out.Teams = make([]Team, 0, n)
	for i := range n {
		name := genTeams[i%len(genTeams)]
		if i >= len(genTeams) {
			name += " " + strconv.Itoa(i/len(genTeams)+1)
		}
		vis := VisibilityRequestToJoin
		switch x := g.r.Float64(); {
		case x < 0.35:
			vis = VisibilityPublic
		case x < 0.5 && i > 0:
			vis = VisibilitySecret
		}
		t, err := g.s.AddTeam(Team{
			OrganizationGID: g.org.GID,
			Name:            name,
			Description:     pick(g.r, genTeamDescriptions),
			Visibility:      vis,
			CreatedAt:       g.between(g.org.CreatedAt, g.now.Add(-400*day)),
		})
		if err != nil {
			return err
		}
		g.out.Teams = append(g.out.Teams, t)
	}
	if n == 0 {
		return nil
	}
	// Every active person joins one team in turn (so every team has people
	// when there are enough), and often one or two more.
	for k, u := range g.active {
		joined := []int{k % n}
		for extra := 0; extra < 2 && len(joined) < n && g.chance(0.45); extra++ {
			t := g.r.IntN(n)
			for slices.Contains(joined, t) {
				t = (t + 1) % n
			}
			joined = append(joined, t)
		}
		for _, t := range joined {
			g.teamMembers[t] = append(g.teamMembers[t], u)
		}
	}
	for _, u := range g.guests {
		t := g.r.IntN(n)
		g.teamGuests[t] = append(g.teamGuests[t], u)
	}
	for i, t := range g.out.Teams {
		for k, u := range g.teamMembers[i] {
			if _, err := g.s.AddTeamMember(t.GID, u, MemberOptions{Admin: k == 0}); err != nil {
				return err
			}
		}
		for _, u := range g.teamGuests[i] {
			if _, err := g.s.AddTeamMember(t.GID, u, MemberOptions{Guest: true}); err != nil {
				return err
			}
		}
	}
	return nil
}

// tokens issues a personal access token to the first user of each role.
func (g *generator) tokens() error {
	for _, rt := range []struct {
		u   User
		tok *string
	}{{g.out.Admin, &g.out.AdminToken}, {g.out.Member, &g.out.MemberToken}, {g.out.Guest, &g.out.GuestToken}} {
		if rt.u.GID == "" {
			continue
		}
		tok, err := g.s.AddPersonalAccessToken(rt.u.GID)
		if err != nil {
			return err
		}
		*rt.tok = tok
	}
	return nil
}

const (
	roleMember genRole = iota
	roleAdmin
	roleGuest
	roleInactive
)
