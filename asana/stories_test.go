package asana

import (
	"context"
	"iter"
	"testing"
	"time"
)

// commentJSON is a comment story in the shape of the spec's
// StoryResponse example.
const commentJSON = `{
  "gid": "35678", "resource_type": "story", "created_at": "2012-02-22T02:06:58.147Z",
  "resource_subtype": "comment_added", "type": "comment",
  "text": "This is a comment.", "html_text": "<body>This is a comment.</body>",
  "is_pinned": false, "is_edited": true, "is_editable": true, "sticker_name": "dancing_unicorn",
  "created_by": {"gid": "12345", "resource_type": "user", "name": "Greg Sanchez"},
  "num_likes": 1, "likes": [{"gid": "9", "user": {"gid": "12345", "resource_type": "user"}}],
  "reaction_summary": [{"emoji_base": "👍", "variant": "👍🏼", "count": 2, "reacted": true}],
  "previews": [{"fallback": "Greg: Great! I like this idea.", "header": "Asana for Slack",
                "title": "Greg", "title_link": "https://asana.slack.com/archives/ABCDEFG/12345678"}],
  "source": "web", "target": {"gid": "1204", "resource_type": "task", "name": "Buy catnip"}
}`

func wantComment() *Story {
	return &Story{
		GID: "35678", ResourceType: "story", CreatedAt: time.Date(2012, 2, 22, 2, 6, 58, 147e6, time.UTC),
		ResourceSubtype: "comment_added", Type: "comment",
		Text: "This is a comment.", HTMLText: "<body>This is a comment.</body>",
		IsEdited: true, IsEditable: true, StickerName: "dancing_unicorn",
		CreatedBy: &User{GID: "12345", ResourceType: "user", Name: "Greg Sanchez"},
		NumLikes:  1, Likes: []Like{{GID: "9", User: &User{GID: "12345", ResourceType: "user"}}},
		ReactionSummary: []ReactionSummaryItem{{EmojiBase: "👍", Variant: "👍🏼", Count: 2, Reacted: true}},
		Previews: []Preview{{Fallback: "Greg: Great! I like this idea.", Header: "Asana for Slack",
			Title: "Greg", TitleLink: "https://asana.slack.com/archives/ABCDEFG/12345678"}},
		Source: "web", Target: &NamedResource{GID: "1204", ResourceType: "task", Name: "Buy catnip"},
	}
}

// systemStoryJSON records a change of an enum custom field, a section
// move and a due date change at once, to cover the old/new fields.
const systemStoryJSON = `{
  "gid": "35679", "resource_type": "story", "resource_subtype": "enum_custom_field_changed", "type": "system",
  "created_at": "2024-01-02T03:04:05.000Z", "text": "changed Priority from Low to High",
  "custom_field": {"gid": "258147", "resource_type": "custom_field", "name": "Priority", "type": "enum"},
  "old_enum_value": {"gid": "789", "name": "Low"}, "new_enum_value": {"gid": "790", "name": "High"},
  "old_number_value": null, "new_number_value": 3,
  "old_section": {"gid": "1", "name": "Backlog"}, "new_section": {"gid": "2", "name": "Doing"},
  "old_dates": {"start_on": null, "due_at": null, "due_on": "2024-01-10"},
  "new_dates": {"start_on": "2024-01-05", "due_at": "2024-01-12T17:00:00.000Z", "due_on": "2024-01-12"},
  "new_date_value": {"date": "2024-02-01", "date_time": null},
  "new_people_value": [{"gid": "12345"}], "old_approval_status": "pending", "new_approval_status": "approved",
  "duplicate_of": {"gid": "77", "resource_type": "task"}, "source": "api"
}`

func wantSystemStory() Story {
	return Story{
		GID: "35679", ResourceType: "story", ResourceSubtype: "enum_custom_field_changed", Type: "system",
		CreatedAt: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), Text: "changed Priority from Low to High",
		CustomField:  &CustomField{GID: "258147", ResourceType: "custom_field", Name: "Priority", Type: "enum"},
		OldEnumValue: &EnumOption{GID: "789", Name: "Low"}, NewEnumValue: &EnumOption{GID: "790", Name: "High"},
		NewNumberValue: Ptr(3.0),
		OldSection:     &Section{GID: "1", Name: "Backlog"}, NewSection: &Section{GID: "2", Name: "Doing"},
		OldDates: &StoryDates{DueOn: Date{2024, time.January, 10}},
		NewDates: &StoryDates{StartOn: Date{2024, time.January, 5},
			DueAt: time.Date(2024, 1, 12, 17, 0, 0, 0, time.UTC), DueOn: Date{2024, time.January, 12}},
		NewDateValue:      &StoryDates{Date: Date{2024, time.February, 1}},
		NewPeopleValue:    []User{{GID: "12345"}},
		OldApprovalStatus: "pending", NewApprovalStatus: "approved",
		DuplicateOf: &Task{GID: "77", ResourceType: "task"}, Source: "api",
	}
}

func TestStories(t *testing.T) {
	comment := wantComment()
	runCases(t, []svcCase{
		{
			name:  "Get",
			calls: []apiCall{{method: "GET", path: "/stories/35678", query: qv("opt_fields", "text,likes"), resp: dataJSON(commentJSON)}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Stories.Get(ctx, "35678", &GetOptions{Fields: []string{"text", "likes"}})
			},
			want: comment,
		},
		{
			name:    "Get empty gid",
			run:     func(ctx context.Context, c *Client) (any, error) { return c.Stories.Get(ctx, "", nil) },
			wantErr: "asana: Stories.Get: empty story gid",
		},
		{
			name: "Update pins and edits",
			calls: []apiCall{{method: "PUT", path: "/stories/35678",
				body: `{"data":{"html_text":"<body>Edited</body>","is_pinned":false}}`, resp: dataJSON(commentJSON)}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Stories.Update(ctx, "35678", &StoryUpdateRequest{HTMLText: Ptr("<body>Edited</body>"), IsPinned: Ptr(false)}, nil)
			},
			want: comment,
		},
		{
			name: "Update both texts",
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Stories.Update(ctx, "35678", &StoryUpdateRequest{Text: Ptr("a"), HTMLText: Ptr("<body>a</body>")}, nil)
			},
			wantErr: "asana: Stories.Update: set at most one of Text and HTMLText",
		},
		{
			name:    "Update nil",
			run:     func(ctx context.Context, c *Client) (any, error) { return c.Stories.Update(ctx, "35678", nil, nil) },
			wantErr: "asana: Stories.Update: nil request",
		},
		{
			name: "Update empty gid",
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Stories.Update(ctx, "", &StoryUpdateRequest{Text: Ptr("a")}, nil)
			},
			wantErr: "asana: Stories.Update: empty story gid",
		},
		{
			name:  "Delete",
			calls: []apiCall{{method: "DELETE", path: "/stories/35678", resp: `{"data":{}}`}},
			run:   func(ctx context.Context, c *Client) (any, error) { return nil, c.Stories.Delete(ctx, "35678") },
		},
		{
			name:    "Delete empty gid",
			run:     func(ctx context.Context, c *Client) (any, error) { return nil, c.Stories.Delete(ctx, "") },
			wantErr: "asana: Stories.Delete: empty story gid",
		},
		{
			name: "CreateForTask text",
			calls: []apiCall{{method: "POST", path: "/tasks/1204/stories",
				body: `{"data":{"text":"This is a comment.","is_pinned":true}}`, status: 201, resp: dataJSON(commentJSON)}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Stories.CreateForTask(ctx, "1204", &StoryCreateRequest{Text: "This is a comment.", IsPinned: true}, nil)
			},
			want: comment,
		},
		{
			name: "CreateForTask html",
			calls: []apiCall{{method: "POST", path: "/tasks/1204/stories",
				body: `{"data":{"html_text":"<body>This is a <b>comment</b>.</body>"}}`, status: 201, resp: dataJSON(commentJSON)}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Stories.CreateForTask(ctx, "1204", &StoryCreateRequest{HTMLText: "<body>This is a <b>comment</b>.</body>"}, nil)
			},
			want: comment,
		},
		{
			name: "CreateForTask empty",
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Stories.CreateForTask(ctx, "1204", &StoryCreateRequest{StickerName: "heart"}, nil)
			},
			wantErr: "asana: Stories.CreateForTask: set Text or HTMLText",
		},
		{
			name: "CreateForTask nil",
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Stories.CreateForTask(ctx, "1204", nil, nil)
			},
			wantErr: "asana: Stories.CreateForTask: nil request",
		},
		{
			name: "CreateForTask both",
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Stories.CreateForTask(ctx, "1204", &StoryCreateRequest{Text: "a", HTMLText: "<body>a</body>"}, nil)
			},
			wantErr: "set only one of Text and HTMLText",
		},
		{
			name: "CreateForTask empty task",
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Stories.CreateForTask(ctx, "", &StoryCreateRequest{Text: "a"}, nil)
			},
			wantErr: "asana: Stories.CreateForTask: empty task gid",
		},
		{
			name: "CreateForGoal",
			calls: []apiCall{{method: "POST", path: "/goals/555/stories",
				body: `{"data":{"text":"On track."}}`, status: 201, resp: dataJSON(commentJSON)}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Stories.CreateForGoal(ctx, "555", &StoryCreateRequest{Text: "On track."}, nil)
			},
			want: comment,
		},
		{
			name: "CreateForGoal empty goal",
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Stories.CreateForGoal(ctx, "", &StoryCreateRequest{Text: "a"}, nil)
			},
			wantErr: "asana: Stories.CreateForGoal: empty goal gid",
		},
	})
}

func TestStoryLists(t *testing.T) {
	comment, system := *wantComment(), wantSystemStory()
	for _, lc := range []listCase[Story]{
		{
			name: "ListForTask", path: "/tasks/1204/stories", fields: defaultStoryFields,
			seq: func(c *Client, o ListOptions) iter.Seq2[Story, error] {
				return c.Stories.ListForTask(t.Context(), "1204", &o).All()
			},
			page: func(c *Client, o ListOptions) (*Page[Story], error) {
				return c.Stories.ListForTask(t.Context(), "1204", &o).Page("")
			},
			emptySeq:  func(c *Client) iter.Seq2[Story, error] { return c.Stories.ListForTask(t.Context(), "", nil).All() },
			emptyPage: func(c *Client) (*Page[Story], error) { return c.Stories.ListForTask(t.Context(), "", nil).Page("") },
			emptyErr:  "asana: Stories.ListForTask: empty task gid",
		},
		{
			name: "ListForGoal", path: "/goals/555/stories", fields: defaultStoryFields,
			seq: func(c *Client, o ListOptions) iter.Seq2[Story, error] {
				return c.Stories.ListForGoal(t.Context(), "555", &o).All()
			},
			page: func(c *Client, o ListOptions) (*Page[Story], error) {
				return c.Stories.ListForGoal(t.Context(), "555", &o).Page("")
			},
			emptySeq:  func(c *Client) iter.Seq2[Story, error] { return c.Stories.ListForGoal(t.Context(), "", nil).All() },
			emptyPage: func(c *Client) (*Page[Story], error) { return c.Stories.ListForGoal(t.Context(), "", nil).Page("") },
			emptyErr:  "asana: Stories.ListForGoal: empty goal gid",
		},
	} {
		testList(t, lc, commentJSON, systemStoryJSON, comment, system)
	}
}

func TestStoryIsComment(t *testing.T) {
	for _, tc := range []struct {
		subtype string
		want    bool
	}{
		{"comment_added", true},
		{"assigned", false},
		{"section_changed", false},
		{"", false},
	} {
		if got := (&Story{ResourceSubtype: tc.subtype}).IsComment(); got != tc.want {
			t.Errorf("IsComment(%q) = %v, want %v", tc.subtype, got, tc.want)
		}
	}
}

// BenchmarkStoriesListForTaskPage decodes pages of 100 stories, comments
// and system stories alternately, through the whole pipeline.
func BenchmarkStoriesListForTaskPage(b *testing.B) {
	c := benchClient(b, benchPage(commentJSON, 50))
	sys := benchClient(b, benchPage(systemStoryJSON, 50))
	ctx := b.Context()
	b.ReportAllocs()
	for b.Loop() {
		for _, cl := range []*Client{c, sys} {
			p, err := cl.Stories.ListForTask(ctx, "1204", nil).Page("")
			if err != nil || len(p.Items) != 50 {
				b.Fatalf("%v, %d items", err, len(p.Items))
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*100), "ns/story")
}
