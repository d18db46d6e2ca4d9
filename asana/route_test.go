package asana

import (
	"errors"
	"testing"
)

func TestRoute(t *testing.T) {
	errPosition := errors.New("set at most one of InsertBefore, InsertAfter and First")
	for _, tc := range []struct {
		name     string
		r        route
		wantPath string
		wantErr  string
	}{
		{"escaped path", routeTo("Users.GetForWorkspace", "/workspaces/%s/users/%s", "workspace gid", "1", "user", "a/b c"),
			"/workspaces/1/users/a%2Fb%20c", ""},
		{"no arguments", routeTo("Tasks.Create", "/tasks"), "/tasks", ""},
		{"empty", routeTo("Tasks.Get", "/tasks/%s", "task gid", ""), "", "asana: Tasks.Get: empty task gid"},
		{"blank", routeTo("Tasks.Get", "/tasks/%s", "task gid", " \t"), "", "asana: Tasks.Get: empty task gid"},
		{"dot", routeTo("Tasks.Get", "/tasks/%s", "task gid", "."), "", `asana: Tasks.Get: invalid task gid "."`},
		{"dot dot", routeTo("Tasks.Get", "/tasks/%s", "task gid", ".."), "", `asana: Tasks.Get: invalid task gid ".."`},
		{"second argument", routeTo("Users.GetForWorkspace", "/workspaces/%s/users/%s", "workspace gid", "1", "user", ""),
			"", "asana: Users.GetForWorkspace: empty user"},
		{"first error wins", routeTo("Tasks.Get", "/tasks/%s", "task gid", "").fail("later problem"),
			"", "asana: Tasks.Get: empty task gid"},
		{"require body argument", routeTo("Tasks.AddTag", "/tasks/%s/addTag", "task gid", "1").require("tag gid", ""),
			"", "asana: Tasks.AddTag: empty tag gid"},
		{"require passes", routeTo("Tasks.AddTag", "/tasks/%s/addTag", "task gid", "1").require("tag gid", "2"),
			"/tasks/1/addTag", ""},
		{"check wraps", routeTo("Tasks.SetParent", "/tasks/%s/setParent", "task gid", "1").check(errPosition),
			"", "asana: Tasks.SetParent: set at most one of InsertBefore, InsertAfter and First"},
		{"check nil", routeTo("Tasks.SetParent", "/tasks/%s/setParent", "task gid", "1").check(nil),
			"/tasks/1/setParent", ""},
		{"each: none", routeTo("Projects.AddMembers", "/projects/%s/addMembers", "project gid", "1").requireEach("user", "users", nil),
			"", "asana: Projects.AddMembers: no users given"},
		{"each: blank", routeTo("Projects.AddMembers", "/projects/%s/addMembers", "project gid", "1").requireEach("user", "users", []string{"me", " "}),
			"", "asana: Projects.AddMembers: empty user in users"},
		{"each: comma", routeTo("Projects.AddMembers", "/projects/%s/addMembers", "project gid", "1").requireEach("user", "users", []string{"1,2"}),
			"", `asana: Projects.AddMembers: invalid user "1,2" in users`},
		{"each: passes", routeTo("Projects.AddMembers", "/projects/%s/addMembers", "project gid", "1").requireEach("user", "users", []string{"me", "a@example.com"}),
			"/projects/1/addMembers", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.wantErr == "" {
				if tc.r.err != nil || tc.r.path != tc.wantPath {
					t.Fatalf("route = %q, %v; want %q", tc.r.path, tc.r.err, tc.wantPath)
				}
				return
			}
			if tc.r.err == nil || tc.r.err.Error() != tc.wantErr {
				t.Fatalf("err = %v, want %q", tc.r.err, tc.wantErr)
			}
		})
	}
	if r := routeTo("Tasks.SetParent", "/tasks/%s", "task gid", "1").check(errPosition); !errors.Is(r.err, errPosition) {
		t.Errorf("check does not wrap: %v", r.err)
	}
}
