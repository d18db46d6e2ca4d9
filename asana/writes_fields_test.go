package asana

import (
	"context"
	"testing"
)

// TestWritesSelectReturnedFields: every hand-written write that answers
// an object sends the caller's opt_fields, and sends none for nil options.
func TestWritesSelectReturnedFields(t *testing.T) {
	task := &TaskCreateRequest{Name: "n", Workspace: "1"}
	story := &StoryCreateRequest{Text: "t"}
	tests := []struct {
		name string
		call func(ctx context.Context, c *Client, o *GetOptions) error
	}{
		{"Tasks.Create", func(ctx context.Context, c *Client, o *GetOptions) error {
			return errOnly(c.Tasks.Create(ctx, task, o))
		}},
		{"Tasks.Update", func(ctx context.Context, c *Client, o *GetOptions) error {
			return errOnly(c.Tasks.Update(ctx, "12", &TaskUpdateRequest{Name: Ptr("n")}, o))
		}},
		{"Tasks.Duplicate", func(ctx context.Context, c *Client, o *GetOptions) error {
			return errOnly(c.Tasks.Duplicate(ctx, "12", &TaskDuplicateRequest{Name: "n"}, o))
		}},
		{"Tasks.CreateSubtask", func(ctx context.Context, c *Client, o *GetOptions) error {
			return errOnly(c.Tasks.CreateSubtask(ctx, "12", &TaskCreateRequest{Name: "n"}, o))
		}},
		{"Tasks.SetParent", func(ctx context.Context, c *Client, o *GetOptions) error {
			return errOnly(c.Tasks.SetParent(ctx, "12", &TaskSetParentRequest{Parent: "13"}, o))
		}},
		{"Tasks.RemoveParent", func(ctx context.Context, c *Client, o *GetOptions) error {
			return errOnly(c.Tasks.RemoveParent(ctx, "12", o))
		}},
		{"Tasks.AddFollowers", func(ctx context.Context, c *Client, o *GetOptions) error {
			return errOnly(c.Tasks.AddFollowers(ctx, "12", []string{"me"}, o))
		}},
		{"Tasks.RemoveFollowers", func(ctx context.Context, c *Client, o *GetOptions) error {
			return errOnly(c.Tasks.RemoveFollowers(ctx, "12", []string{"me"}, o))
		}},
		{"Stories.CreateForTask", func(ctx context.Context, c *Client, o *GetOptions) error {
			return errOnly(c.Stories.CreateForTask(ctx, "12", story, o))
		}},
		{"Stories.CreateForGoal", func(ctx context.Context, c *Client, o *GetOptions) error {
			return errOnly(c.Stories.CreateForGoal(ctx, "12", story, o))
		}},
		{"Stories.Update", func(ctx context.Context, c *Client, o *GetOptions) error {
			return errOnly(c.Stories.Update(ctx, "12", &StoryUpdateRequest{Text: Ptr("t")}, o))
		}},
		{"Attachments.Create", func(ctx context.Context, c *Client, o *GetOptions) error {
			return errOnly(c.Attachments.Create(ctx, &AttachmentCreateRequest{Parent: "12", URL: "https://example.com/a", Name: "a"}, o))
		}},
	}
	for _, tt := range tests {
		for _, opts := range []*GetOptions{nil, {Fields: []string{"name", "permalink_url"}}} {
			want := ""
			if opts != nil {
				want = "name,permalink_url"
			}
			t.Run(tt.name+"/"+want, func(t *testing.T) {
				c, mt := newTestClient(t)
				rec := record(mt, reply(200, `{"data":{"gid":"99"}}`))
				if err := tt.call(t.Context(), c, opts); err != nil {
					t.Fatal(err)
				}
				reqs := rec.requests()
				if len(reqs) != 1 {
					t.Fatalf("%d requests", len(reqs))
				}
				if got := reqs[0].Query["opt_fields"]; (want == "" && len(got) != 0) || (want != "" && (len(got) != 1 || got[0] != want)) {
					t.Errorf("opt_fields %q, want %q", got, want)
				}
			})
		}
	}
}
