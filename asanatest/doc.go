// Package asanatest is an in-memory fake of the Asana REST API for tests
// that must not reach the network. It speaks HTTP and JSON only (it does
// not import the asana client), keeps its state in Go structs, and behaves
// like Asana where tests can tell: {"data"} envelopes, {"errors"} bodies
// with Asana's status codes and messages, opt_fields projection, limit and
// expiring offset pagination, service-account and personal-token
// visibility, per-token rate limits, injectable faults and a controllable
// clock.
//
// # Tour
//
// Start a fake, seed an organization and get tokens:
//
//	srv := asanatest.NewServer(t) // loopback listener, closed with the test
//	org := asanatest.Must(srv.AddWorkspace(asanatest.Workspace{
//		Name: "Acme", IsOrganization: true, Enterprise: true}))
//	alice := asanatest.Must(srv.AddUser(asanatest.User{Name: "Alice", Email: "alice@acme.test"}))
//	asanatest.Must(srv.AddWorkspaceMember(org.GID, alice.GID, asanatest.MemberOptions{Admin: true}))
//	pat := asanatest.Must(srv.AddPersonalAccessToken(alice.GID))
//	bot, saToken, err := srv.AddServiceAccount(org.GID, "Backup bot")
//
// Connect a client in one of four ways: srv.URL() (loopback HTTP, after
// NewServer or Start), srv.HTTPClient() or srv.Transport() (in process, no
// sockets), srv.RegisterHTTPMock(mockTransport, "https://app.asana.com/api/1.0"),
// or srv.Handler() in a server of your own.
//
// Time stands still: the clock starts at DefaultStart and moves only with
// srv.Clock().Advance or Set (or follows the wall clock under
// WithRealTime). Offsets expire, rate-limit windows roll and injected
// latency elapses on that clock, so tests never sleep:
//
//	srv.InjectFault(asanatest.Fault{Route: "/users/{user_gid}", Latency: time.Second, Times: 1})
//	go doRequest()
//	srv.Clock().BlockUntil(ctx, 1) // the request is waiting
//	srv.Clock().Advance(time.Second)
//
// Afterwards, srv.Requests() lists what the fake answered (the latest
// 10,000 requests unless WithRequestLogSize says otherwise;
// srv.RequestCounts() counts all of them), and the
// inspection methods (srv.Task, srv.TeamMembers, ...) return copies of its
// state. Admin-console operations (RenameServiceAccount, SetPhoto,
// DeauthorizeToken, ServiceAccounts) and web-app actions the API lacks
// (RestoreTask: restore a deleted task from the trash, recording its
// "undeleted" events) also exist as /_fake/ control endpoints for clients
// in other languages.
//
// The fake never panics at its client. A body it cannot decode is a 400; a
// panic of the fake's own code (always a bug of the fake) is answered 500
// in Asana's error envelope, over the loopback listener, Handler and the
// in-process Transport alike, is kept in srv.Panics() (with the stack) and
// marked in srv.Requests(), and fails the test given to NewServer with the
// route and the stack, so the test that found it does not pass silently.
//
// # Differences from Asana
//
//   - Unknown opt_fields are a 400 naming the field.
//   - Objects that exist but are not visible answer 403.
//   - Offset error messages are the fake's own wording.
//   - Rate-limit windows are fixed, not sliding; the cost quota is not
//     modelled.
//   - Tags, goals, user task lists and project templates are not
//     modelled: routes about them answer 404 for the object (a
//     saveAsTemplate job succeeds with a template reference only).
//   - Custom fields (custom_fields.go): every field is a workspace field
//     (is_global_to_workspace true) any full member may create, edit or
//     delete; guests and view-only members may not. Names are unique per
//     workspace, case-insensitively. Portfolio and goal settings answer 404 for
//     the portfolio or goal until the fake models them, a team's settings
//     come from seeding only (the API adds none), and a project takes
//     values of any field of its workspace (Asana: of its portfolios'
//     fields). A task takes values of the fields its projects carry
//     ("Custom field with ID ... is not on given object" otherwise); the
//     other validation messages, display_value of currency ("EUR 12.50")
//     and custom-label numbers, and the 1024-character text limit are the
//     fake's guesses. A value leaves a task when the last project carrying
//     its field drops the setting or the task leaves that project.
//     Search filters: custom_fields.{gid}.is_set, value, starts_with,
//     ends_with, contains, less_than and greater_than. A duplicated project
//     keeps its settings, a duplicated task the values its new projects
//     carry fields for (a guess); no custom field change enters the audit
//     log, and settings changes raise no events.
//   - Deleted tasks stay in the trash until RestoreTask (the web app's
//     restore; the API has none) brings them back with their deleted
//     subtasks, including subtasks deleted before their parent; nothing
//     purges the trash after 30 days.
//   - Attachments keep metadata only: uploaded files have no download_url.
//   - Duplication jobs finish at once (the POST shows in_progress, every
//     GET succeeded); search results come from the fake's own matching.
//   - Organization exports run on the fake's clock (pending for a minute,
//     finished after five) and download as gzipped JSON Lines of the
//     organization as of the download.
//   - Documented fields the fake stores nothing for (team and project
//     access settings, templates, status updates, time tracking, custom
//     types, the old and new values of system stories) are accepted in
//     opt_fields and render as a new object's defaults: null, [], false or
//     the documented default setting.
//   - Favorites and user custom fields are not modelled: every favorites
//     list is empty, and setting a user's custom field answers 404 for the
//     field.
//   - SCIM (/scim/Users, /scim/Groups, the meta endpoints) follows Asana's
//     short SCIM docs and RFC 7644 where they are silent: see scim.go for
//     the guesses (filters on userName and displayName only, 409 for a
//     POST of an existing member, no group DELETE, a deprovisioned user's
//     personal tokens revoked for good).
//   - Service-account tokens have full access unless issued with scopes
//     (AddScopedServiceAccountToken, or "scopes" in the /_fake control
//     API). Only the admin console's user-provisioning scopes are
//     modelled, under the fake's names scim:users:read (SCIM GETs) and
//     scim:users:write (SCIM writes); a scoped token gets 403 on every
//     route its scopes do not cover, including all REST routes.
package asanatest
