package asana

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

type fieldsBase struct {
	GID  string `json:"gid"`
	Name string `json:"name,omitempty"`
}

type fieldsNode struct {
	fieldsBase
	Parent   *fieldsNode  `json:"parent"`
	Children []fieldsNode `json:"children"`
	Owner    *struct {
		Email string      `json:"email"`
		Boss  *fieldsNode `json:"boss"`
	} `json:"owner"`
}

type fieldsMix struct {
	Plain     string
	Renamed   int               `json:"renamed,string"`
	Skipped   string            `json:"-"`
	_         string            // unexported: skipped
	When      time.Time         `json:"when"`
	Due       *Date             `json:"due"`
	Raw       json.RawMessage   `json:"raw"`
	Tags      []string          `json:"tags"`
	Attrs     map[string]string `json:"attrs"`
	Any       any               `json:"any"`
	Empty     struct{}          `json:"empty"`
	Grid      [2][]*fieldsBase  `json:"grid"`
	Duplicate string            `json:"gid"`
	*fieldsBase
}

func TestFieldsOf(t *testing.T) {
	tests := []struct {
		name string
		got  []string
		want []string
	}{
		{"flat with embedded", FieldsOf[fieldsBase](), []string{"gid", "name"}},
		{"pointer type", FieldsOf[*fieldsBase](), []string{"gid", "name"}},
		{"cycles", FieldsOf[fieldsNode](), []string{"gid", "name", "parent", "children", "owner.email", "owner.boss"}},
		{"leaves and skips", FieldsOf[fieldsMix](), []string{"Plain", "renamed", "when", "due", "raw", "tags", "attrs", "any", "empty", "grid.gid", "grid.name", "gid", "name"}},
		{"not a struct", FieldsOf[[]Task](), nil},
		{"map", FieldsOf[map[string]any](), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !reflect.DeepEqual(tt.got, tt.want) {
				t.Errorf("FieldsOf = %q\nwant       %q", tt.got, tt.want)
			}
		})
	}
}

func TestFieldsOfModels(t *testing.T) {
	// The package's own models terminate and name real Asana fields.
	fields := FieldsOf[Task]()
	want := map[string]bool{"gid": true, "name": true, "due_on": true, "created_at": true, "parent": true,
		"assignee.email": true, "memberships.section.name": true, "projects.team.organization.name": true}
	for _, f := range fields {
		delete(want, f)
	}
	if len(want) != 0 {
		t.Errorf("FieldsOf[Task] lacks %v (has %d fields)", want, len(fields))
	}
}
