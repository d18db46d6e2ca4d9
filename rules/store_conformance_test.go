package rules_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/rules"
)

// postgresURL returns the URL of a fresh schema on the test server, dropped
// when the test ends, or skips the test when ASANA_TEST_POSTGRES_URL is
// unset (.ci/run starts a server and sets it; see .ci/postgres.sh).
func postgresURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv("ASANA_TEST_POSTGRES_URL")
	if base == "" {
		t.Skip("ASANA_TEST_POSTGRES_URL is not set: no PostgreSQL to test against (source .ci/postgres.sh && pg_start)")
	}
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	schema := fmt.Sprintf("t%d_%d", time.Now().UnixNano(), schemaSeq.Add(1))
	if _, err := db.ExecContext(context.Background(), "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("PostgreSQL at ASANA_TEST_POSTGRES_URL: %v", err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", base)
		if err == nil {
			_, _ = db.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
			db.Close()
		}
	})
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + "search_path=" + schema
}

var schemaSeq atomic.Int64

// storeKinds opens each kind of store; sqlite and postgres stores opened
// twice on one dsn share their data, as two processes (or replicas) do.
var storeKinds = []struct {
	name string
	dsn  func(t testing.TB) string // "" for the memory store
}{
	{"memory", func(testing.TB) string { return "" }},
	{"sqlite", func(t testing.TB) string { return "sqlite:" + filepath.Join(t.TempDir(), "rules.db") }},
	{"postgres", postgresURL},
}

func openStore(t testing.TB, dsn string) rules.Store {
	t.Helper()
	if dsn == "" {
		return &rules.MemoryStore{}
	}
	s, err := rules.OpenStore(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func testEvent(gid string) asana.Event {
	return asana.Event{Action: asana.EventAdded, CreatedAt: t0,
		Resource: &asana.NamedResource{GID: gid, ResourceType: "task"}, Parent: &asana.NamedResource{GID: "9", ResourceType: "project"}}
}

// TestStoreConformance runs one suite against every Store.
func TestStoreConformance(t *testing.T) {
	for _, k := range storeKinds {
		t.Run(k.name, func(t *testing.T) {
			for _, c := range conformance {
				t.Run(c.name, func(t *testing.T) { c.run(t, openStore(t, k.dsn(t))) })
			}
		})
	}
}

var conformance = []struct {
	name string
	run  func(t *testing.T, s rules.Store)
}{
	{"key-values", func(t *testing.T, s rules.Store) {
		ctx := t.Context()
		if _, ok, err := s.Secret(ctx, "/hooks/a"); ok || err != nil {
			t.Fatalf("secret before any: %v %v", ok, err)
		}
		must(t, s.SetSecret(ctx, "/hooks/a", "s1"))
		must(t, s.SetSecret(ctx, "/hooks/a", "s2"))
		if v, ok, err := s.Secret(ctx, "/hooks/a"); v != "s2" || !ok || err != nil {
			t.Errorf("secret = %q %v %v, want s2", v, ok, err)
		}
		must(t, s.DeleteSecret(ctx, "/hooks/a"))
		if _, ok, _ := s.Secret(ctx, "/hooks/a"); ok {
			t.Error("secret survived DeleteSecret")
		}
		if tok, err := s.SyncToken(ctx, "p1"); tok != "" || err != nil {
			t.Errorf("token before any = %q %v", tok, err)
		}
		must(t, s.SetSyncToken(ctx, "p1", "tok1"))
		must(t, s.SetSyncToken(ctx, "p2", "tok2"))
		if tok, _ := s.SyncToken(ctx, "p1"); tok != "tok1" {
			t.Errorf("token p1 = %q", tok)
		}
		// One namespace does not leak into another.
		if _, ok, _ := s.Value(ctx, "p1"); ok {
			t.Error("a sync token is visible as a value")
		}
		must(t, s.SetValue(ctx, "f", "High"))
		if v, ok, _ := s.Value(ctx, "f"); v != "High" || !ok {
			t.Errorf("value = %q %v", v, ok)
		}
	}},
	{"accept once", func(t *testing.T, s rules.Store) {
		ctx := t.Context()
		jobs := []rules.Job{{Key: "e1/r1", Rule: "r1", Event: testEvent("1")}, {Key: "e1/r2", Rule: "r2", Event: testEvent("1")}}
		ok, err := s.Accept(ctx, "e1", t0, jobs)
		if !ok || err != nil {
			t.Fatalf("first accept: %v %v", ok, err)
		}
		ok, err = s.Accept(ctx, "e1", t0.Add(time.Second), jobs)
		if ok || err != nil {
			t.Fatalf("second accept: %v %v, want false", ok, err)
		}
		got, err := s.Lease(ctx, "w1", t0, time.Minute, 10)
		if err != nil || len(got) != 2 {
			t.Fatalf("lease: %d jobs, %v; want 2", len(got), err)
		}
		if got[0].Rule != "r1" || got[1].Rule != "r2" || got[0].Event.Resource.GID != "1" || !got[0].CreatedAt.Equal(t0) ||
			got[0].Event.Parent.GID != "9" || !got[0].Event.CreatedAt.Equal(t0) {
			t.Errorf("leased %+v", got)
		}
		if st, _ := s.Stats(ctx); st != (rules.StoreStats{Seen: 1, Pending: 2}) {
			t.Errorf("stats %+v", st)
		}
	}},
	{"accept a batch", func(t *testing.T, s rules.Store) {
		ctx := t.Context()
		mustAccept(t, s, "old", rules.Job{Key: "old/r", Rule: "r", Event: testEvent("6")})
		ok, err := s.AcceptBatch(ctx, t0, []rules.Pending{
			{Key: "a", Jobs: []rules.Job{{Key: "a/r", Rule: "r", Event: testEvent("7")}}},
			{Key: "old", Jobs: []rules.Job{{Key: "old/r2", Rule: "r2", Event: testEvent("6")}}},
			{Key: "a", Jobs: []rules.Job{{Key: "a/r", Rule: "r", Event: testEvent("7")}}}, // twice in one delivery
			{Key: "b"},
		})
		if err != nil || len(ok) != 4 || !ok[0] || ok[1] || ok[2] || !ok[3] {
			t.Fatalf("accepted %v, %v; want [true false false true]", ok, err)
		}
		if st, _ := s.Stats(ctx); st.Seen != 3 || st.Pending != 2 {
			t.Errorf("stats %+v, want 3 seen and 2 jobs", st)
		}
	}},
	{"accept a large batch", func(t *testing.T, s rules.Store) {
		// More events than one insert takes, and more jobs than one insert
		// of jobs takes.
		var batch []rules.Pending
		for i := range 1200 {
			k := fmt.Sprint("k", i)
			var jobs []rules.Job
			for r := range 3 {
				jobs = append(jobs, rules.Job{Key: fmt.Sprint(k, "/r", r), Rule: fmt.Sprint("r", r), Event: testEvent(fmt.Sprint(i))})
			}
			batch = append(batch, rules.Pending{Key: k, Jobs: jobs})
		}
		ok, err := s.AcceptBatch(t.Context(), t0, batch)
		if err != nil || len(ok) != 1200 || !ok[0] || !ok[1199] {
			t.Fatalf("accept: %v", err)
		}
		if st, _ := s.Stats(t.Context()); st.Seen != 1200 || st.Pending != 3600 {
			t.Errorf("stats %+v", st)
		}
	}},
	{"concurrent accept", func(t *testing.T, s rules.Store) {
		ctx := t.Context()
		var wins atomic.Int32
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				ok, err := s.Accept(ctx, "e", t0, []rules.Job{{Key: "e/r", Rule: "r", Event: testEvent("2")}})
				if err != nil {
					t.Error(err)
				}
				if ok {
					wins.Add(1)
				}
			})
		}
		wg.Wait()
		if wins.Load() != 1 {
			t.Errorf("%d callers accepted one event, want 1", wins.Load())
		}
	}},
	{"lease, advance, complete", func(t *testing.T, s rules.Store) {
		ctx := t.Context()
		mustAccept(t, s, "e", rules.Job{Key: "e/r", Rule: "r", Event: testEvent("3")})
		got, _ := s.Lease(ctx, "w1", t0, time.Minute, 10)
		if len(got) != 1 {
			t.Fatalf("%d jobs", len(got))
		}
		id := got[0].ID
		// Leased: nobody else gets it until the lease ends.
		if other, _ := s.Lease(ctx, "w2", t0.Add(30*time.Second), time.Minute, 10); len(other) != 0 {
			t.Errorf("a live lease was taken over: %+v", other)
		}
		// Advancing extends the lease: at t0+1m (the first lease's end) it
		// is still held.
		must(t, s.Advance(ctx, id, "w1", 2, t0.Add(90*time.Second)))
		if other, _ := s.Lease(ctx, "w2", t0.Add(time.Minute), time.Minute, 10); len(other) != 0 {
			t.Errorf("an extended lease was taken over: %+v", other)
		}
		if err := s.Advance(ctx, id, "w2", 3, t0.Add(time.Hour)); !errors.Is(err, rules.ErrLeaseLost) {
			t.Errorf("advance by a stranger: %v", err)
		}
		// The lease expires (the worker died): another takes over, at the
		// step reached.
		again, _ := s.Lease(ctx, "w2", t0.Add(90*time.Second), time.Minute, 10)
		if len(again) != 1 || again[0].Step != 2 {
			t.Fatalf("after expiry: %+v", again)
		}
		if err := s.Complete(ctx, id, "w1"); !errors.Is(err, rules.ErrLeaseLost) {
			t.Errorf("complete by the old owner: %v", err)
		}
		must(t, s.Complete(ctx, id, "w2"))
		if err := s.Complete(ctx, id, "w2"); !errors.Is(err, rules.ErrLeaseLost) {
			t.Errorf("second complete: %v", err)
		}
		if st, _ := s.Stats(ctx); st.Pending != 0 || st.Seen != 1 {
			t.Errorf("stats %+v", st)
		}
	}},
	{"retry, dead letters, replay", func(t *testing.T, s rules.Store) {
		ctx := t.Context()
		mustAccept(t, s, "e", rules.Job{Key: "e/r", Rule: "r", Event: testEvent("4")})
		got, _ := s.Lease(ctx, "w", t0, time.Minute, 1)
		id := got[0].ID
		must(t, s.Retry(ctx, id, "w", "boom", t0.Add(10*time.Second), false))
		if early, _ := s.Lease(ctx, "w", t0.Add(5*time.Second), time.Minute, 1); len(early) != 0 {
			t.Error("leased before its backoff ended")
		}
		got, _ = s.Lease(ctx, "w", t0.Add(10*time.Second), time.Minute, 1)
		if len(got) != 1 || got[0].Attempts != 1 || got[0].LastError != "boom" {
			t.Fatalf("after backoff: %+v", got)
		}
		must(t, s.Retry(ctx, id, "w", "boom again", t0.Add(time.Hour), true))
		if later, _ := s.Lease(ctx, "w", t0.Add(48*time.Hour), time.Minute, 1); len(later) != 0 {
			t.Error("a dead letter was leased")
		}
		dead, err := s.DeadLetters(ctx, 10)
		if err != nil || len(dead) != 1 || !dead[0].Dead || dead[0].Attempts != 2 || dead[0].LastError != "boom again" {
			t.Fatalf("dead letters %+v %v", dead, err)
		}
		if st, _ := s.Stats(ctx); st.Dead != 1 || st.Pending != 0 {
			t.Errorf("stats %+v", st)
		}
		if err := s.Replay(ctx, 999999, t0); !errors.Is(err, rules.ErrNoJob) {
			t.Errorf("replay unknown: %v", err)
		}
		at := t0.Add(50 * time.Hour)
		must(t, s.Replay(ctx, id, at))
		got, _ = s.Lease(ctx, "w", at, time.Minute, 1)
		if len(got) != 1 || got[0].Attempts != 0 || got[0].Dead {
			t.Fatalf("replayed: %+v", got)
		}
		if dead, _ := s.DeadLetters(ctx, 10); len(dead) != 0 {
			t.Errorf("still dead: %+v", dead)
		}
	}},
	{"due order and limit", func(t *testing.T, s rules.Store) {
		ctx := t.Context()
		for i := range 5 {
			key := fmt.Sprint("e", i)
			if ok, err := s.Accept(ctx, key, t0.Add(time.Duration(i)*time.Second), []rules.Job{{Key: key + "/r", Rule: "r", Event: testEvent(fmt.Sprint(i + 10))}}); !ok || err != nil {
				t.Fatal(ok, err)
			}
		}
		got, _ := s.Lease(ctx, "w", t0.Add(time.Hour), time.Minute, 3)
		if len(got) != 3 || got[0].Event.Resource.GID != "10" || got[2].Event.Resource.GID != "12" {
			t.Fatalf("lease 3: %+v", got)
		}
		rest, _ := s.Lease(ctx, "w2", t0.Add(time.Hour), time.Minute, 10)
		if len(rest) != 2 {
			t.Fatalf("rest: %d", len(rest))
		}
	}},
	{"prune", func(t *testing.T, s rules.Store) {
		ctx := t.Context()
		for i := range 4 {
			if _, err := s.Accept(ctx, fmt.Sprint("k", i), t0.Add(time.Duration(i)*time.Hour), nil); err != nil {
				t.Fatal(err)
			}
		}
		n, err := s.Prune(ctx, t0.Add(2*time.Hour))
		if n != 2 || err != nil {
			t.Fatalf("pruned %d, %v; want 2", n, err)
		}
		// A pruned key is accepted again (past the redelivery window, that
		// cannot be a redelivery); a kept one is not.
		if ok, _ := s.Accept(ctx, "k0", t0.Add(3*time.Hour), nil); !ok {
			t.Error("pruned key refused")
		}
		if ok, _ := s.Accept(ctx, "k3", t0.Add(3*time.Hour), nil); ok {
			t.Error("kept key accepted twice")
		}
	}},
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func mustAccept(t *testing.T, s rules.Store, key string, jobs ...rules.Job) {
	t.Helper()
	if ok, err := s.Accept(t.Context(), key, t0, jobs); !ok || err != nil {
		t.Fatalf("accept %s: %v %v", key, ok, err)
	}
}

// TestStoreSharedAcrossOpens checks that the SQL stores keep their state
// across a reopen (a restart) and that two opens of one PostgreSQL store
// (two replicas) accept an event once and lease disjoint jobs.
func TestStoreSharedAcrossOpens(t *testing.T) {
	for _, k := range storeKinds[1:] {
		t.Run(k.name, func(t *testing.T) {
			dsn := k.dsn(t)
			a := openStore(t, dsn)
			mustAccept(t, a, "e", rules.Job{Key: "e/r1", Rule: "r1", Event: testEvent("5")}, rules.Job{Key: "e/r2", Rule: "r2", Event: testEvent("5")})
			must(t, a.SetSyncToken(t.Context(), "p", "tok"))
			if k.name == "sqlite" {
				a.Close()
			}
			b := openStore(t, dsn)
			if ok, _ := b.Accept(t.Context(), "e", t0, nil); ok {
				t.Error("the reopened store accepted a seen event")
			}
			if tok, _ := b.SyncToken(t.Context(), "p"); tok != "tok" {
				t.Errorf("token after reopen %q", tok)
			}
			if k.name == "sqlite" {
				return
			}
			ja, _ := a.Lease(t.Context(), "a", t0, time.Minute, 1)
			jb, _ := b.Lease(t.Context(), "b", t0, time.Minute, 1)
			if len(ja) != 1 || len(jb) != 1 || ja[0].ID == jb[0].ID {
				t.Errorf("replicas leased %+v and %+v", ja, jb)
			}
		})
	}
}

func TestOpenStoreErrors(t *testing.T) {
	for _, dsn := range []string{"", "mysql://x", "sqlite:", "postgres://u:secret@127.0.0.1:1/db?connect_timeout=1"} {
		_, err := rules.OpenStore(t.Context(), dsn)
		if err == nil {
			t.Errorf("%q: no error", dsn)
			continue
		}
		if strings.Contains(err.Error(), "secret") {
			t.Errorf("%q: the error shows the password: %v", dsn, err)
		}
	}
}
