package asana

import (
	"context"
	"errors"
	"testing"
)

func TestOrganizationExports(t *testing.T) {
	runCases(t, []svcCase{
		{
			name: "Create",
			calls: []apiCall{{method: "POST", path: "/organization_exports", body: `{"data":{"organization":"1331"}}`, status: 201,
				resp: `{"data":{"gid":"4242","resource_type":"organization_export","created_at":"2012-02-22T02:06:58.147Z",
				"download_url":null,"state":"pending","organization":{"gid":"1331","resource_type":"workspace","name":"My Company Workspace"}}}`}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.OrganizationExports.Create(ctx, "1331", nil)
			},
			want: &OrganizationExport{GID: "4242", ResourceType: "organization_export", CreatedAt: mustTime("2012-02-22T02:06:58.147Z"),
				State: ExportPending, Organization: &Workspace{GID: "1331", ResourceType: "workspace", Name: "My Company Workspace"}},
		},
		{
			name: "Create needs an organization",
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.OrganizationExports.Create(ctx, "", nil)
			},
			wantErr: "asana: OrganizationExports.Create: empty organization",
		},
		{
			name: "Get a finished export",
			calls: []apiCall{{method: "GET", path: "/organization_exports/4242", query: qv("opt_fields", "state,download_url"),
				resp: `{"data":{"gid":"4242","state":"finished","download_url":"https://asana-export.s3.amazonaws.com/export-4242.json.gz?X-Amz-Signature=abc"}}`}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.OrganizationExports.Get(ctx, "4242", &GetOptions{Fields: []string{"state", "download_url"}})
			},
			want: &OrganizationExport{GID: "4242", State: ExportFinished,
				DownloadURL: "https://asana-export.s3.amazonaws.com/export-4242.json.gz?X-Amz-Signature=abc"},
		},
		{
			name: "Get needs a gid",
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.OrganizationExports.Get(ctx, "", nil)
			},
			wantErr: "asana: OrganizationExports.Get: empty organization export gid",
		},
	})
}

// TestOrganizationExportsCreateNotRetried checks that a create answered
// with a 5xx is not replayed: Asana has no idempotency keys, and a second
// POST could start a second export.
func TestOrganizationExportsCreateNotRetried(t *testing.T) {
	c := scriptedClient(t, apiCall{method: "POST", path: "/organization_exports", body: `{"data":{"organization":"1331"}}`,
		status: 500, resp: `{"errors":[{"message":"Server Error","phrase":"6 sad squid snuggle softly"}]}`})
	_, err := c.OrganizationExports.Create(t.Context(), "1331", nil)
	if !errors.Is(err, ErrServer) {
		t.Fatalf("err = %v, want ErrServer", err)
	}
}
