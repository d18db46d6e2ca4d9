package serviceaccounts

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/asanakit/asana-go/internal/safeyaml"
)

// MembershipRule says who may access which projects, portfolios or goals,
// and at what level (admin, editor, commenter, viewer). It selects its
// objects with exactly one of Project, Portfolio, Goal, TeamProjects or
// All. In YAML:
//
//	memberships:
//	  - team_projects: Engineering    # every project of the team
//	    grant:
//	      - team: Engineering         # members of team Engineering are editors
//	        level: editor
//	  - all: true                     # every project, portfolio and goal
//	    max_level:
//	      - outside_domains: [acme.example]  # nobody outside the company above commenter
//	        level: commenter
//	  - portfolio: Board              # visible only to the Leadership team
//	    grant: [{team: Leadership, level: viewer}]
//	    exclusive: true
//
// A grant adds missing members and raises lower levels; a cap lowers
// higher levels, and a cap of "none" removes the member; exclusive removes
// every member no grant names. Where rules overlap, the highest grant and
// the lowest cap win. The owner of an object and the token's own user are
// never lowered or removed (the owner is a finding), and a portfolio,
// which has no commenter level, takes viewer instead.
type MembershipRule struct {
	// Project, Portfolio and Goal name one object (name or gid).
	Project   string `yaml:"project,omitempty" json:"project,omitempty"`
	Portfolio string `yaml:"portfolio,omitempty" json:"portfolio,omitempty"`
	Goal      string `yaml:"goal,omitempty" json:"goal,omitempty"`
	// TeamProjects selects every project of a team (name or gid).
	TeamProjects string `yaml:"team_projects,omitempty" json:"team_projects,omitempty"`
	// All selects every project, portfolio and goal of the organization.
	All bool `yaml:"all,omitempty" json:"all,omitempty"`
	// Grant lists who must be a member, at least at a level.
	Grant []Grant `yaml:"grant,omitempty" json:"grant,omitempty"`
	// MaxLevel caps the level of some people.
	MaxLevel []LevelCap `yaml:"max_level,omitempty" json:"max_level,omitempty"`
	// Exclusive removes every member that Grant does not name.
	Exclusive bool `yaml:"exclusive,omitempty" json:"exclusive,omitempty"`
}

// Grant gives people a membership at least at Level.
type Grant struct {
	// Team grants every member of the team (name or gid).
	Team string `yaml:"team,omitempty" json:"team,omitempty"`
	// Users are email addresses.
	Users []string `yaml:"users,omitempty" json:"users,omitempty"`
	Level string   `yaml:"level" json:"level"`
}

// LevelCap is the highest level some people may have: those whose email
// domain is not one of OutsideDomains, or guests, or both.
type LevelCap struct {
	OutsideDomains []string `yaml:"outside_domains,omitempty" json:"outside_domains,omitempty"`
	Guests         bool     `yaml:"guests,omitempty" json:"guests,omitempty"`
	// Level is admin, editor, commenter, viewer, or none (not a member).
	Level string `yaml:"level" json:"level"`
}

// GuestAccessRule limits the guests of one email domain (any domain for
// "*") on every project, portfolio and goal: the highest level they may
// have, and the only projects they may be members of.
type GuestAccessRule struct {
	Domain string `yaml:"domain" json:"domain"`
	// MaxLevel is their highest level (none: no memberships at all).
	MaxLevel string `yaml:"max_level,omitempty" json:"max_level,omitempty"`
	// Projects, when set, are the only projects (names or gids) they may
	// be members of; they are removed from any other.
	Projects []string `yaml:"projects,omitempty" json:"projects,omitempty"`
}

// levelNone is a cap that allows no membership.
const levelNone = "none"

// rank orders levels: admin 4, editor 3, commenter 2, viewer 1, none 0.
func rank(level string) int {
	if i := slices.Index(accessLevels, level); i >= 0 {
		return len(accessLevels) - i
	}
	return 0
}

// fit is the highest level an object of the kind supports that is not
// above level: a portfolio has no commenter, so commenter becomes viewer.
func fit(level, kind string) string {
	if kind == "portfolio" && level == "commenter" {
		return "viewer"
	}
	return level
}

// selectors counts the selectors a rule sets.
func (r *MembershipRule) selectors() int {
	n := 0
	for _, s := range []string{r.Project, r.Portfolio, r.Goal, r.TeamProjects} {
		if strings.TrimSpace(s) != "" {
			n++
		}
	}
	if r.All {
		n++
	}
	return n
}

// validateMemberships checks the membership and guest access rules.
func (p *Policy) validateMemberships() error {
	for i, r := range p.Memberships {
		path := "memberships[" + strconv.Itoa(i) + "]"
		if n := r.selectors(); n != 1 {
			return fieldErrorf(path, "name exactly one of project, portfolio, goal, team_projects or all (it names %d)", n)
		}
		if len(r.Grant) == 0 && len(r.MaxLevel) == 0 {
			return fieldErrorf(path, "a rule needs grant or max_level")
		}
		if r.Exclusive && len(r.Grant) == 0 {
			return fieldErrorf(path+".exclusive", "an exclusive rule needs grant (it would remove everyone)")
		}
		for j, g := range r.Grant {
			gp := fmt.Sprintf("%s.grant[%d]", path, j)
			if strings.TrimSpace(g.Team) == "" && len(g.Users) == 0 {
				return fieldErrorf(gp, "name a team or users")
			}
			if err := checkEmails(gp+".users", g.Users); err != nil {
				return err
			}
			if rank(g.Level) == 0 {
				return fieldErrorf(gp+".level", "want admin, editor, commenter or viewer, not %s", safeyaml.Quote(g.Level))
			}
		}
		for j, c := range r.MaxLevel {
			cp := fmt.Sprintf("%s.max_level[%d]", path, j)
			if len(c.OutsideDomains) == 0 && !c.Guests {
				return fieldErrorf(cp, "say whom it caps: outside_domains, guests or both")
			}
			for k, d := range c.OutsideDomains {
				if !validDomain(d) {
					return fieldErrorf(fmt.Sprintf("%s.outside_domains[%d]", cp, k), "not a domain name: %s", safeyaml.Quote(d))
				}
			}
			if rank(c.Level) == 0 && c.Level != levelNone {
				return fieldErrorf(cp+".level", "want admin, editor, commenter, viewer or none, not %s", safeyaml.Quote(c.Level))
			}
		}
	}
	for i, g := range p.GuestAccess {
		path := "guest_access[" + strconv.Itoa(i) + "]"
		if g.Domain != "*" && !validDomain(g.Domain) {
			return fieldErrorf(path+".domain", "not a domain name (or *): %s", safeyaml.Quote(g.Domain))
		}
		if g.MaxLevel == "" && len(g.Projects) == 0 {
			return fieldErrorf(path, "a guest rule needs max_level or projects")
		}
		if g.MaxLevel != "" && rank(g.MaxLevel) == 0 && g.MaxLevel != levelNone {
			return fieldErrorf(path+".max_level", "want admin, editor, commenter, viewer or none, not %s", safeyaml.Quote(g.MaxLevel))
		}
	}
	for i, t := range p.Teams {
		if t.Settings != nil {
			if err := t.Settings.validate(fmt.Sprintf("teams[%d].settings", i)); err != nil {
				return err
			}
			if t.Settings.empty() {
				return fieldErrorf(fmt.Sprintf("teams[%d].settings", i), "names no setting")
			}
		}
	}
	return nil
}
