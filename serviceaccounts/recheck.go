package serviceaccounts

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asana/scim"
)

// Stale is a change of a saved plan whose target is no longer as the plan
// saw it.
type Stale struct {
	// Index is the change's place in Plan.Changes, from 0.
	Index  int    `json:"index"`
	Change Change `json:"change"`
	// Reason says what differs.
	Reason string `json:"reason"`
}

// Recheck reads again the current state of each change's target and
// returns, in plan order, the changes whose target no longer matches what
// the plan saw: a team member to remove who already left the team, a guest
// to remove who became a full member, a person to provision who exists, a
// project to archive that was modified. It writes nothing. A plan applied
// long after it was reviewed should be refused (or planned again) when
// any change is stale: it is no longer the plan that was reviewed.
//
// Changes that the journal at journalPath (empty: none; it may not exist
// yet) records for this plan are not checked: they are an earlier,
// interrupted Apply's, which Apply resumes. Recheck costs one or two
// reads per change.
func Recheck(ctx context.Context, c *asana.Client, plan *Plan, journalPath string) ([]Stale, error) {
	done, err := journalStates(journalPath, plan.ID())
	if err != nil {
		return nil, err
	}
	a := &applier{c: c, org: plan.Organization.GID}
	var stale []Stale
	for i, ch := range plan.Changes {
		if err := ch.check(); err != nil {
			return nil, fmt.Errorf("serviceaccounts: change %d: %w", i+1, err)
		}
		if done[ch.ID()] != "" {
			continue
		}
		reason, err := a.staleReason(ctx, ch)
		if err != nil {
			return nil, tokenError("recheck "+string(ch.Kind)+" "+ch.Target(), err)
		}
		if reason != "" {
			stale = append(stale, Stale{Index: i, Change: ch, Reason: reason})
		}
	}
	return stale, nil
}

// journalStates reads the states the journal at path records for planID;
// a missing journal records nothing.
func journalStates(path, planID string) (map[string]string, error) {
	if path == "" {
		return nil, nil
	}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("serviceaccounts: journal: %w", err)
	}
	defer f.Close()
	j := &journal{plan: planID, states: map[string]string{}}
	if err := j.load(f); err != nil {
		return nil, err
	}
	return j.states, nil
}

// staleReason says how the change's target differs from what the plan
// saw; "" when it does not.
func (a *applier) staleReason(ctx context.Context, ch Change) (string, error) {
	switch ch.Kind {
	case AddTeamMember, RemoveTeamMember, ArchiveProject:
		done, err := a.inEffect(ctx, ch)
		if err != nil || done {
			return "already in effect", err
		}
		if ch.Kind == ArchiveProject {
			return a.projectStale(ctx, ch)
		}
		if ch.Kind == AddTeamMember {
			m, err := a.membership(ctx, ch.User.GID)
			if err != nil || m == nil || !m.IsActive {
				return "the user is no longer an active member of the organization", err
			}
		}
		return "", nil
	case RemoveGuest, DeprovisionUser:
		m, err := a.membership(ctx, ch.User.GID)
		switch {
		case err != nil:
			return "", err
		case m == nil || !m.IsActive:
			return "the user is no longer an active member of the organization", nil
		case ch.Kind == RemoveGuest && !m.IsGuest:
			return "the user is no longer a guest", nil
		}
		return "", nil
	case ProvisionUser:
		u, err := scim.New(a.c).Users.GetByUserName(ctx, ch.User.Email)
		switch {
		case errors.Is(err, asana.ErrNotFound):
			if ch.User.GID != "" {
				return "the deactivated user to reactivate no longer exists", nil
			}
			return "", nil
		case err != nil:
			return "", err
		case u.Active:
			return "already in effect", nil
		case ch.User.GID == "":
			return "the person to create exists now (deactivated)", nil
		}
		return "", nil
	case DeleteProject:
		return a.projectStale(ctx, ch)
	}
	return a.staleOther(ctx, ch)
}

// projectStale runs Apply's own check of a project (recheckProject) and
// turns what it finds into a reason.
func (a *applier) projectStale(ctx context.Context, ch Change) (string, error) {
	err := a.recheckProject(ctx, ch)
	switch {
	case errors.Is(err, ErrStale):
		return err.Error(), nil
	case errors.Is(err, asana.ErrNotFound):
		return "the project no longer exists", nil
	}
	return "", err
}

// membership returns the user's membership of the organization, nil if
// there is none.
func (a *applier) membership(ctx context.Context, userGID string) (*asana.WorkspaceMembership, error) {
	opts := &asana.WorkspaceMembershipListOptions{User: userGID,
		ListOptions: asana.ListOptions{Fields: []string{"is_active", "is_guest"}}}
	for m, err := range a.c.WorkspaceMemberships.ListForWorkspace(ctx, a.org, opts).All() {
		if err != nil {
			return nil, err
		}
		return &m, nil
	}
	return nil, nil
}
