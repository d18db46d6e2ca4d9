// Package webhook receives Asana webhooks: an http.Handler that answers the
// handshake, verifies every delivery's signature before reading it, and
// hands the typed events to a callback off the request path.
//
// Asana creates a webhook (asana.WebhooksService.Create) only after the
// target answered a handshake: a POST carrying an X-Hook-Secret header that
// the target must echo. The Receiver stores that secret through a
// SecretStore (MemoryStore, or FileStore to survive restarts) under a key,
// by default the request path, so give each webhook its own target path.
// Every later delivery carries X-Hook-Signature, the hex HMAC-SHA256 of the
// raw body under that secret; the Receiver checks it in constant time and
// answers 401, without calling the callback, when it is missing or wrong.
//
// Asana expects an answer within 10 seconds, so the Receiver answers 200 as
// soon as a delivery is verified and queued, and workers call the callback.
// A full queue answers 503 so that Asana delivers again later. An empty
// event list is a heartbeat: it is answered and reported to the heartbeat
// hook, never to the callback.
//
// Asana delivers at least once: a delivery may arrive twice. Callbacks that
// act on events should record what they did (package rules does).
package webhook
