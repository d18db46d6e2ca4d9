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
//   - Plans (plans.go): a workspace is on PlanPersonal, PlanStarter,
//     PlanAdvanced, PlanEnterprise or PlanEnterprisePlus (SetPlan, or PUT
//     /_fake/workspaces/{gid}/plan; by default Enterprise organizations
//     are on PlanEnterprise, other workspaces on PlanPersonal). Only the
//     operations whose spec documents a 402 are gated: time tracking
//     entry lists, timesheet creates and updates and allocations need
//     Advanced, budgets and rates Enterprise (the fake's reading of
//     Asana's pricing); premium search needs any paid plan.
//   - Time tracking (time_tracking*.go, timesheets.go): entries are seen
//     with their task, logged by whoever may edit it and changed only by
//     their author or an admin; duration_minutes is required, entered_on
//     defaults to the clock's day, attributable_to to the task's only
//     project, billable_status to notApplicable, and an entry has at most
//     one active category of its workspace. A task's actual_time_minutes
//     is the sum of its entries (null without any). Categories are
//     managed by admins, names unique per workspace; deleting one takes it
//     off its entries. Timesheets are one user's Monday-to-Sunday week,
//     seen by the user and admins; transitions: draft to submitted,
//     submitted to draft, approved or rejected (admins approve and
//     reject), rejected to draft or submitted, approved to draft (admins);
//     an entry's approval_status is its week's timesheet's, and entries of
//     a submitted or approved week answer 400 to changes. Scoped tokens
//     (time_tracking_entries:read and the like) are not modelled. No
//     events or audit entries are recorded for these kinds.
//   - Resource management (allocations.go, budgets.go, rates.go): an
//     allocation's assignee is a workspace member (no placeholders) and
//     its resource_subtype is always project_allocation; one rate per user
//     and project, in USD; one budget per project. A budget's actual is
//     the minutes of the entries attributed to its project (cost: hours
//     times the author's rate there, 0 without one), filtered by billable
//     status; its estimate from capacity_plans sums the allocations (hours
//     as given, percent of eight-hour weekdays; cost at the assignee's
//     rate), from tasks is 0 (no estimated time on tasks), from none
//     null; value and units of a disabled total are null. Whoever sees
//     the project reads these, whoever may edit it writes them.
//   - Roles (roles.go): every workspace member reads them, admins and the
//     service account write them; standard roles (seeded) are read-only
//     (403); a new role's unset permissions take defaults of its
//     base_role_type that are the fake's guess; a role grants nothing in
//     the fake; archived=true lists seeded archived roles. No audit-log
//     entries.
//   - Access requests (access_requests.go): for projects and portfolios;
//     a requester sees their own, those who manage the target's members
//     see all pending ones and approve (granting a membership at the
//     target's default level: editor, or the portfolio's
//     default_access_level) or reject; a second pending request of the
//     same user, or one from a member, is a 400. The list has no paging,
//     as in the spec; no events.
//   - Out-of-office entries (ooo.go): seen by whoever sees the user,
//     written by the user, its creator or an admin; start_date and
//     end_date of the list bound a window the entries overlap.
//   - Reactions, custom types, agents and rule triggers cannot be created
//     over the API: seed them (AddReaction, AddCustomType, AddAgent,
//     AddRuleTrigger, or Generate). A reaction's emoji base drops
//     skin-tone modifiers and variation selectors; reaction_summary
//     groups by base in order of first use, its variant the first emoji.
//     Stories and status updates keep no likes or hearts. Tasks carry no
//     custom type (custom_type stays null).
//   - Project portfolio settings (project_portfolio_settings.go): one per
//     project and portfolio holding it, made when the project joins
//     (is_access_control_inherited true) and dropped when it leaves; the
//     flag is stored but grants no access.
//   - triggerRule runs no action: it checks that the resource is a task of
//     the rule's project the caller sees and that action_data is an
//     object, and records the run (RuleRuns, GET /_fake/rule_runs).
//   - Project templates keep sections and tasks with due dates as days
//     after the project's start, and request one date variable, gid "1"
//     (the start; an entry without a gid names it too, and a value may be
//     a date or a date-time); a missing start with is_strict is a 400, not
//     Asana's 422. Template roles, rules and custom fields are not kept. A
//     private template is seen by its owner, its team and admins; its owner
//     or an admin deletes it. Task templates keep a recipe of name,
//     description, subtype and relative dates (no subtasks, followers,
//     dependencies or custom fields); they are seen with their project and
//     deleted by its editors; getTaskTemplates requires project.
//     Instantiating either, and saving a project as a template, finish at
//     once as jobs and record no events or stories.
//   - Connected kinds: portfolios and goals carry custom field settings
//     (their custom_fields are the settings' fields with null values: the
//     fake keeps no values on portfolios or goals); a portfolio may
//     support a goal and have status updates (its editors and admins post
//     them), and renders its current_status_update. Adding or removing a
//     portfolio's field changes none of its projects' values. Deleting a
//     portfolio or goal drops its settings, status updates, memberships and
//     the relationships it supported.
//   - Goals (goals.go): in an organization a goal is workspace-level or
//     has a team (one is required); the creator owns and follows a new
//     goal; members_only goals are seen by their owner and followers,
//     guests see only the goals they own or follow and create none, and a
//     secret team's goals only its members; goal memberships
//     (goal_members.go) are explicit records only (the owner and followers
//     need none and are not listed); a member sees the goal even when it is
//     members_only, a commenter or viewer member who does not own it may
//     not edit it or manage its members, and POST /memberships grants
//     commenter by default (the spec's default for goals). A goal's
//     default_access_level is always editor. A
//     like's gid is its user's. getGoals needs one of workspace, team,
//     project, task or portfolio ("workspace: Missing input" otherwise)
//     and intersects several.
//   - Goal metrics keep the current value as written whatever the
//     progress_source (Asana computes the automatic ones);
//     current_display_value is the fake's rendering (precision digits,
//     "12.5%" for percentages, "USD 1000.00" for currencies).
//   - Goal relationships: a resource supports a goal once (a second add
//     is a 400), goals cannot support themselves or form cycles, and
//     removing a resource that does not support the goal is a 404. A
//     relationship whose supporting project, task or goal the caller
//     cannot see is left out of lists and answers 403.
//   - Time periods are seeded (AddTimePeriod, Generate), never written
//     through the API; start_on keeps the periods starting on or after
//     it, end_on those ending on or before it.
//   - Status updates and the deprecated project statuses are one record:
//     a project status's color is its status update's status_type in the
//     old words (green on_track, yellow at_risk, red off_track, blue
//     on_hold), so a project's current_status and current_status_update
//     both show its latest update. Status updates list oldest first; the
//     author or whoever may edit the parent may delete one. A goal's
//     status follows its latest update (on_track green, at_risk yellow,
//     off_track red). Their reactions are seeded (see Reactions below).
//   - Goals, goal relationships, status updates and goal comments record
//     no events, webhook deliveries or audit-log entries, and the fake
//     writes no system stories on goals.
//   - Tags (tags.go): a tag is visible to every member of its workspace
//     except guests, who see only the tags they follow; GET /tags needs
//     workspace; tasks for a tag come in GID order; addTag and removeTag
//     modify the task, write an added_to_tag or removed_from_tag story and
//     record the task "added" to or "removed" from the tag as its parent; a tag's own
//     changes record no events; deleting a tag takes it off its tasks
//     without modifying them or recording events (the tasks stay).
//   - User task lists (user_task_lists.go): one per workspace member, its
//     GID the membership's with a leading 1; visible to whoever sees its
//     owner, its tasks (assigned to the owner, in a project or in none)
//     filtered by task visibility. Its sections are seen and changed only
//     by the owner and the service account, through the section routes
//     and /projects/{user_task_list_gid}/sections (not .../sections/insert);
//     a section's project is the user task list. assignee_section is shown
//     to the assignee only: the section set, else the list's first
//     ("Recently assigned"), null when the list has none; a new assignee
//     resets it. Tasks in a My Tasks section come in GID order
//     (insert_before/after are checked, then ignored); moving one modifies
//     the task but records no event; My Tasks sections record no events.
//   - Portfolios (portfolios.go): a personal token lists only its own
//     portfolios and must send owner (400 "owner: Missing input", 403 for
//     another owner); a service account may omit owner. Members see a
//     portfolio, and a public one (public_to_domain) is visible to the
//     workspace's non-guest members as viewers. Editing and items need
//     editor or admin, delete needs admin; the owner cannot be removed. A
//     portfolio without a color shows light-green (the spec's color is never
//     null). Items the caller cannot see are left out of the items list; a
//     nested portfolio renders as a portfolio with the requested fields a
//     portfolio has. Deleting a project or portfolio takes it out of every
//     portfolio. Deleting one is audited as portfolio_deleted (a guessed
//     name); portfolios record no events or webhook deliveries.
//   - Access levels (access.go): every project member has a membership
//     (the owner admin, others editor unless set), shown by /memberships,
//     /project_memberships and portfolio memberships. For personal tokens a
//     project commenter or viewer may not edit the project; a task may not
//     be edited by a user whose memberships in all of its projects (a
//     subtask's: its parent's) are commenter or viewer, and a viewer may not
//     comment either. A non-member's access follows the project's privacy as
//     before. Members are users only (a team member is a 400); membership
//     GIDs are 17 digits from a sequence of their own; goal memberships
//     share the sequence.
//   - Custom fields (custom_fields.go): every field is a workspace field
//     (is_global_to_workspace true) any full member may create, edit or
//     delete; guests and view-only members may not. Names are unique per
//     workspace, case-insensitively. Portfolio settings need a portfolio
//     editor or admin, goal settings one who may edit the goal; a team's
//     settings come from seeding only (the API adds none), and a project takes
//     values of any field of its workspace, its portfolios' among them
//     (Asana: of its portfolios' fields only). A task takes values of the fields its projects carry
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
//   - Custom ID fields: a field created with id_prefix (1 to 10 letters or
//     digits, upper-cased, unique per workspace; it cannot be changed) has
//     representation_type custom_id and read-only values (writing one,
//     null included, is a 400). A task gets the field's next number when
//     it is created in or added to a project carrying it, or when the
//     project gains the setting (its tasks in creation order); a task that
//     loses the field loses its number, and gets a new one if it gains the
//     field again. display_value is "PREFIX-N", the typed values are null.
//     getTaskForCustomID takes the prefix in any case; an ID of no task is
//     a 404, a task the caller cannot see a 403. These rules are guesses.
//   - Deleted tasks stay in the trash until RestoreTask (the web app's
//     restore; the API has none) brings them back with their deleted
//     subtasks, including subtasks deleted before their parent; nothing
//     purges the trash after 30 days.
//   - Uploaded attachments keep their bytes (up to 100 MB, in memory);
//     download_url is a path of the fake outside the API prefix, signed
//     with HMAC and valid for two minutes on the fake's clock after the
//     read that returned it (Asana: "may only be valid for two minutes").
//     Like a pre-signed S3 URL it refuses a request that also sends an
//     Authorization header (400). Every upload is served as
//     application/octet-stream, whatever the part's Content-Type.
//   - A project has at most one brief: creating a second is a 400 (Asana
//     documents no answer); the brief's access is its project's, and it
//     goes, with its attachments, when the project is deleted. Its
//     permalink_url is a guess (/0/<project>/brief).
//   - Duplication jobs finish at once (the POST shows in_progress, every
//     GET succeeded); search results come from the fake's own matching.
//   - Organization exports run on the fake's clock (pending for a minute,
//     finished after five) and download as gzipped JSON Lines of the
//     organization as of the download.
//   - Resource and graph exports (POST /exports/resource, /exports/graph)
//     are jobs that succeed ExportDuration after creation on the fake's
//     clock; only a service account starts a resource export, one per
//     workspace at a time, and the filters assigned_by.any and
//     liked_by.any answer 400 (the fake records neither); messages are the
//     fake's status updates; a graph export is {"data": [...]} of the
//     parent and what hangs off it, never cached; an export's
//     completed_at is absent, not null, until it completes (exports.go).
//   - Typeahead matches a word prefix of the name (and of a user's email)
//     case-insensitively and answers in GID order, not by Asana's
//     undocumented ranking; a missing resource_type falls back to the
//     deprecated type, then user; agent and project_template answer an
//     empty list, actor answers users (typeahead.go).
//   - Documented fields the fake stores nothing for (team and project
//     access settings, template roles, time tracking, a task's custom type, the old
//     and new values of system stories) are accepted in
//     opt_fields and render as a new object's defaults: null, [], false or
//     the documented default setting.
//   - User custom fields (user_custom_fields.go): the user, an admin or
//     the service account sets values of any field of a workspace the
//     user belongs to (PUT /users/{gid} takes the workspace of the fields
//     it names); a user shows the values of all its workspaces. An
//     unknown field is a 404 naming it. Favorites are seeded (AddFavorite, Generate; the API cannot
//     add them): GET /users/{gid}/favorites lists the caller's, whoever
//     the path names, in the order added, without those the caller no
//     longer sees (favorites.go).
//   - SCIM (/scim/Users, /scim/Groups, the meta endpoints) follows Asana's
//     short SCIM docs and RFC 7644 where they are silent: see scim.go for
//     the guesses (filters on userName and displayName only, 409 for a
//     POST of an existing member, no group DELETE, a deprovisioned user's
//     personal tokens revoked for good).
//   - The batch API (POST /batch) runs its actions one after another, in
//     order (Asana runs them in parallel, in no guaranteed order); a
//     malformed envelope, no actions or more than ten are a 400 of the
//     whole batch, a malformed or disallowed action (uploads, organization
//     exports, SCIM, nested batches) a 400 of its own with the fake's
//     wording; a created record's location header is relative to the API
//     base; a batch refused with 429 counts all its actions against the
//     quota. Injected connection drops and truncations do not apply to
//     actions (batch.go).
//   - Service-account tokens have full access unless issued with scopes
//     (AddScopedServiceAccountToken, or "scopes" in the /_fake control
//     API). The admin console's scoped permissions are modelled under the
//     fake's names scim:users:read (SCIM GETs), scim:users:write (SCIM
//     writes), exports (the organization, resource and graph export
//     routes) and audit_logs
//     (the audit log events route); a scoped token gets 403 on every
//     route its scopes do not cover, including all other REST routes.
//   - A service account's email is service-account-<gid>@service-accounts.invalid
//     (Asana gives service accounts an address; its form is undocumented).
package asanatest
