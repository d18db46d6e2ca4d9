package asanatest

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"
)

// fakeGoroutines returns the stacks of running goroutines that are the
// fake's own (a frame of a method of one of its types), by goroutine
// header, leaving out those of tests.
func fakeGoroutines() map[string]string {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	out := map[string]string{}
	for _, g := range bytes.Split(buf, []byte("\n\n")) {
		s := string(g)
		header, _, _ := strings.Cut(s, "\n")
		id, _, _ := strings.Cut(strings.TrimPrefix(header, "goroutine "), " ")
		if strings.Contains(s, "/asanatest.(*") && !strings.Contains(s, "/asanatest.Test") {
			out[id] = s
		}
	}
	return out
}

// TestNoGoroutineAfterClose: after Close returns, no goroutine of the fake
// is left, whatever was running: the webhook delivery loop, requests on
// every connector, and requests parked on injected latency.
func TestNoGoroutineAfterClose(t *testing.T) {
	before := fakeGoroutines()
	f := newFixture(t, WithWebhookClient(HandlerClient(newTarget())))
	s := f.s
	proj := must(t, s, f.saTok, "POST", "/projects", fmt.Sprintf(`{"data":{"name":"P","team":"%s"}}`, f.public.GID), 201)
	must(t, s, f.saTok, "POST", "/webhooks", fmt.Sprintf(`{"data":{"resource":"%s","target":"https://h.test/ok"}}`, data(t, proj)["gid"]), 201)
	conns := connectors(t, s)
	for name, connect := range conns {
		client, base := connect()
		errc := make(chan error, 1)
		getMe(client, base, f.memberTok, errc)
		if err := <-errc; err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	if err := s.InjectFault(Fault{Route: "/users/{user_gid}", Latency: time.Hour}); err != nil {
		t.Fatal(err)
	}
	errc := make(chan error, len(conns))
	for _, connect := range conns {
		client, base := connect()
		go getMe(client, base, f.memberTok, errc)
	}
	if err := s.Clock().BlockUntil(t.Context(), len(conns)); err != nil {
		t.Fatal(err)
	}
	if len(fakeGoroutines()) <= len(before) {
		t.Fatal("the check sees none of the fake's goroutines while it runs")
	}
	s.Close()
	for range conns {
		if err := <-errc; err == nil {
			t.Error("a request parked on latency survived Close")
		}
	}
	// A goroutine may still be returning from its last deferred call
	// after Close saw it done: let it finish (yielding, not sleeping).
	var left []string
	for range 1000 {
		left = left[:0]
		for id, stack := range fakeGoroutines() {
			if _, ok := before[id]; !ok {
				left = append(left, stack)
			}
		}
		if len(left) == 0 {
			return
		}
		runtime.Gosched()
	}
	t.Errorf("%d goroutines of the fake left after Close:\n%s", len(left), strings.Join(left, "\n\n"))
}
