package conformance

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// miniSpec is a small document in the shape of Asana's: allOf records,
// Compact schemas for lists, opt_fields enums, shared error responses.
const miniSpec = `
openapi: 3.0.0
info: {title: mini, version: "1"}
servers: [{url: "https://app.asana.com/api/1.0"}]
paths:
  /users/{user_gid}:
    parameters:
      - {name: user_gid, in: path, required: true, schema: {type: string}}
    get:
      parameters:
        - $ref: '#/components/parameters/user_opt_fields'
      responses:
        '200':
          description: one user
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {$ref: '#/components/schemas/UserResponse'}
        '404': {$ref: '#/components/responses/NotFound'}
  /users:
    get:
      parameters:
        - {name: workspace, in: query, required: true, schema: {type: string}}
        - $ref: '#/components/parameters/user_opt_fields'
      responses:
        '200':
          description: users
          content:
            application/json:
              schema:
                type: object
                properties:
                  data:
                    type: array
                    items: {$ref: '#/components/schemas/UserCompact'}
                  next_page: {$ref: '#/components/schemas/NextPage'}
    post:
      responses:
        '201':
          description: created
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {$ref: '#/components/schemas/UserCompact'}
  /tags:
    get:
      responses:
        '200':
          description: tags
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {$ref: '#/components/schemas/Tag'}
components:
  parameters:
    user_opt_fields:
      name: opt_fields
      in: query
      schema:
        type: array
        items: {type: string, enum: [email, name, photo, workspaces, workspaces.name]}
  responses:
    NotFound:
      description: not found
      content:
        application/json:
          schema: {$ref: '#/components/schemas/ErrorResponse'}
  schemas:
    ErrorResponse:
      type: object
      properties:
        errors:
          type: array
          items:
            type: object
            properties:
              message: {type: string}
              help: {type: string}
              phrase: {type: string}
    NextPage:
      type: object
      nullable: true
      properties:
        offset: {type: string}
        path: {type: string}
        uri: {type: string}
    UserCompact:
      type: object
      properties:
        gid: {type: string}
        resource_type: {type: string}
        name: {type: string}
    UserResponse:
      allOf:
        - $ref: '#/components/schemas/UserCompact'
        - type: object
          properties:
            email: {type: string}
            created_at: {type: string, format: date-time}
            photo:
              type: object
              nullable: true
              properties:
                image_21x21: {type: string}
            workspaces:
              type: array
              items: {$ref: '#/components/schemas/WorkspaceCompact'}
            custom: {type: object, additionalProperties: true}
            manager:
              allOf:
                - $ref: '#/components/schemas/UserCompact'
                - nullable: true
            buddy: {$ref: '#/components/schemas/UserCompact'}
    WorkspaceCompact:
      type: object
      properties:
        gid: {type: string}
        name: {type: string}
    Tag:
      type: object
      properties:
        gid: {type: string}
`

func mini(t testing.TB) *Spec {
	t.Helper()
	s, err := Parse([]byte(miniSpec))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func exchange(method, target string, status int, ct, body string) Exchange {
	u, _ := url.Parse(target)
	h := http.Header{}
	if ct != "" {
		h.Set("Content-Type", ct)
	}
	return Exchange{Method: method, URL: u, Status: status, Header: h, Body: []byte(body)}
}

const jsonCT = "application/json; charset=UTF-8"

func TestCheck(t *testing.T) {
	s := mini(t)
	type want struct{ field, reason string }
	tests := []struct {
		name   string
		ex     Exchange
		op     string
		want   []want
		noMore bool
	}{
		{"full user", exchange("GET", "/api/1.0/users/1", 200, jsonCT,
			`{"data":{"gid":"1","resource_type":"user","name":"A","email":"a@x","created_at":"2024-01-02T03:04:05.000Z","photo":null,"workspaces":[{"gid":"2","name":"W"}],"custom":{"any":1}}}`),
			"GET /users/{user_gid}", nil, true},
		{"allOf-nullable reference", exchange("GET", "/api/1.0/users/1", 200, jsonCT, `{"data":{"gid":"1","manager":null}}`),
			"GET /users/{user_gid}", nil, true},
		{"allOf-nullable reference, wrong type", exchange("GET", "/api/1.0/users/1", 200, jsonCT, `{"data":{"gid":"1","manager":{"gid":3}}}`),
			"GET /users/{user_gid}", []want{{"/data/manager/gid", "string"}}, true},
		{"plain reference stays non-nullable", exchange("GET", "/api/1.0/users/1", 200, jsonCT, `{"data":{"gid":"1","buddy":null}}`),
			"GET /users/{user_gid}", []want{{"/data/buddy", "not nullable"}}, true},
		{"non-nullable null", exchange("GET", "/api/1.0/users/1", 200, jsonCT, `{"data":{"gid":"1","email":null}}`),
			"GET /users/{user_gid}", []want{{"/data/email", "not nullable"}}, true},
		{"wrong type in array", exchange("GET", "/api/1.0/users/1", 200, jsonCT, `{"data":{"gid":"1","workspaces":[{"gid":2}]}}`),
			"GET /users/{user_gid}", []want{{"/data/workspaces/*/gid", "string"}}, true},
		{"bad date-time", exchange("GET", "/api/1.0/users/1", 200, jsonCT, `{"data":{"gid":"1","created_at":"yesterday"}}`),
			"GET /users/{user_gid}", []want{{"/data/created_at", "date-time"}}, true},
		{"unknown property", exchange("GET", "/api/1.0/users/1", 200, jsonCT, `{"data":{"gid":"1","emial":"a@x","workspaces":[{"gid":"2","nmae":"W"}]}}`),
			"GET /users/{user_gid}", []want{{"/data/emial", ReasonUnknownProperty}, {"/data/workspaces/*/nmae", ReasonUnknownProperty}}, true},
		{"no data", exchange("GET", "/api/1.0/users/1", 200, jsonCT, `{"gid":"1"}`),
			"GET /users/{user_gid}", []want{{"", ReasonNoData}, {"/gid", ReasonUnknownProperty}}, true},
		{"undocumented status", exchange("GET", "/api/1.0/users/1", 429, jsonCT, `{"errors":[{"message":"slow down"}]}`),
			"GET /users/{user_gid}", []want{{"", ReasonUndocumentedStatus}}, true},
		{"undocumented status, bad error body", exchange("GET", "/api/1.0/users/1", 500, jsonCT, `{"errors":[{"message":7}]}`),
			"GET /users/{user_gid}", []want{{"", ReasonUndocumentedStatus}, {"/errors/*/message", "string"}, {"/errors", ReasonNoErrors}}, true},
		{"error without message", exchange("GET", "/api/1.0/users/1", 404, jsonCT, `{"errors":[{"help":"h"}]}`),
			"GET /users/{user_gid}", []want{{"/errors", ReasonNoErrors}}, true},
		{"wrong content type", exchange("GET", "/api/1.0/users/1", 200, "text/plain", `{"data":{}}`),
			"GET /users/{user_gid}", []want{{"", ReasonContentType}}, true},
		{"not json", exchange("GET", "/api/1.0/users/1", 200, jsonCT, `{"data":`),
			"GET /users/{user_gid}", []want{{"", ReasonNotJSON}}, true},
		{"list compact", exchange("GET", "/api/1.0/users?workspace=1&limit=1", 200, jsonCT,
			`{"data":[{"gid":"1","resource_type":"user","name":"A"}],"next_page":{"offset":"x","path":"/users?offset=x","uri":"https://h/api/1.0/users?offset=x"}}`),
			"GET /users", nil, true},
		{"list last page", exchange("GET", "/api/1.0/users?workspace=1&limit=1", 200, jsonCT, `{"data":[],"next_page":null}`),
			"GET /users", nil, true},
		{"list opt_field beyond compact", exchange("GET", "/api/1.0/users?workspace=1&opt_fields=email,workspaces.name", 200, jsonCT,
			`{"data":[{"gid":"1","email":"a@x","workspaces":[{"gid":"2","name":"W"}]}]}`),
			"GET /users", []want{{"/data/*/email", ReasonOptFieldOnly}, {"/data/*/workspaces", ReasonOptFieldOnly}}, true},
		{"list opt_field of the wrong type", exchange("GET", "/api/1.0/users?workspace=1&opt_fields=email,workspaces.name", 200, jsonCT,
			`{"data":[{"gid":"1","email":5,"workspaces":[{"gid":"2","name":false,"nmae":"W"}]}]}`),
			"GET /users", []want{{"/data/*/email", ReasonOptFieldOnly}, {"/data/*/workspaces", ReasonOptFieldOnly},
				{"/data/*/email", "string"}, {"/data/*/workspaces/*/name", "string"}, {"/data/*/workspaces/*/nmae", ReasonUnknownProperty}}, true},
		{"list field not asked for", exchange("GET", "/api/1.0/users?workspace=1", 200, jsonCT, `{"data":[{"gid":"1","email":"a@x"}]}`),
			"GET /users", []want{{"/data/*/email", ReasonUnknownProperty}}, true},
		{"created", exchange("POST", "/api/1.0/users", 201, jsonCT, `{"data":{"gid":"9","name":"N"}}`), "POST /users", nil, true},
		{"unknown route 404", exchange("GET", "/api/1.0/nope", 404, jsonCT, `{"errors":[{"message":"No matching route for request"}]}`),
			"GET ?", nil, true},
		{"unknown route 200", exchange("GET", "/api/1.0/nope", 200, jsonCT, `{"data":{}}`),
			"GET ?", []want{{"", ReasonNoOperation}, {"/data", ReasonUnknownProperty}}, true},
		{"method not in spec", exchange("DELETE", "/api/1.0/users/1", 404, jsonCT, `{"errors":[{"message":"No matching route for request"}]}`),
			"DELETE ?", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			op, vs := s.Check(t.Context(), tt.ex)
			if op != tt.op {
				t.Errorf("operation %q, want %q", op, tt.op)
			}
			for _, w := range tt.want {
				if !slices.ContainsFunc(vs, func(v Violation) bool {
					return v.Field == w.field && strings.Contains(v.Reason, w.reason)
				}) {
					t.Errorf("missing violation at %q containing %q; got %v", w.field, w.reason, vs)
				}
			}
			if tt.noMore && len(vs) != len(tt.want) {
				t.Errorf("got %d violations, want %d: %v", len(vs), len(tt.want), vs)
			}
		})
	}
}

func TestSpecQueries(t *testing.T) {
	s := mini(t)
	if got := s.RequiredQuery("GET /users"); !slices.Equal(got, []string{"workspace"}) {
		t.Errorf("RequiredQuery = %v", got)
	}
	if got := s.RequiredQuery("GET /nope"); got != nil {
		t.Errorf("RequiredQuery of unknown op = %v", got)
	}
	if got := s.OptFields("GET /users/{user_gid}"); !slices.Equal(got, []string{"email", "name", "photo", "workspaces", "workspaces.name"}) {
		t.Errorf("OptFields = %v", got)
	}
	if got := s.OptFields("POST /users"); got != nil {
		t.Errorf("OptFields without the parameter = %v", got)
	}
	want := []string{"GET /tags", "GET /users", "GET /users/{user_gid}", "POST /users"}
	if got := s.Operations(); !slices.Equal(got, want) {
		t.Errorf("Operations = %v, want %v", got, want)
	}
}

func TestLoadPruned(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "spec.yaml")
	if err := os.WriteFile(path, []byte(miniSpec), 0o644); err != nil {
		t.Fatal(err)
	}
	cache := filepath.Join(dir, "cache")
	opts := Options{Operations: []string{"GET /users", "PUT /users", "GET /absent"}, CacheDir: cache}
	for run := range 2 { // the second run reads the cache
		s, err := Load(path, opts)
		if err != nil {
			t.Fatal(err)
		}
		if got := s.Operations(); !slices.Equal(got, []string{"GET /users"}) {
			t.Errorf("run %d: operations %v", run, got)
		}
		if s.doc.Components.Schemas["Tag"] != nil || s.doc.Components.Schemas["UserResponse"] != nil {
			t.Errorf("run %d: unused schemas kept", run)
		}
		for _, name := range []string{"UserCompact", "NextPage", "ErrorResponse"} {
			if s.doc.Components.Schemas[name] == nil {
				t.Errorf("run %d: schema %s pruned", run, name)
			}
		}
		if _, vs := s.Check(t.Context(), exchange("GET", "/api/1.0/users/1", 200, jsonCT, `{"data":{}}`)); len(vs) == 0 {
			t.Errorf("run %d: a pruned operation still matches", run)
		}
		entries, _ := os.ReadDir(cache)
		if len(entries) != 1 || !strings.HasSuffix(entries[0].Name(), ".json") {
			t.Errorf("run %d: cache holds %v", run, entries)
		}
	}
	if _, err := Load(filepath.Join(dir, "missing.yaml"), Options{}); err == nil {
		t.Error("Load of a missing file succeeded")
	}
	if _, err := Load(path, Options{Operations: []string{"users"}}); err == nil {
		t.Error("Load with a malformed operation succeeded")
	}
}

func TestParseErrors(t *testing.T) {
	tests := map[string]string{
		"not a document":  "{",
		"no servers":      "openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths: {}\n",
		"relative server": "openapi: 3.0.0\ninfo: {title: x, version: '1'}\nservers: [{url: /api}]\npaths: {}\n",
	}
	for name, doc := range tests {
		if _, err := Parse([]byte(doc)); err == nil {
			t.Errorf("%s: Parse succeeded", name)
		}
	}
}
