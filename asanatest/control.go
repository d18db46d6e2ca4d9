package asanatest

import (
	"encoding/json"
	"net/http"
	"time"
)

// controlPrefix is where the fake serves its own API: admin-console
// operations, seeding, clock and fault control for clients that are not
// Go (the standalone server), plus download URLs. It has no
// authentication: serve it on loopback only.
const controlPrefix = "/_fake"

// registerControl mounts the /_fake endpoints. Their JSON mirrors the Go
// methods of the same name, with snake_case fields.
func (s *Server) registerControl() {
	c := s.controlHandle // plans.go
	c("GET "+controlPrefix+"/clock", func(*http.Request) (any, error) {
		return map[string]any{"now": s.clock.Now().UTC().Format(timeFormat)}, nil
	})
	c("POST "+controlPrefix+"/clock/advance", func(r *http.Request) (any, error) {
		var in struct {
			Duration string `json:"duration"`
		}
		if err := decodeControl(r, &in); err != nil {
			return nil, err
		}
		d, err := time.ParseDuration(in.Duration)
		if err != nil {
			return nil, err
		}
		s.clock.Advance(d)
		return map[string]any{"now": s.clock.Now().UTC().Format(timeFormat)}, nil
	})
	c("POST "+controlPrefix+"/workspaces", func(r *http.Request) (any, error) {
		var in struct {
			Name           string   `json:"name"`
			IsOrganization bool     `json:"is_organization"`
			Enterprise     bool     `json:"enterprise"`
			EmailDomains   []string `json:"email_domains"`
		}
		if err := decodeControl(r, &in); err != nil {
			return nil, err
		}
		w, err := s.AddWorkspace(Workspace{Name: in.Name, IsOrganization: in.IsOrganization, Enterprise: in.Enterprise, EmailDomains: in.EmailDomains})
		return map[string]any{"gid": w.GID}, err
	})
	c("POST "+controlPrefix+"/users", func(r *http.Request) (any, error) {
		var in struct{ Name, Email, Photo string }
		if err := decodeControl(r, &in); err != nil {
			return nil, err
		}
		u, err := s.AddUser(User{Name: in.Name, Email: in.Email, Photo: in.Photo})
		return map[string]any{"gid": u.GID}, err
	})
	c("POST "+controlPrefix+"/workspaces/{workspace_gid}/members", func(r *http.Request) (any, error) {
		var in memberInput
		if err := decodeControl(r, &in); err != nil {
			return nil, err
		}
		m, err := s.AddWorkspaceMember(r.PathValue("workspace_gid"), in.User, in.options())
		return map[string]any{"gid": m.GID}, err
	})
	c("POST "+controlPrefix+"/teams", func(r *http.Request) (any, error) {
		var in struct{ Organization, Name, Description, Visibility string }
		if err := decodeControl(r, &in); err != nil {
			return nil, err
		}
		t, err := s.AddTeam(Team{OrganizationGID: in.Organization, Name: in.Name, Description: in.Description, Visibility: in.Visibility})
		return map[string]any{"gid": t.GID}, err
	})
	c("POST "+controlPrefix+"/teams/{team_gid}/members", func(r *http.Request) (any, error) {
		var in memberInput
		if err := decodeControl(r, &in); err != nil {
			return nil, err
		}
		m, err := s.AddTeamMember(r.PathValue("team_gid"), in.User, in.options())
		return map[string]any{"gid": m.GID}, err
	})
	// Service-account tokens have full access unless "scopes" lists some
	// (e.g. ["scim:users:read", "scim:users:write"]).
	c("POST "+controlPrefix+"/service_accounts", func(r *http.Request) (any, error) {
		var in struct {
			Organization, Name string
			Scopes             []Scope
		}
		if err := decodeControl(r, &in); err != nil {
			return nil, err
		}
		if in.Scopes != nil {
			if err := checkScopes(in.Scopes); err != nil {
				return nil, err
			}
		}
		u, tok, err := s.addServiceAccount(in.Organization, in.Name, in.Scopes)
		return map[string]any{"gid": u.GID, "name": u.Name, "token": tok}, err
	})
	c("POST "+controlPrefix+"/service_accounts/{user_gid}/tokens", func(r *http.Request) (any, error) {
		var in struct{ Scopes []Scope }
		if err := decodeControl(r, &in); err != nil {
			return nil, err
		}
		var tok string
		var err error
		if in.Scopes != nil {
			tok, err = s.AddScopedServiceAccountToken(r.PathValue("user_gid"), in.Scopes...)
		} else {
			tok, err = s.AddServiceAccountToken(r.PathValue("user_gid"))
		}
		return map[string]any{"token": tok}, err
	})
	c("GET "+controlPrefix+"/service_accounts", func(r *http.Request) (any, error) {
		us, err := s.ServiceAccounts(r.URL.Query().Get("organization"))
		out := make([]map[string]any, 0, len(us))
		for _, u := range us {
			out = append(out, map[string]any{"gid": u.GID, "name": u.Name, "photo": nullable(u.Photo)})
		}
		return out, err
	})
	c("POST "+controlPrefix+"/service_accounts/{user_gid}/rename", func(r *http.Request) (any, error) {
		var in struct{ Name string }
		if err := decodeControl(r, &in); err != nil {
			return nil, err
		}
		return struct{}{}, s.RenameServiceAccount(r.PathValue("user_gid"), in.Name)
	})
	c("POST "+controlPrefix+"/users/{user_gid}/photo", func(r *http.Request) (any, error) {
		var in struct{ URL string }
		if err := decodeControl(r, &in); err != nil {
			return nil, err
		}
		return struct{}{}, s.SetPhoto(r.PathValue("user_gid"), in.URL)
	})
	c("POST "+controlPrefix+"/personal_access_tokens", func(r *http.Request) (any, error) {
		var in struct{ User string }
		if err := decodeControl(r, &in); err != nil {
			return nil, err
		}
		tok, err := s.AddPersonalAccessToken(in.User)
		return map[string]any{"token": tok}, err
	})
	c("POST "+controlPrefix+"/tokens/deauthorize", func(r *http.Request) (any, error) {
		var in struct{ Token string }
		if err := decodeControl(r, &in); err != nil {
			return nil, err
		}
		return struct{}{}, s.DeauthorizeToken(in.Token)
	})
	// Restoring a task from the trash, as a user does in the web app.
	c("POST "+controlPrefix+"/tasks/{task_gid}/restore", func(r *http.Request) (any, error) {
		var in struct{ User string }
		if err := decodeControl(r, &in); err != nil {
			return nil, err
		}
		return struct{}{}, s.RestoreTask(r.PathValue("task_gid"), in.User)
	})
	c("POST "+controlPrefix+"/faults", func(r *http.Request) (any, error) {
		var in struct {
			Method, Route, Message string
			Status                 int
			RetryAfter, Latency    string
			DropConnection         bool `json:"drop_connection"`
			TruncateBody           bool `json:"truncate_body"`
			Times                  int
			Fraction               float64
		}
		if err := decodeControl(r, &in); err != nil {
			return nil, err
		}
		f := Fault{Method: in.Method, Route: in.Route, Message: in.Message, Status: in.Status,
			DropConnection: in.DropConnection, TruncateBody: in.TruncateBody, Times: in.Times, Fraction: in.Fraction}
		var err error
		if f.RetryAfter, err = optDuration(in.RetryAfter); err != nil {
			return nil, err
		}
		if f.Latency, err = optDuration(in.Latency); err != nil {
			return nil, err
		}
		return struct{}{}, s.InjectFault(f)
	})
	c("DELETE "+controlPrefix+"/faults", func(*http.Request) (any, error) {
		s.ClearFaults()
		return struct{}{}, nil
	})
	c("GET "+controlPrefix+"/requests", func(*http.Request) (any, error) {
		recs := s.Requests()
		out := make([]map[string]any, len(recs))
		for i, rec := range recs {
			out[i] = map[string]any{
				"time": rec.Time.UTC().Format(timeFormat), "method": rec.Method, "path": rec.Path,
				"route": rec.Route, "query": rec.Query, "token_kind": rec.TokenKind,
				"user": rec.UserGID, "status": rec.Status, "fault": rec.Fault,
			}
		}
		return out, nil
	})
	s.ctl.HandleFunc(controlPrefix+"/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, statusBody(http.StatusNotFound, msgNoRoute))
	})
}

type memberInput struct {
	User                   string
	Admin, Guest, Inactive bool
	ViewOnly               bool `json:"view_only"`
	LimitedAccess          bool `json:"limited_access"`
}

func (in memberInput) options() MemberOptions {
	return MemberOptions{Admin: in.Admin, Guest: in.Guest, ViewOnly: in.ViewOnly, Inactive: in.Inactive, LimitedAccess: in.LimitedAccess}
}

func decodeControl(r *http.Request, v any) error {
	raw, err := readAllLimited(r, 1<<20)
	if err != nil {
		return err
	}
	if len(raw) == 0 {
		return nil
	}
	return json.Unmarshal(raw, v)
}

func optDuration(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	return time.ParseDuration(s)
}
