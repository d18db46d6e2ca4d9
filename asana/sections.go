package asana

import (
	"context"
	"errors"
	"net/http"
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

// Create adds a section to a project.
//
// asana:operation POST /projects/{project_gid}/sections
func (s *SectionsService) Create(ctx context.Context, projectGID string, req *SectionRequest, opts *GetOptions) (*Section, error) {
	r := routeTo("Sections.Create", "/projects/%s/sections", "project gid", projectGID).check(req.validate())
	return sendAt[Section](ctx, s.client, http.MethodPost, r, opts, req)
}

// Update renames a section. Asana updates only the name; use Insert to move
// a section.
//
// asana:operation PUT /sections/{section_gid}
func (s *SectionsService) Update(ctx context.Context, sectionGID string, req *SectionRequest, opts *GetOptions) (*Section, error) {
	r := routeTo("Sections.Update", "/sections/%s", "section gid", sectionGID).check(req.validate())
	return sendAt[Section](ctx, s.client, http.MethodPut, r, opts, req)
}

// AddTask moves a task into a section, removing it from any other section
// of the same project.
//
// asana:operation POST /sections/{section_gid}/addTask
func (s *SectionsService) AddTask(ctx context.Context, sectionGID string, req *SectionAddTaskRequest) error {
	r := routeTo("Sections.AddTask", "/sections/%s/addTask", "section gid", sectionGID)
	if req == nil {
		r = r.fail("empty task gid")
	} else {
		r = r.require("task gid", req.Task).check(checkAnchors(req.InsertBefore, req.InsertAfter))
	}
	return doAt(ctx, s.client, http.MethodPost, r, req)
}

// Insert moves a section of a project before or after another one of the
// same project.
//
// asana:operation POST /projects/{project_gid}/sections/insert
func (s *SectionsService) Insert(ctx context.Context, projectGID string, req *SectionInsertRequest) error {
	r := routeTo("Sections.Insert", "/projects/%s/sections/insert", "project gid", projectGID)
	if req == nil {
		r = r.fail("empty section gid")
	} else {
		r = r.require("section gid", req.Section)
		if (req.BeforeSection == "") == (req.AfterSection == "") {
			r = r.fail("set exactly one of BeforeSection and AfterSection")
		}
	}
	return doAt(ctx, s.client, http.MethodPost, r, req)
}
