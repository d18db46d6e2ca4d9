package sqlload_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/asanakit/asana-go/export"
)

// genSnapshot writes a snapshot of a synthetic organization with tasks
// top-level tasks straight to files (no fake, no backup: seconds for
// 100k tasks), laid out as export.Backup lays it out. Every changeEvery-th
// task (0: none) gets a different name, so that two calls with different
// values differ in that share of tasks.
func genSnapshot(tb testing.TB, dir string, tasks, changeEvery int, tag string) string {
	tb.Helper()
	const (
		users, teams, perProject = 500, 20, 500
		base                     = 1_300_000_000_000_000
	)
	projects := max(1, tasks/perProject)
	start := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	snap := filepath.Join(dir, "000001-20260105T090000Z")
	m := &export.Manifest{Format: export.FormatVersion, Organization: "1", Sequence: 1, Mode: export.ModeFull,
		StartedAt: start, FinishedAt: start, Counts: map[string]int64{}}
	write := func(rel, kind string, lines [][]byte) {
		var buf bytes.Buffer
		for _, l := range lines {
			buf.Write(l)
			buf.WriteByte('\n')
		}
		p := filepath.Join(snap, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
			tb.Fatal(err)
		}
		sum := sha256.Sum256(buf.Bytes())
		m.Files = append(m.Files, export.FileInfo{Path: rel, Kind: kind, Count: int64(len(lines)), Bytes: int64(buf.Len()),
			SHA256: hex.EncodeToString(sum[:])})
		m.Counts[kind] += int64(len(lines))
	}
	js := func(v any) []byte {
		b, err := json.Marshal(v)
		if err != nil {
			tb.Fatal(err)
		}
		return b
	}
	gid := func(n int) string { return fmt.Sprint(base + n) }
	user := func(i int) string { return gid(1 + i%users) }
	ts := func(d time.Duration) string { return start.Add(-d).Format("2006-01-02T15:04:05.000Z") }
	ref := func(g string) map[string]any { return map[string]any{"gid": g} }

	var lines [][]byte
	for i := range users {
		lines = append(lines, js(map[string]any{"gid": user(i), "name": fmt.Sprintf("User %d", i), "email": fmt.Sprintf("u%d@example.com", i)}))
	}
	write("users.jsonl", "users", lines)
	lines = nil
	for i := range users {
		lines = append(lines, js(map[string]any{"gid": gid(10_000 + i), "user": ref(user(i)), "workspace": ref("1"),
			"is_active": true, "is_admin": i == 0, "is_guest": i%50 == 7, "is_view_only": false, "created_at": ts(0)}))
	}
	write("workspace_memberships.jsonl", "workspace_memberships", lines)
	lines = nil
	var tms [][]byte
	for i := range teams {
		lines = append(lines, js(map[string]any{"gid": gid(20_000 + i), "name": fmt.Sprintf("Team %d", i), "organization": ref("1")}))
		for j := range users / teams {
			tms = append(tms, js(map[string]any{"gid": gid(21_000 + i*100 + j), "team": ref(gid(20_000 + i)), "user": ref(user(i*(users/teams) + j))}))
		}
	}
	write("teams.jsonl", "teams", lines)
	write("team_memberships.jsonl", "team_memberships", tms)
	// Three custom fields: a number, an enum of four options, a text.
	fields := []map[string]any{
		{"gid": gid(30_000), "name": "Estimate", "type": "number", "resource_subtype": "number"},
		{"gid": gid(30_001), "name": "Priority", "type": "enum", "resource_subtype": "enum", "enum_options": []map[string]any{
			{"gid": gid(30_010), "name": "Low", "enabled": true}, {"gid": gid(30_011), "name": "Medium", "enabled": true},
			{"gid": gid(30_012), "name": "High", "enabled": true}, {"gid": gid(30_013), "name": "Never", "enabled": true}}},
		{"gid": gid(30_002), "name": "Ticket", "type": "text", "resource_subtype": "text"},
	}
	lines = nil
	for _, f := range fields {
		lines = append(lines, js(f))
	}
	write("custom_fields.jsonl", "custom_fields", lines)

	var projLines, statusLines [][]byte
	n := 0
	for p := range projects {
		pg := gid(1_000_000 + p*10_000)
		sec := gid(1_000_001 + p*10_000)
		team := gid(20_000 + p%teams)
		projLines = append(projLines, js(map[string]any{"gid": pg, "name": fmt.Sprintf("Project %d", p), "archived": p%10 == 9,
			"team": ref(team), "owner": ref(user(p)), "created_at": ts(400 * 24 * time.Hour), "modified_at": ts(time.Duration(p) * time.Hour),
			"members": []any{ref(user(p)), ref(user(p + 1))}, "followers": []any{ref(user(p))},
			"custom_field_settings": []any{
				map[string]any{"gid": gid(1_000_002 + p*10_000), "custom_field": map[string]any{"gid": gid(30_000), "name": "Estimate"}},
				map[string]any{"gid": gid(1_000_003 + p*10_000), "custom_field": map[string]any{"gid": gid(30_001), "name": "Priority"}}}}))
		if p%3 == 0 {
			statusLines = append(statusLines, js(map[string]any{"gid": gid(1_000_004 + p*10_000), "parent": ref(pg), "status_type": "on_track",
				"title": "Status", "created_at": ts(time.Duration(p%40) * 24 * time.Hour), "author": ref(user(p))}))
		}
		write("projects/"+pg+"/sections.jsonl", "sections", [][]byte{js(map[string]any{"gid": sec, "name": "Untitled", "project": ref(pg)})})
		var tl, sl [][]byte
		for i := range min(perProject, tasks-p*perProject) {
			tg := gid(1_000_100 + p*10_000 + i*2)
			name := fmt.Sprintf("Task %d", n)
			if changeEvery > 0 && n%changeEvery == 0 {
				name += " " + tag
			}
			completed := n%3 == 0
			var completedAt any
			if completed {
				completedAt = ts(time.Duration(n%90) * 24 * time.Hour)
			}
			var assignee any
			if n%7 != 0 {
				assignee = ref(user(n))
			}
			tl = append(tl, js(map[string]any{"gid": tg, "name": name, "resource_subtype": "default_task", "assignee": assignee,
				"completed": completed, "completed_at": completedAt, "created_at": ts(200 * 24 * time.Hour),
				"modified_at": ts(time.Duration(n%60) * 24 * time.Hour), "due_on": start.AddDate(0, 0, n%30-15).Format(time.DateOnly),
				"notes": strings.Repeat("Notes. ", 10), "parent": nil, "num_subtasks": 0,
				"memberships": []any{map[string]any{"project": ref(pg), "section": ref(sec)}},
				"followers":   []any{ref(user(n)), ref(user(n + 3))}, "dependencies": []any{}, "tags": []any{},
				"custom_fields": []any{
					map[string]any{"gid": gid(30_000), "name": "Estimate", "type": "number", "number_value": float64(n % 13), "display_value": fmt.Sprint(n % 13)},
					map[string]any{"gid": gid(30_001), "name": "Priority", "type": "enum", "enum_value": ref(gid(30_010 + n%3)), "display_value": "x"},
					map[string]any{"gid": gid(30_002), "name": "Ticket", "type": "text", "text_value": fmt.Sprintf("T-%d", n), "display_value": fmt.Sprintf("T-%d", n)}},
			}))
			if n%2 == 0 {
				sl = append(sl, js(map[string]any{"gid": gid(1_000_101 + p*10_000 + i*2), "target": ref(tg), "type": "comment",
					"resource_subtype": "comment_added", "text": "A comment", "created_at": ts(time.Duration(n%50) * 24 * time.Hour), "created_by": ref(user(n))}))
			}
			n++
		}
		write("projects/"+pg+"/tasks.jsonl", "tasks", tl)
		write("projects/"+pg+"/stories.jsonl", "stories", sl)
		write("projects/"+pg+"/attachments.jsonl", "attachments", nil)
	}
	write("projects.jsonl", "projects", projLines)
	write("project_status_updates.jsonl", "project_status_updates", statusLines)
	sort.Slice(m.Files, func(i, j int) bool { return m.Files[i].Path < m.Files[j].Path })
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(snap, export.ManifestFile), b, 0o644); err != nil {
		tb.Fatal(err)
	}
	return snap
}
