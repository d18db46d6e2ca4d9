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
// transport errors for GET with exponential backoff and jitter. The bucket
// never lets more than the quota through in any minute (the burst is carved
// out of the rate), and a wait that would outlast the context's deadline
// fails at once with a *LocalWaitError instead of sleeping in vain.
//
// Services hang off the client: client.Tasks, client.Projects, client.Users
// and so on, one per area of Asana's API; most of them (client.Tags,
// client.Portfolios, client.Goals, client.CustomFields, ...) are generated
// from Asana's OpenAPI spec, and the regular methods of the others too;
// what is special (uploads, downloads, streams, polling, searches, the
// batch API) is written by hand. Methods that list objects return a
// *List: All is an iter.Seq2 that fetches pages lazily, Page and Pages
// serve callers that checkpoint offsets, Raw keeps the items as sent; all
// of them read through one pagination loop with one guard against servers
// that loop. Collect drains a list into a slice. Writes that answer an
// object take *GetOptions to select its fields. ListOf reaches
// endpoints that have no typed method yet, or decode into the caller's own
// struct, as Do does for single calls:
//
//	for tag, err := range asana.ListOf[asana.Tag](ctx, client, "/workspaces/"+gid+"/tags", nil).All() {
//		if err != nil {
//			return err
//		}
//		fmt.Println(tag.Name)
//	}
//
// FieldsOf derives opt_fields from the json tags of the caller's own struct.
//
// Client.Download streams a pre-signed download URL (an attachment's, a
// finished export's) into an io.Writer without sending the token, and
// Jobs.Wait polls a background job (a duplication, an export) on the
// client's clock until it finishes.
//
// client.Batch.Send runs up to ten actions (NewBatchAction) in one HTTP
// request; Asana counts each action against the quota, so the bucket gives
// a batch one token per action.
//
// Errors from Asana are *Error values; errors.Is matches them against
// ErrNotFound, ErrUnauthorized, ErrRateLimited and the other sentinels.
//
// Asana announces breaking changes on its answers, in Asana-Change headers
// (developers.asana.com/docs/deprecations). The client parses them, warns
// through its logger once per change name (and once more when Asana first
// says a request is affected), and hands each one to WithChangeHook with
// the request it came on. WithEnable and WithDisable send Asana-Enable and
// Asana-Disable with every request of a client; EnableChanges and
// DisableChanges do so for the requests of one context, overriding the
// client. RequestInfo, given to both hooks, names the request's Operation
// ("Tasks.Get") and Route ("/tasks/{task_gid}"), bounded metric labels,
// and carries its Context.
//
// # Security
//
// The client treats every answer as untrusted, from Asana, a proxy or a
// fake behind WithBaseURL. A 2xx answer without a non-null "data" member
// ({}, {"data": null}, null, an empty body) is an *Error, never an empty
// object or list; {"data": {}}, what deletes return, and 204 succeed. A
// body over WithMaxResponseBytes (DefaultMaxResponseBytes, 32 MiB) is an
// *Error after costing about that limit in memory. Retry-After, in seconds
// or as a date, is honoured up to 24 hours and ignored beyond. A list whose
// server keeps answering empty pages that point to a next one, or an event
// stream that keeps saying has_more without events, ends after three such
// answers with ErrStalledPagination (the audit log's empty last page is its
// normal end); an offset handed back twice ends it with ErrRepeatedOffset.
//
// The token is sent only to the base URL's host, over https unless the host
// is exactly "localhost" or a loopback IP address, and never appears in an
// error, a log line, or any fmt or slog form of the Client. Text from the
// network that reaches an error (messages, help, phrase, bodies, content
// types, decode errors) has the token redacted. What the client would send
// back or hand over to be saved, a sync token or a next-page offset, is
// refused if it contains the token (an echoed 412 sync token is dropped),
// and no request goes out whose path or query contains it.
//
// Each method's documentation ends with the API operation it wraps
// ("asana:operation GET /tasks/{task_gid}"); a test checks every marker
// against Asana's OpenAPI spec.
package asana
