// Package contract holds the contract suite: named, read-only scenarios
// that run the production client (package asana) against an Asana, so that
// any behaviour in which the in-memory fake (package asanatest) and real
// Asana differ shows up as a failing scenario. The package has no API; its
// tests are the suite.
//
// By default the scenarios run against the fake, in process, with the demo
// organization and its service-account token, as part of `go test ./...`.
// TestContractRealMode also runs them the way they run against real Asana
// (configuration from the environment, service-account detection by probe),
// against a fake on a loopback port, with a service-account token, a
// personal token, and a personal token with writes allowed.
//
// # Running against real Asana
//
// Give a token and the suite runs the same scenarios against real Asana
// instead:
//
//	ASANA_CONTRACT_TOKEN=... go test -run TestContract -v ./internal/contract
//
// Optional settings:
//
//   - ASANA_CONTRACT_BASE_URL: the API base URL (default
//     https://app.asana.com/api/1.0), for a proxy or a standalone fake.
//   - ASANA_CONTRACT_ORG: the organization's gid (default: the token's first
//     workspace).
//   - ASANA_CONTRACT_WRITE=1: also run the scenarios that write (create,
//     then delete, a task); they need ASANA_CONTRACT_PROJECT, the gid of a
//     project the token may add tasks to. Against the fake they always run.
//
// Scenarios that need service-account powers (the audit log) are skipped,
// with the reason, when the token is a personal access token. Every scenario
// makes a handful of requests and reads at most a few items of any list, so
// a full run costs well under a hundred requests, far inside the free plan's
// 150 a minute. The token never appears in the output.
//
// # Documented Asana behaviour the scenarios assert
//
//   - A well-formed gid that names no object answers 404 (Asana's docs: "the
//     object specified by the request does not exist"); 403 is for objects
//     that exist but the token may not see, so a scenario that asks for a
//     made-up gid expects ErrNotFound. A malformed gid ("abc") answers 400.
//   - limit outside 1..100 and an offset Asana did not issue answer 400.
//   - The first events call without a sync token answers 412 with a fresh
//     sync token in the body; the call with that token succeeds.
//   - The audit log answers a next_page even at its end; the listing ends on
//     the first empty page.
package contract
