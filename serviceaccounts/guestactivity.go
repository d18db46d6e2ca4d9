package serviceaccounts

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/asanakit/asana-go/asana"
)

// NoLastLogin is what a report of guest activity says about its source:
// Asana's API has no last-login (or last-seen) field for a user, so
// activity is what the organization's audit log records with the guest as
// the actor (sign-ins, and the actions Asana audits), within the log's
// retention (Asana keeps about 90 days).
const NoLastLogin = "The Asana API exposes no last-login field: a guest counts as active when the audit log records an event with them as the actor (a sign-in or an audited action) since the cutoff; the audit log keeps about 90 days."

// GuestActivity is one guest and the first audit log event of theirs
// since the report's cutoff.
type GuestActivity struct {
	User Ref `json:"user"`
	// FirstEvent is the type and time of their first event since the
	// cutoff; empty and zero for an inactive guest.
	FirstEvent   string    `json:"first_event,omitempty"`
	FirstEventAt time.Time `json:"first_event_at,omitzero"`
}

// GuestActivityReport lists the active guests of an organization with no
// audit log event since a time.
type GuestActivityReport struct {
	Organization Ref       `json:"organization"`
	Since        time.Time `json:"since"`
	// Inactive are the guests with no event since Since, by email.
	Inactive []GuestActivity `json:"inactive"`
	// Active are the others.
	Active []GuestActivity `json:"active"`
	// Note says where activity comes from (NoLastLogin).
	Note string `json:"note"`
}

// ReportInactiveGuests lists the active guests of the organization orgGID
// with no audit log event since since (NoLastLogin explains why the audit
// log: the API has no last-login field). It writes nothing; to remove the
// inactive guests, name them in a policy's deprovision.users and plan.
//
// Reads: the token check and the organization's members (as PlanAccess),
// then one audit log request per guest (the first event with them as
// actor since the cutoff). The token must be a service account, the only
// kind that may read the audit log.
func ReportInactiveGuests(ctx context.Context, c *asana.Client, orgGID string, since time.Time) (*GuestActivityReport, error) {
	if since.IsZero() {
		return nil, errors.New("serviceaccounts: inactive guests: since must be set")
	}
	s, err := readOrg(ctx, c, orgGID)
	if err != nil {
		return nil, err
	}
	rep := &GuestActivityReport{Organization: Ref{GID: s.org.GID, Name: s.org.Name}, Since: since.UTC(), Note: NoLastLogin,
		Inactive: []GuestActivity{}, Active: []GuestActivity{}}
	for _, m := range s.activeMembers() {
		if !m.guest {
			continue
		}
		page, err := c.AuditLog.List(ctx, orgGID, &asana.AuditLogOptions{ActorGID: m.ref.GID, StartAt: since, Limit: 1}).Page("")
		if err != nil {
			return nil, tokenError("read the audit log of "+m.ref.GID, err)
		}
		a := GuestActivity{User: m.ref}
		if len(page.Items) == 0 {
			rep.Inactive = append(rep.Inactive, a)
			continue
		}
		a.FirstEvent, a.FirstEventAt = page.Items[0].EventType, page.Items[0].CreatedAt
		rep.Active = append(rep.Active, a)
	}
	byEmail := func(a, b GuestActivity) int {
		return cmp.Or(strings.Compare(strings.ToLower(a.User.Email), strings.ToLower(b.User.Email)), strings.Compare(a.User.GID, b.User.GID))
	}
	slices.SortFunc(rep.Inactive, byEmail)
	slices.SortFunc(rep.Active, byEmail)
	return rep, nil
}

// WriteText writes the report as a table, inactive guests first.
func (r *GuestActivityReport) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "Guests of %s with no audit log event since %s: %d of %d\n", r.Organization.String(), r.Since.Format(time.DateOnly),
		len(r.Inactive), len(r.Inactive)+len(r.Active))
	fmt.Fprintln(tw, "GUEST\tSTATUS\tFIRST EVENT SINCE")
	for _, a := range r.Inactive {
		fmt.Fprintf(tw, "%s\tinactive\t-\n", oneLine(a.User.String()))
	}
	for _, a := range r.Active {
		fmt.Fprintf(tw, "%s\tactive\t%s at %s\n", oneLine(a.User.String()), a.FirstEvent, a.FirstEventAt.UTC().Format(time.RFC3339))
	}
	fmt.Fprintln(tw, "\nNote: "+r.Note)
	return tw.Flush()
}
