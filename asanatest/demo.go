package asanatest

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// DemoSeed is the seed of the demo organization.
const DemoSeed = 2026

// DemoSizes returns the demo organization's sizes: small enough to read in
// a terminal, with one of everything (admin, guest, deprovisioned user,
// archived project, subtasks, comments).
func DemoSizes() Sizes {
	return Sizes{
		Users:           8,
		Admins:          1,
		Guests:          1,
		Inactive:        1,
		Teams:           3,
		Projects:        5,
		TasksPerProject: 6,
		SubtaskRatio:    0.5,
		CommentsPerTask: 1,
		ArchivedRatio:   0.2,
		Goals:           3,
	}
}

// DemoOrganization adds the demo organization, the one every example of
// this module uses: Generate(DemoSeed, DemoSizes()). It is an Enterprise
// organization with three teams, eight people (an admin, a guest and a
// deprovisioned user among them), a service account, and five projects
// (one archived) with tasks, subtasks and comments, three goals for this
// year's quarters or fiscal year, supported by projects, with status
// updates, project briefs and a few attached files. On a fresh fake with a
// manual clock it is the same in every run, GIDs and timestamps included.
func (s *Server) DemoOrganization() (*Org, error) {
	return s.Generate(DemoSeed, DemoSizes())
}

// AddTokenWithSecret issues a token whose secret the caller chooses, for
// a fake whose token is fixed outside Go: the standalone server's -token
// flag, or a secret a test shares with a program in another language. The
// user's kind decides the token's: a service-account token for a service
// account, a personal access token otherwise. The secret must be unused
// and may not contain whitespace; errors never quote it.
func (s *Server) AddTokenWithSecret(userGID, secret string) error {
	if secret == "" || strings.ContainsFunc(secret, unicode.IsSpace) {
		return errors.New("asanatest: a token secret must be non-empty and without whitespace")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.st.users.get(userGID)
	if u == nil {
		return fmt.Errorf("asanatest: no user %s", userGID)
	}
	h := tokenHash(secret)
	if s.st.tokenByHash[h] != nil {
		return errors.New("asanatest: that token secret is already in use")
	}
	kind := TokenPersonal
	if u.ServiceAccount {
		kind = TokenServiceAccount
	}
	s.st.insertToken(&Token{UserGID: userGID, Kind: kind, CreatedAt: s.clock.Now()}, h)
	return nil
}
