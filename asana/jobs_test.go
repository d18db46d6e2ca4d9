package asana

import (
	"context"
	"testing"
)

func TestJobs(t *testing.T) {
	runCases(t, []svcCase{
		{
			name: "Get a finished duplication",
			calls: []apiCall{{method: "GET", path: "/jobs/5555", resp: `{"data":{"gid":"5555","resource_type":"job",
				"resource_subtype":"duplicate_task","status":"succeeded",
				"new_project":null,"new_task":{"gid":"777","resource_type":"task","name":"Bug Task","resource_subtype":"default_task"},
				"new_project_template":null,"new_portfolio":null,"new_graph_export":null,"new_resource_export":null}}`}},
			run: func(ctx context.Context, c *Client) (any, error) { return c.Jobs.Get(ctx, "5555", nil) },
			want: &Job{GID: "5555", ResourceType: "job", ResourceSubtype: "duplicate_task", Status: JobSucceeded,
				NewTask: &Task{GID: "777", ResourceType: "task", Name: "Bug Task", ResourceSubtype: "default_task"}},
		},
		{
			name: "Get an export job with fields",
			calls: []apiCall{{method: "GET", path: "/jobs/6666", query: qv("opt_fields", "status,new_resource_export,new_portfolio"),
				resp: `{"data":{"gid":"6666","status":"in_progress",
				"new_portfolio":{"gid":"88","resource_type":"portfolio","name":"Bets"},
				"new_resource_export":{"gid":"99","resource_type":"export_request","created_at":"2024-05-01T10:00:00.000Z","completed_at":null,"download_url":null}}}`}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Jobs.Get(ctx, "6666", &GetOptions{Fields: []string{"status", "new_resource_export", "new_portfolio"}})
			},
			want: &Job{GID: "6666", Status: JobInProgress,
				NewPortfolio:      &NamedResource{GID: "88", ResourceType: "portfolio", Name: "Bets"},
				NewResourceExport: &JobExport{GID: "99", ResourceType: "export_request", CreatedAt: mustTime("2024-05-01T10:00:00Z")}},
		},
		{
			name:    "Get needs a gid",
			run:     func(ctx context.Context, c *Client) (any, error) { return c.Jobs.Get(ctx, "", nil) },
			wantErr: "asana: Jobs.Get: empty job gid",
		},
	})
}
