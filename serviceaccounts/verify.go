package serviceaccounts

import (
	"context"
	"errors"
	"fmt"

	"github.com/asanakit/asana-go/asana"
)

// ErrTokenRevoked reports a token that Asana does not accept (401): it was
// deauthorized in the admin console, expired, or was never valid. It wraps
// the *asana.Error of the refused request.
var ErrTokenRevoked = errors.New("serviceaccounts: the token was deauthorized or is invalid: create a new one in the admin console")

// ErrNotServiceAccount reports a token without service-account powers (a
// personal access token, or a service account of another organization)
// used where a service account is required.
var ErrNotServiceAccount = errors.New("serviceaccounts: a service account token is required")

// probeExportGID is the organization export that Verify asks for. No
// export has it: the answer's status, not its body, is the information.
const probeExportGID = "1"

// Identity is what Verify learnt about a token.
type Identity struct {
	// User is the token's user (GET /users/me): a person for a personal
	// access token, the bot user for a service account.
	User asana.User `json:"user"`
	// ServiceAccount reports whether the token has service-account
	// powers (see Verify).
	ServiceAccount bool `json:"service_account"`
	// Workspaces are the workspaces and organizations the token reaches.
	Workspaces []WorkspaceAccess `json:"workspaces"`
}

// WorkspaceAccess is one workspace or organization a token reaches.
type WorkspaceAccess struct {
	GID            string `json:"gid"`
	Name           string `json:"name"`
	IsOrganization bool   `json:"is_organization"`
	// ServiceAccount reports that the token may use the service-account
	// endpoints here (organization exports, the audit log, full
	// deprovisioning): it is a service account and this is its
	// organization. A service account belongs to exactly one.
	ServiceAccount bool `json:"service_account"`
}

// Verify tells who a token is, which workspaces it reaches, and whether it
// has service-account powers. It makes three requests:
//
//  1. GET /users/me with the user's workspaces: who the token is. A 401
//     here is ErrTokenRevoked.
//  2. GET /workspaces: the workspaces and organizations it reaches.
//  3. The probe: GET /organization_exports/1, an export that does not exist.
//     Only service accounts may use the organization export endpoints, so a
//     service account gets 404 (no such export) and any other token 403
//     (not allowed). The probe reads nothing and starts nothing, unlike
//     POST /organization_exports, which would start a real export; the
//     audit log (GET /workspaces/{gid}/audit_log_events) is the other
//     service-account-only endpoint but reads organization data.
//
// Any other answer to the probe is returned as an error rather than
// guessed at.
func Verify(ctx context.Context, c *asana.Client) (*Identity, error) {
	me, err := c.Users.Get(ctx, "me", &asana.UserGetOptions{
		GetOptions: asana.GetOptions{Fields: []string{"name", "email", "workspaces", "workspaces.name"}},
	})
	if err != nil {
		return nil, tokenError("verify: who is the token", err)
	}
	id := &Identity{User: asana.User{GID: me.GID, Name: me.Name, Email: me.Email}}
	for ws, err := range c.Workspaces.List(ctx, &asana.ListOptions{Fields: []string{"name", "is_organization"}}).All() {
		if err != nil {
			return nil, tokenError("verify: list workspaces", err)
		}
		id.Workspaces = append(id.Workspaces, WorkspaceAccess{GID: ws.GID, Name: ws.Name, IsOrganization: ws.IsOrganization})
	}
	if id.ServiceAccount, err = probeServiceAccount(ctx, c); err != nil {
		return nil, err
	}
	for i := range id.Workspaces {
		w := &id.Workspaces[i]
		w.ServiceAccount = id.ServiceAccount && w.IsOrganization
	}
	return id, nil
}

// probeServiceAccount asks for an organization export that does not exist:
// 404 means the token may use the endpoint (a service account), 403 (or 402,
// outside Enterprise) that it may not. See Verify.
func probeServiceAccount(ctx context.Context, c *asana.Client) (bool, error) {
	_, err := c.OrganizationExports.Get(ctx, probeExportGID, &asana.GetOptions{Fields: []string{"state"}})
	switch {
	case err == nil, errors.Is(err, asana.ErrNotFound):
		return true, nil
	case errors.Is(err, asana.ErrForbidden), errors.Is(err, asana.ErrPaymentRequired):
		return false, nil
	}
	return false, tokenError("verify: service-account probe (GET /organization_exports/"+probeExportGID+")", err)
}

// RequireServiceAccount returns nil if the identity has service-account
// powers in the organization orgGID, and otherwise an error wrapping
// ErrNotServiceAccount that says what the token is instead.
func (id *Identity) RequireServiceAccount(orgGID string) error {
	for _, w := range id.Workspaces {
		if w.GID == orgGID && w.ServiceAccount {
			return nil
		}
	}
	who := id.User.Name
	if id.User.Email != "" {
		who += " <" + id.User.Email + ">"
	}
	if !id.ServiceAccount {
		return fmt.Errorf("%w: this is a personal access token of %s; create a service account in the admin console (Apps > Service accounts) and use its token", ErrNotServiceAccount, who)
	}
	return fmt.Errorf("%w: the service account %s does not belong to organization %s", ErrNotServiceAccount, who, orgGID)
}

// VerifyServiceAccount is Verify followed by RequireServiceAccount for
// orgGID: the check to run before any admin automation.
func VerifyServiceAccount(ctx context.Context, c *asana.Client, orgGID string) (*Identity, error) {
	id, err := Verify(ctx, c)
	if err != nil {
		return nil, err
	}
	if err := id.RequireServiceAccount(orgGID); err != nil {
		return id, err
	}
	return id, nil
}

// tokenError wraps err with what was being done, turning a 401 into
// ErrTokenRevoked so that callers stop at once with a clear message.
func tokenError(doing string, err error) error {
	if errors.Is(err, asana.ErrUnauthorized) {
		return fmt.Errorf("%w (%s: %w)", ErrTokenRevoked, doing, err)
	}
	return fmt.Errorf("serviceaccounts: %s: %w", doing, err)
}
