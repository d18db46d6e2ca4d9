// Package serviceaccounts automates an Asana Enterprise organization with a
// service account: tokens that never leak, a check of what a token may do,
// access policy as code, and admin chores.
//
// # Tour
//
// Load the token from the environment or a private file, never a literal:
//
//	tok, err := serviceaccounts.TokenFromEnv("") // ASANA_TOKEN
//	c, err := tok.NewClient()
//	id, err := serviceaccounts.VerifyServiceAccount(ctx, c, orgGID)
//
// A Token prints, logs and marshals as "[REDACTED]". Verify tells who the
// token is and whether it has service-account powers; a deauthorized token
// fails with ErrTokenRevoked, a personal token where a service account is
// needed with ErrNotServiceAccount.
//
// Describe who belongs where in a Policy (YAML or JSON, checked strictly,
// with line numbers in every error), plan, review, apply:
//
//	pol, err := serviceaccounts.LoadPolicyFile("policy.yaml")
//	plan, err := serviceaccounts.PlanAccess(ctx, c, orgGID, pol)
//	plan.WriteText(os.Stdout) // or json.Marshal(plan)
//	rep, err := serviceaccounts.Apply(ctx, c, plan, serviceaccounts.ApplyOptions{
//		Journal: "apply.journal", MaxDeprovisions: 5})
//
// Apply works with bounded concurrency under the client's rate limits,
// refuses to deprovision more users than the cap allows, and keeps a journal
// so that an interrupted run continues without repeating a write. After a
// successful apply, a new plan is empty.
//
// Apply runs a plan in phases: handovers and grants first, then the end of
// project and portfolio memberships, then removals from the organization;
// a failure holds the later phases back (ErrPhaseBlocked).
//
// The policy also covers project, portfolio and goal memberships with
// their access levels (MembershipRule: grants to a team's members or to
// users, caps for people outside the company's domains or guests,
// objects exclusive to their grants), guests per email domain
// (GuestAccessRule) and team settings (TeamSettings).
//
// Ready uses build on the same plan and apply: TeamSyncPolicy makes a
// team's members equal to a list (CSV or YAML); PlanCleanup archives
// projects in which nothing (the project, any task and, when counted,
// status updates and comments) changed for a while, then deletes those
// that stayed archived past a grace period; PlanOffboarding hands over the
// work of people who leave (incomplete tasks to their manager or a named
// user, ownership of projects and goals, tasks only in their My Tasks into
// a project) and removes them last:
//
//	plan, err := serviceaccounts.PlanOffboarding(ctx, c, orgGID, serviceaccounts.Offboarding{
//		Users: []string{"eve@acme.example"}, Directory: dir, MyTasksProject: "Handovers", Deprovision: true})
//
// Two reports change nothing: ReportCustomFields (the custom field
// library: duplicate names, unused fields and enum options) and
// ReportInactiveGuests (guests with no audit log event since a date; the
// API has no last-login field).
//
// # Safety promises
//
// A Token never shows its secret: not through String, any fmt verb, JSON,
// text or slog, also when it sits in an unexported field of a logged
// struct. TokenFromEnv refuses an unset or blank variable (ErrNoToken).
//
// The files that decide who loses access (the directory, member lists,
// policies, token files) are read the same way: a file past its limit
// (directory and member list MaxDirectorySize, policy 4 MiB, token 4 KiB) is
// an error, never a shorter file whose missing people would look absent; a
// leading UTF-8 byte order mark is skipped; only regular files are read (a
// named pipe or a device is refused at once, without blocking); and errors
// name the file and line, never a token.
//
// A directory decides no removal by absence when it has no rows or fewer
// than half as many rows as the organization has active members (guests not
// counted): PlanAccess fails with ErrSmallDirectory unless
// Policy.AllowSmallDirectory is set. Every removal in a plan names its
// evidence (Change.Evidence, in the plan's JSON and text): the directory
// file and line, the file a person is absent from and its size, or the
// policy rule. Apply refuses a removal without it, and never removes more
// users than its caps allow.
package serviceaccounts
