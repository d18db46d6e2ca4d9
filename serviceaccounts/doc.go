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
// Two ready uses build on the same plan and apply: TeamSyncPolicy makes a
// team's members equal to a list (CSV or YAML), and PlanCleanup archives
// projects in which nothing (the project or any task) changed for a while,
// then deletes those that stayed archived past a grace period.
package serviceaccounts
