// Package asana is a client for the Asana REST API, built for service
// accounts that automate a whole Enterprise organization.
//
// A Client holds one token and one request pipeline that every call goes
// through: it builds the query (opt_fields as a comma list), adds the
// Authorization header, waits for a concurrency slot (50 reads, 15 writes)
// and the token bucket (1,500 requests a minute by default), sends the
// request, decodes Asana's {"data": ...} envelope or its {"errors": [...]}
// body into an *Error, and retries where that is safe: a 429 always, after
// its Retry-After, during which every request of the client waits; 5xx and
// transport errors for GET with exponential backoff and jitter.
//
// Services hang off the client: client.Tasks, client.Projects, client.Users
// and so on. Methods that list objects return an iter.Seq2 that fetches
// pages lazily, and a ListPage twin for callers that checkpoint offsets:
//
//	for task, err := range client.Tasks.ListForProject(ctx, projectGID, nil) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(task.Name)
//	}
//
// Errors from Asana are *Error values; errors.Is matches them against
// ErrNotFound, ErrUnauthorized, ErrRateLimited and the other sentinels.
//
// Each method's documentation ends with the API operation it wraps
// ("asana:operation GET /tasks/{task_gid}"); a test checks every marker
// against Asana's OpenAPI spec.
package asana
