package asana

import (
	"context"
	"errors"
	"fmt"
	"iter"
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

func (r *SectionRequest) check(op string) error {
	if r == nil || r.Name == "" {
		return fmt.Errorf("asana: %s: a section needs a name", op)
	}
	if r.InsertBefore != "" && r.InsertAfter != "" {
		return fmt.Errorf("asana: %s: set InsertBefore or InsertAfter, not both", op)
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

// Get returns a section.
//
// asana:operation GET /sections/{section_gid}
func (s *SectionsService) Get(ctx context.Context, sectionGID string, opts *GetOptions) (*Section, error) {
	if sectionGID == "" {
		return nil, gidError("Sections.Get", "section")
	}
	return get[Section](ctx, s.client, pathf("/sections/%s", sectionGID), opts)
}

// ListForProject returns a project's sections in their order.
//
// asana:operation GET /projects/{project_gid}/sections
func (s *SectionsService) ListForProject(ctx context.Context, projectGID string, opts *ListOptions) iter.Seq2[Section, error] {
	if projectGID == "" {
		return failSeq[Section](gidError("Sections.ListForProject", "project"))
	}
	return listAll[Section](ctx, s.client, pathf("/projects/%s/sections", projectGID), opts, defaultSectionFields)
}

// ListForProjectPage returns one page of Sections.ListForProject.
//
// asana:operation GET /projects/{project_gid}/sections
func (s *SectionsService) ListForProjectPage(ctx context.Context, projectGID string, opts *ListOptions) (*Page[Section], error) {
	if projectGID == "" {
		return nil, gidError("Sections.ListForProjectPage", "project")
	}
	return listPage[Section](ctx, s.client, pathf("/projects/%s/sections", projectGID), opts, defaultSectionFields)
}

// Create adds a section to a project.
//
// asana:operation POST /projects/{project_gid}/sections
func (s *SectionsService) Create(ctx context.Context, projectGID string, req *SectionRequest, opts *GetOptions) (*Section, error) {
	if projectGID == "" {
		return nil, gidError("Sections.Create", "project")
	}
	if err := req.check("Sections.Create"); err != nil {
		return nil, err
	}
	return sendJSON[Section](ctx, s.client, "POST", pathf("/projects/%s/sections", projectGID), opts, req)
}

// Update renames a section. Asana updates only the name; use Insert to move
// a section.
//
// asana:operation PUT /sections/{section_gid}
func (s *SectionsService) Update(ctx context.Context, sectionGID string, req *SectionRequest, opts *GetOptions) (*Section, error) {
	if sectionGID == "" {
		return nil, gidError("Sections.Update", "section")
	}
	if err := req.check("Sections.Update"); err != nil {
		return nil, err
	}
	return sendJSON[Section](ctx, s.client, "PUT", pathf("/sections/%s", sectionGID), opts, req)
}

// Delete deletes a section. Asana refuses to delete a section that still
// has tasks, and a project's last remaining section.
//
// asana:operation DELETE /sections/{section_gid}
func (s *SectionsService) Delete(ctx context.Context, sectionGID string) error {
	if sectionGID == "" {
		return gidError("Sections.Delete", "section")
	}
	_, err := s.client.Do(ctx, &Request{Method: "DELETE", Path: pathf("/sections/%s", sectionGID)}, nil)
	return err
}

// AddTask moves a task into a section, removing it from any other section
// of the same project.
//
// asana:operation POST /sections/{section_gid}/addTask
func (s *SectionsService) AddTask(ctx context.Context, sectionGID string, req *SectionAddTaskRequest) error {
	if sectionGID == "" {
		return gidError("Sections.AddTask", "section")
	}
	if req == nil || req.Task == "" {
		return gidError("Sections.AddTask", "task")
	}
	if req.InsertBefore != "" && req.InsertAfter != "" {
		return errors.New("asana: Sections.AddTask: set InsertBefore or InsertAfter, not both")
	}
	_, err := s.client.Do(ctx, &Request{Method: "POST", Path: pathf("/sections/%s/addTask", sectionGID), Body: req}, nil)
	return err
}

// Insert moves a section of a project before or after another one of the
// same project.
//
// asana:operation POST /projects/{project_gid}/sections/insert
func (s *SectionsService) Insert(ctx context.Context, projectGID string, req *SectionInsertRequest) error {
	if projectGID == "" {
		return gidError("Sections.Insert", "project")
	}
	if req == nil || req.Section == "" {
		return gidError("Sections.Insert", "section")
	}
	if (req.BeforeSection == "") == (req.AfterSection == "") {
		return errors.New("asana: Sections.Insert: set exactly one of BeforeSection and AfterSection")
	}
	_, err := s.client.Do(ctx, &Request{Method: "POST", Path: pathf("/projects/%s/sections/insert", projectGID), Body: req}, nil)
	return err
}
