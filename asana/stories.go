package asana

import (
	"errors"
	"time"
)

// StorySubtypeComment is the resource_subtype of comment stories; every
// other subtype is a system story that records a change.
const StorySubtypeComment = "comment_added"

// defaultStoryFields are the opt_fields of story lists when the caller sets
// no Fields: the comment fields and every "old/new" field of system
// stories, so that a backup keeps the whole activity feed.
var defaultStoryFields = []string{
	"resource_subtype", "type", "created_at", "created_by", "created_by.name",
	"text", "html_text", "is_pinned", "is_edited", "sticker_name", "source",
	"num_likes", "likes.user", "target", "story",
	"assignee", "follower", "task", "project", "tag", "dependency",
	"duplicate_of", "duplicated_from",
	"old_name", "new_name", "old_section", "new_section",
	"old_resource_subtype", "new_resource_subtype",
	"old_approval_status", "new_approval_status", "old_dates", "new_dates",
	"custom_field", "custom_field.name", "custom_field.type",
	"old_text_value", "new_text_value", "old_number_value", "new_number_value",
	"old_enum_value", "old_enum_value.name", "new_enum_value", "new_enum_value.name",
	"old_multi_enum_values", "new_multi_enum_values",
	"old_people_value", "new_people_value", "old_date_value", "new_date_value",
}

// IsComment reports whether s is a comment rather than a system story.
func (s *Story) IsComment() bool { return s.ResourceSubtype == StorySubtypeComment }

// StoryDates are the dates a "due_date_changed" or date custom field story
// records.
type StoryDates struct {
	StartOn Date      `json:"start_on,omitzero"`
	DueAt   time.Time `json:"due_at,omitzero"`
	DueOn   Date      `json:"due_on,omitzero"`
	// Date and DateTime are set by date custom field stories.
	Date     Date      `json:"date,omitzero"`
	DateTime time.Time `json:"date_time,omitzero"`
}

// ReactionSummaryItem counts one emoji reaction on a story.
type ReactionSummaryItem struct {
	EmojiBase string `json:"emoji_base,omitempty"`
	Variant   string `json:"variant,omitempty"`
	Count     int    `json:"count,omitempty"`
	// Reacted tells whether the token's user reacted with this emoji.
	Reacted bool `json:"reacted,omitempty"`
}

// Preview is rich text an app attached to a comment for display.
type Preview struct {
	Fallback   string `json:"fallback,omitempty"`
	Footer     string `json:"footer,omitempty"`
	Header     string `json:"header,omitempty"`
	HeaderLink string `json:"header_link,omitempty"`
	HTMLText   string `json:"html_text,omitempty"`
	Text       string `json:"text,omitempty"`
	Title      string `json:"title,omitempty"`
	TitleLink  string `json:"title_link,omitempty"`
}

// StoryCreateRequest is a new comment: set Text or HTMLText (the latter
// in Asana's rich text, "<body>...</body>"), not both. The comment is
// authored by the token's user and timestamped by the server.
type StoryCreateRequest struct {
	Text     string `json:"text,omitempty"`
	HTMLText string `json:"html_text,omitempty"`
	// IsPinned pins the comment to the top of the feed.
	IsPinned bool `json:"is_pinned,omitempty"`
	// StickerName adds a sticker such as "dancing_unicorn".
	StickerName string `json:"sticker_name,omitempty"`
}

func (r *StoryCreateRequest) validate() error {
	switch {
	case r == nil || (r.Text == "" && r.HTMLText == ""):
		return errors.New("set Text or HTMLText")
	case r.Text != "" && r.HTMLText != "":
		return errors.New("set only one of Text and HTMLText")
	}
	return nil
}

// StoryUpdateRequest changes a story: only comments can change their text,
// only comments and attachment stories can be pinned. Set at most one of
// Text and HTMLText; nil fields are not sent.
type StoryUpdateRequest struct {
	Text        *string `json:"text,omitempty"`
	HTMLText    *string `json:"html_text,omitempty"`
	IsPinned    *bool   `json:"is_pinned,omitempty"`
	StickerName *string `json:"sticker_name,omitempty"`
}
