package asana

import (
	"errors"
)

// defaultSectionFields is what section lists ask for when the caller names
// no fields: enough to restore a project's sections in order.
var defaultSectionFields = []string{"name", "created_at", "project"}

// SectionRequest is the body of Sections.Create and Sections.Update. Asana
// requires a non-empty name in both, so Name is a plain string.
type SectionRequest struct {
	Name string `json:"name"`
	// InsertBefore or InsertAfter (not both) is a section of the project to
	// place this one next to; by default a new section goes last.
	InsertBefore string `json:"insert_before,omitempty"`
	InsertAfter  string `json:"insert_after,omitempty"`
}

func (r *SectionRequest) validate() error {
	if r == nil || r.Name == "" {
		return errors.New("a section needs a name")
	}
	return checkAnchors(r.InsertBefore, r.InsertAfter)
}

// checkAnchors rejects a request that places an item both before and
// after another.
func checkAnchors(insertBefore, insertAfter string) error {
	if insertBefore != "" && insertAfter != "" {
		return errors.New("set InsertBefore or InsertAfter, not both")
	}
	return nil
}

// SectionAddTaskRequest is the body of Sections.AddTask.
type SectionAddTaskRequest struct {
	// Task is the gid of the task to move; required.
	Task string `json:"task"`
	// InsertBefore or InsertAfter (not both) is a task of the section to
	// place it next to; by default it goes to the top of the section.
	InsertBefore string `json:"insert_before,omitempty"`
	InsertAfter  string `json:"insert_after,omitempty"`
}

// SectionInsertRequest is the body of Sections.Insert.
type SectionInsertRequest struct {
	// Section is the gid of the section to move; required.
	Section string `json:"section"`
	// BeforeSection or AfterSection (not both) is where it goes.
	BeforeSection string `json:"before_section,omitempty"`
	AfterSection  string `json:"after_section,omitempty"`
}
