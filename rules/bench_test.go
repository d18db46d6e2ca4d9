package rules_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asana/webhook"
	"github.com/asanakit/asana-go/asanatest"
	"github.com/asanakit/asana-go/rules"
)

// benchEngine is an engine with one Go rule on every task event, on a
// fake (its account and workspace are given: Validate makes no call).
func benchEngine(b *testing.B, store rules.Store, clock asana.Clock) *rules.Engine {
	b.Helper()
	srv, err := asanatest.New(asanatest.WithRateLimit(0, 0))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(srv.Close)
	org, err := srv.DemoOrganization()
	if err != nil {
		b.Fatal(err)
	}
	// The events name tasks the fake lacks: reading one is a quick 404,
	// and the rule (no scope) runs on it.
	c, err := asana.NewClient(org.ServiceAccountToken, asana.WithBaseURL("http://localhost/api/1.0"),
		asana.WithTransport(srv.Transport()), asana.WithRateLimit(0, 0))
	if err != nil {
		b.Fatal(err)
	}
	eng, err := rules.New(c, []rules.Rule{{Name: "count", When: rules.Trigger{ResourceType: "task"},
		Do: []rules.Action{rules.Func(func(context.Context, *rules.Context) error { return nil })}}},
		rules.WithStore(store), rules.WithSelf("1"), rules.WithWorkspace("2"), rules.WithClock(clock))
	if err != nil {
		b.Fatal(err)
	}
	if err := eng.Validate(b.Context()); err != nil {
		b.Fatal(err)
	}
	return eng
}

func benchEvents(from, n int) []asana.Event {
	evs := make([]asana.Event, n)
	for i := range evs {
		evs[i] = asana.Event{Action: asana.EventChanged, CreatedAt: t0.Add(time.Duration(from+i) * time.Millisecond),
			Resource: &asana.NamedResource{GID: fmt.Sprint(1_000_000 + from + i), ResourceType: "task"},
			User:     &asana.User{GID: "3"}, Change: &asana.EventChange{Field: "name", Action: "changed"}}
	}
	return evs
}

// BenchmarkReceiver measures events handled per second through the
// webhook receiver (signature checked, events decoded, idempotency
// records and jobs stored in one transaction per event) in batches of 10,
// into each store. The jobs are not run: the API quota bounds actions.
func BenchmarkReceiver(b *testing.B) {
	for _, k := range storeKinds {
		b.Run(k.name, func(b *testing.B) {
			store := openStore(b, k.dsn(b))
			eng := benchEngine(b, store, asanatest.NewClock(t0))
			h := eng.Receiver(nil)
			if err := store.SetSecret(b.Context(), "/hooks/p", "secret"); err != nil {
				b.Fatal(err)
			}
			const batch = 10
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				body, _ := json.Marshal(map[string]any{"events": benchEvents(i*batch, batch)})
				req := httptest.NewRequest(http.MethodPost, "/hooks/p", bytes.NewReader(body))
				req.Header.Set(webhook.HeaderSignature, webhook.Sign("secret", body))
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("delivery answered %d: %s", w.Code, w.Body)
				}
			}
			b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "events/s")
		})
	}
}

// BenchmarkStoreGrowth accepts and runs one event per iteration, a million
// a simulated 10 days (one every 864ms), pruning every simulated hour as
// Work does, and reports the SQLite file's size, the idempotency records
// kept and pruned: with pruning the store holds a redelivery window (25
// hours, about 104,000 records at this rate) however many events went by.
// Run it with -benchtime=300000x to pass the window.
func BenchmarkStoreGrowth(b *testing.B) {
	path := filepath.Join(b.TempDir(), "rules.db")
	store := openStore(b, "sqlite:"+path)
	clock := asanatest.NewClock(t0)
	eng := benchEngine(b, store, clock)
	ctx := b.Context()
	var pruned int64
	for i := 0; b.Loop(); i++ {
		if _, err := eng.Accept(ctx, benchEvents(i, 1)); err != nil {
			b.Fatal(err)
		}
		if err := eng.Drain(ctx); err != nil {
			b.Fatal(err)
		}
		clock.Advance(864 * time.Millisecond)
		if i%4167 == 0 { // a simulated hour
			n, err := eng.Prune(ctx)
			if err != nil {
				b.Fatal(err)
			}
			pruned += n
		}
	}
	st, err := store.Stats(ctx)
	if err != nil {
		b.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	wal, _ := os.Stat(path + "-wal")
	size := fi.Size()
	if wal != nil {
		size += wal.Size()
	}
	b.ReportMetric(float64(st.Seen), "records")
	b.ReportMetric(float64(pruned), "pruned")
	if st.Seen > 0 {
		b.ReportMetric(float64(size)/float64(st.Seen), "bytes/record")
	}
	b.ReportMetric(float64(size)/(1<<20), "MiB")
}
