// Package demo is how every example connects: with a token (see
// cli.LoadToken), to Asana (or to ASANA_BASE_URL, such as a fake started
// with go run ./examples/fakeserver); in demo mode, to the embedded fake
// (package asanatest) seeded with its demo organization, in process, so
// that the examples run anywhere, offline, with the same output every
// time.
//
// One call does it, with Options for what differs between the examples
// (how the organization is found, the fake's clock and rate limit, the
// size of the demo, the words of the notice):
//
//	s, err := demo.Connect(ctx, env, demo.Options{Org: *org, Find: demo.FirstOrg})
//	if err != nil { ... }
//	defer s.Close()
//	// s.Client, s.OrgGID; s.Fake and s.Demo are set in demo mode only.
package demo

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
	"github.com/asanakit/asana-go/examples/internal/cli"
	"github.com/asanakit/asana-go/serviceaccounts"
)

// ErrOrgRequired reports that an example needs the organization named
// (Find is OrgRequired) and it was not, with a token set. Connect's error
// reads "-FLAG is required with ASANA_TOKEN".
var ErrOrgRequired = errors.New("required with ASANA_TOKEN")

// FindOrg says how Connect settles the organization when Options.Org is
// empty and a token is set. In demo mode it is always the demo
// organization.
type FindOrg int

const (
	// OrgAsGiven leaves the organization to the example: OrgGID is
	// Options.Org, possibly empty.
	OrgAsGiven FindOrg = iota
	// OrgRequired fails with ErrOrgRequired when Options.Org is empty.
	OrgRequired
	// FirstOrg takes the first organization (not a plain workspace) the
	// token sees.
	FirstOrg
	// ServiceAccountOrg checks that the token is a service account (of
	// Options.Org when given) and takes its organization.
	ServiceAccountOrg
)

// Clock is how the embedded fake's time passes.
type Clock int

const (
	// StillClock stands still at asanatest.DefaultStart: the demo and
	// every timestamp in the output are the same in every run.
	StillClock Clock = iota
	// RealClock follows the wall clock, for runs that wait (a periodic
	// backup, say).
	RealClock
	// AutoClock jumps ahead at once whenever a client waits on it, so
	// that polling a job that takes minutes of the fake's time takes none
	// of ours. The client shares it.
	AutoClock
)

// Options say what differs between the examples. The zero value connects
// with the defaults.
type Options struct {
	// Org is the organization GID the user asked for (the -org flag);
	// empty lets Find decide. In demo mode, a GID other than the demo
	// organization's is an error.
	Org string
	// OrgFlag names the flag that sets Org in error messages (default
	// "org").
	OrgFlag string
	// Find settles the organization with a token when Org is empty.
	Find FindOrg
	// Timeout bounds each HTTP exchange with Asana (0: none).
	Timeout time.Duration

	// Sizes, when set, generates the demo organization at these sizes
	// (with asanatest.DemoSeed) instead of the fake's own demo.
	Sizes *asanatest.Sizes
	// Clock is how the fake's time passes.
	Clock Clock
	// ShareClock makes the client use the fake's clock (always so under
	// AutoClock), so that times the client stamps follow the fake's.
	ShareClock bool
	// NoRateLimit turns the rate limits off on both sides: on a still
	// clock nothing would ever refill them.
	NoRateLimit bool
	// Notice says what the example does with the demo, after "demo
	// mode: "; nil says "using the embedded fake Asana with its demo
	// organization".
	Notice func(*asanatest.Org) string
}

// Session is a connection to one organization, of Asana or of the
// embedded fake.
type Session struct {
	// Client talks to Asana, or to the fake in process.
	Client *asana.Client
	// OrgGID is the organization to work on (see Options.Find); OrgName
	// is its name when Connect looked it up.
	OrgGID, OrgName string
	// Fake is the embedded fake and Demo its demo organization; both are
	// nil against Asana.
	Fake *asanatest.Server
	Demo *asanatest.Org
	// Now is the time as the organization sees it: the fake's clock in
	// demo mode.
	Now func() time.Time

	clientOpts []asana.Option
}

// Close releases the session: it stops the embedded fake.
func (s *Session) Close() {
	if s.Fake != nil {
		s.Fake.Close()
	}
}

// NewClient returns another client of the same kind as s.Client, for
// token: one of the demo organization's other users, say.
func (s *Session) NewClient(token string) (*asana.Client, error) {
	return asana.NewClient(token, s.clientOpts...)
}

// Connect connects to Asana with env's token, and in demo mode starts the
// embedded fake with the demo organization and says so in env's log. The
// client logs through env's logger. The caller closes the session.
func Connect(ctx context.Context, env *cli.Env, o Options) (*Session, error) {
	if o.OrgFlag == "" {
		o.OrgFlag = "org"
	}
	if env.Demo() {
		return connectFake(env, o)
	}
	if o.Find == OrgRequired && o.Org == "" {
		return nil, cli.Usagef("-%s is %w", o.OrgFlag, ErrOrgRequired)
	}
	opts := []asana.Option{asana.WithLogger(env.Logger)}
	if base := strings.TrimSuffix(strings.TrimSpace(os.Getenv("ASANA_BASE_URL")), "/"); base != "" {
		opts = append(opts, asana.WithBaseURL(base))
	}
	if o.Timeout > 0 {
		opts = append(opts, asana.WithHTTPClient(&http.Client{Timeout: o.Timeout}))
	}
	c, err := env.Token.NewClient(opts...)
	if err != nil {
		return nil, err
	}
	s := &Session{Client: c, OrgGID: o.Org, Now: time.Now}
	switch o.Find {
	case FirstOrg:
		if s.OrgGID == "" {
			err = s.firstOrg(ctx, o.OrgFlag)
		}
	case ServiceAccountOrg:
		err = s.serviceAccountOrg(ctx, env)
	}
	if err != nil {
		return nil, err
	}
	return s, nil
}

// firstOrg takes the first organization the token sees.
func (s *Session) firstOrg(ctx context.Context, flag string) error {
	for ws, err := range s.Client.Workspaces.List(ctx, &asana.ListOptions{Fields: []string{"name", "is_organization"}}).All() {
		if err != nil {
			return err
		}
		if ws.IsOrganization {
			s.OrgGID, s.OrgName = ws.GID, ws.Name
			return nil
		}
	}
	return fmt.Errorf("the token sees no organization; name one with -%s", flag)
}

// serviceAccountOrg checks that the token is a service account of the
// organization (by default: of any, which becomes the organization).
func (s *Session) serviceAccountOrg(ctx context.Context, env *cli.Env) error {
	id, err := serviceaccounts.Verify(ctx, s.Client)
	if err != nil {
		return err
	}
	if s.OrgGID == "" {
		for _, ws := range id.Workspaces {
			if ws.ServiceAccount {
				s.OrgGID, s.OrgName = ws.GID, ws.Name
				break
			}
		}
	}
	if s.OrgGID == "" {
		return id.RequireServiceAccount("(any organization)")
	}
	if err := id.RequireServiceAccount(s.OrgGID); err != nil {
		return err
	}
	env.Logger.Info("connected as a service account", "user", id.User.Name, "organization", s.OrgGID)
	return nil
}

// connectFake starts the embedded fake with the demo organization.
func connectFake(env *cli.Env, o Options) (*Session, error) {
	var fopts []asanatest.Option
	if o.NoRateLimit {
		fopts = append(fopts, asanatest.WithRateLimit(0, time.Minute))
	}
	if o.Clock == RealClock {
		fopts = append(fopts, asanatest.WithRealTime())
	}
	srv, err := asanatest.New(fopts...)
	if err != nil {
		return nil, err
	}
	s := &Session{Fake: srv, Now: srv.Clock().Now}
	if err := s.seed(o, env); err != nil {
		srv.Close()
		return nil, err
	}
	notice := "using the embedded fake Asana with its demo organization"
	if o.Notice != nil {
		notice = o.Notice(s.Demo)
	}
	env.Logger.Info("demo mode: " + notice + " (neither ASANA_TOKEN nor ASANA_TOKEN_FILE is set; nothing outside the fake is changed)")
	return s, nil
}

// seed makes the demo organization and the client of its service account.
func (s *Session) seed(o Options, env *cli.Env) error {
	var err error
	if o.Sizes != nil {
		s.Demo, err = s.Fake.Generate(asanatest.DemoSeed, *o.Sizes)
	} else {
		s.Demo, err = s.Fake.DemoOrganization()
	}
	if err != nil {
		return err
	}
	s.OrgGID, s.OrgName = s.Demo.Organization.GID, s.Demo.Organization.Name
	if o.Org != "" && o.Org != s.OrgGID {
		return fmt.Errorf("the demo organization is %s, not %s", s.OrgGID, o.Org)
	}
	// Asana's own base URL, which the transport ignores: the fake builds
	// links (permalink_url) from the URL it is asked, so they look like
	// Asana's.
	s.clientOpts = []asana.Option{asana.WithTransport(s.Fake.Transport()), asana.WithLogger(env.Logger)}
	if o.Clock == AutoClock {
		// Waits on the fake's clock jump it forward at once.
		s.Fake.Clock().SetAutoAdvance(true)
	}
	if o.ShareClock || o.Clock == AutoClock {
		s.clientOpts = append(s.clientOpts, asana.WithClock(s.Fake.Clock()))
	}
	if o.NoRateLimit {
		s.clientOpts = append(s.clientOpts, asana.WithRateLimit(0, 0))
	}
	s.Client, err = s.NewClient(s.Demo.ServiceAccountToken)
	return err
}
