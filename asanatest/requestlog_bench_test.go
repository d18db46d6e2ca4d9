package asanatest

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"
)

// backupRequests is how many requests a backup of the 100k-task demo
// organization sends (issue 17's figure).
const backupRequests = 351_190

// recordBackupLike records n requests shaped like a backup's (a task list
// page with opt_fields and an offset), each with its own strings as
// dispatch makes them from the request URL.
func recordBackupLike(s *Server, n int) {
	offset := strings.Repeat("x", 220) // a signed offset's length
	fields := "assignee,completed,completed_at,created_at,custom_fields,due_at,due_on,followers,memberships.project,memberships.section,modified_at,name,notes,num_subtasks,parent,resource_subtype,start_on,tags"
	for i := range n {
		url := fmt.Sprintf("/api/1.0/projects/%d/tasks?limit=100&offset=%s%d&opt_fields=%s", gidBase+i/1000, offset, i, fields)
		path, query, _ := strings.Cut(url, "?")
		s.record(RequestRecord{Time: time.Unix(int64(i), 0), Method: "GET", Path: strings.TrimPrefix(path, APIPrefix),
			Route: "/projects/{project_gid}/tasks", Query: query, TokenKind: TokenServiceAccount,
			UserGID: "1200000000000001", Status: 200})
	}
}

// requestLogHeap is the live heap the request log of s holds after n
// backup-like requests, measured with runtime.MemStats after GC.
func requestLogHeap(tb testing.TB, s *Server, n int) uint64 {
	tb.Helper()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	recordBackupLike(s, n)
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(s)
	if after.HeapAlloc < before.HeapAlloc {
		return 0
	}
	return after.HeapAlloc - before.HeapAlloc
}

// BenchmarkRequestLogHeap reports the heap (MiB, not time) the request log
// holds after as many requests as a backup of the 100k-task demo
// organization sends.
func BenchmarkRequestLogHeap(b *testing.B) {
	var heap uint64
	for range b.N {
		s, err := New()
		if err != nil {
			b.Fatal(err)
		}
		heap = requestLogHeap(b, s, backupRequests)
		s.Close()
	}
	b.ReportMetric(float64(heap)/(1<<20), "log-MiB")
}
