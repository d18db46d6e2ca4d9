package asanatest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// SCIM 2.0 provisioning (https://developers.asana.com/docs/scim), served
// under /api/1.0/scim over the fake's own state: a SCIM User is a member of
// the service account's organization (guests and service accounts are not
// listed, as Asana's docs say), its id the user's GID and its userName the
// email; a SCIM Group is a team of the organization, its members the team's
// members. Only service-account tokens of an Enterprise organization may
// call these routes: a personal token gets 403, a missing or revoked token
// 401, both as SCIM error documents; a scoped token needs the SCIM scope of
// the operation (403 otherwise).
//
// Deactivating a user (active false with PUT or PATCH, or DELETE) is
// Asana's deprovision, the same as removeUser: the membership turns
// is_active false, the user leaves the organization's teams and projects,
// what only they owned passes to the service account, and the audit log
// records user_deprovisioned. On top, the account is "zombified": its
// personal access tokens are revoked and answer 401 from then on.
// Reactivating (active true) restores the membership (audit:
// user_reprovisioned) but not the old tokens or team memberships.
//
// Where the fake differs, or guesses where Asana's docs are silent:
//   - filters take the whole SCIM grammar, on userName (users) and
//     displayName (groups) only; other attributes are a 400 invalidFilter;
//   - startIndex/count pagination in GID order; count at most 100;
//   - emails are rendered from userName, and writes to emails are
//     accepted but ignored (Asana's email is the userName);
//   - POST of a userName that is already a member (active or not) is a 409
//     uniqueness: reactivate with PUT or PATCH instead;
//   - PUT leaves active and members unchanged when it omits them, and so
//     does a null active or members in PUT or PATCH (null is unassigned,
//     RFC 7643 section 2.5; emptying a group takes a remove of members);
//   - a Group's displayName must be unique in the organization (409), and
//     groups cannot be deleted (no DELETE route), as teams cannot be over
//     the REST API;
//   - a token scoped to user provisioning needs scim:users:read for every
//     SCIM GET (Groups and the meta endpoints too) and scim:users:write for
//     every write; the request pipeline checks it (auth.go) before these
//     handlers run.

// SCIM schema URNs.
const (
	scimSchemaUser       = "urn:ietf:params:scim:schemas:core:2.0:User"
	scimSchemaEnterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
	scimSchemaGroup      = "urn:ietf:params:scim:schemas:core:2.0:Group"
	scimSchemaList       = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
	scimSchemaPatch      = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
	scimSchemaError      = "urn:ietf:params:scim:api:messages:2.0:Error"
	scimSchemaSPConfig   = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
	scimSchemaResType    = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
	scimSchemaSchema     = "urn:ietf:params:scim:schemas:core:2.0:Schema"
)

const contentTypeSCIM = "application/scim+json; charset=UTF-8"

// scimMaxResults is the largest page the fake serves (and its default).
const scimMaxResults = 100

// scimProfile holds the SCIM attributes that Asana's user record lacks.
type scimProfile struct {
	givenName, familyName string
	title, department     string
	preferredLanguage     string
	externalID            string
}

// scimHandler handles a SCIM route for a caller already checked to be the
// service account of org.
type scimHandler func(rq *request, org *Workspace) reply

// scimRoutes registers the SCIM endpoints.
func (s *Server) scimRoutes() {
	for spec, h := range map[string]scimHandler{
		"GET /scim/ServiceProviderConfig": s.scimServiceProviderConfig,
		"GET /scim/ResourceTypes":         s.scimResourceTypes,
		"GET /scim/Schemas":               s.scimSchemas,
		"GET /scim/Users":                 s.scimListUsers,
		"POST /scim/Users":                s.scimCreateUser,
		"GET /scim/Users/{user_gid}":      s.scimGetUser,
		"PUT /scim/Users/{user_gid}":      s.scimReplaceUser,
		"PATCH /scim/Users/{user_gid}":    s.scimPatchUser,
		"DELETE /scim/Users/{user_gid}":   s.scimDeleteUser,
		"GET /scim/Groups":                s.scimListGroups,
		"POST /scim/Groups":               s.scimCreateGroup,
		"GET /scim/Groups/{team_gid}":     s.scimGetGroup,
		"PUT /scim/Groups/{team_gid}":     s.scimReplaceGroup,
		"PATCH /scim/Groups/{team_gid}":   s.scimPatchGroup,
	} {
		s.handle(spec, s.scimGuard(h)).scim = true
	}
}

// scimGuard admits only service accounts of an Enterprise organization.
func (s *Server) scimGuard(h scimHandler) handlerFunc {
	return func(rq *request) reply {
		org := rq.st.workspaces.get(rq.p.org())
		if !rq.p.serviceAccount() || org == nil || !org.Enterprise {
			return rq.fail(forbidden("Only service accounts in Enterprise domains can access SCIM endpoints"))
		}
		return h(rq, org)
	}
}

// scimErrorBody is a SCIM error document (RFC 7644 section 3.12).
func scimErrorBody(status int, scimType, detail string) map[string]any {
	if detail == "" {
		detail = statusBody(status, "").Errors[0].Message
	}
	doc := map[string]any{"schemas": []string{scimSchemaError}, "status": strconv.Itoa(status), "detail": detail}
	if scimType != "" {
		doc["scimType"] = scimType
	}
	return doc
}

// scimErr is an *apiError with a scimType.
func scimErr(status int, scimType, detail string) *apiError {
	return &apiError{status: status, message: detail, scimType: scimType}
}

// scimBody decodes a SCIM request body (a JSON object) into v.
func (rq *request) scimBody(v any) error {
	raw, err := readAllLimited(rq.r, 10<<20)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return scimErr(http.StatusBadRequest, "invalidSyntax", "Request body is not a JSON object: "+err.Error())
	}
	return nil
}

// scimLocation is a resource's absolute URL.
func (rq *request) scimLocation(kind, id string) string {
	return rq.origin + APIPrefix + "/scim/" + kind + "/" + id
}

// scimList answers a ListResponse page of resources, startIndex (from 1)
// and count taken from the query over the matching ids.
func (rq *request) scimList(ids []string, render func(id string) any) reply {
	start, count := 1, scimMaxResults
	for name, dst := range map[string]*int{"startIndex": &start, "count": &count} {
		if v := rq.query.Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				return rq.fail(scimErr(http.StatusBadRequest, "invalidValue", name+": not an integer: "+v))
			}
			*dst = n
		}
	}
	start, count = max(start, 1), min(max(count, 0), scimMaxResults)
	res := []any{}
	for i := start - 1; i < len(ids) && len(res) < count; i++ {
		res = append(res, render(ids[i]))
	}
	return reply{body: map[string]any{"schemas": []string{scimSchemaList}, "totalResults": len(ids),
		"startIndex": start, "itemsPerPage": len(res), "Resources": res}}
}

// scimFilter parses the filter parameter; attrs are the attributes Asana
// allows in it (lower case). A nil filter matches everything.
func (rq *request) scimFilter(attrs ...string) (filterNode, error) {
	v := rq.query.Get("filter")
	if v == "" {
		return nil, nil
	}
	f, err := parseSCIMFilter(v)
	if err != nil {
		return nil, scimErr(http.StatusBadRequest, "invalidFilter", "Invalid filter: "+err.Error())
	}
	for _, a := range filterAttrs(f) {
		if !containsString(attrs, a) {
			return nil, scimErr(http.StatusBadRequest, "invalidFilter", "Filtering is supported on "+strings.Join(attrs, ", ")+" only, not "+a)
		}
	}
	return f, nil
}

// isJSONNull reports whether raw is the JSON null.
func isJSONNull(raw json.RawMessage) bool { return string(bytes.TrimSpace(raw)) == "null" }

// Users.

// patchOp is one operation of a SCIM PATCH request.
type patchOp struct {
	Op    string          `json:"op"`
	Path  string          `json:"path"`
	Value json.RawMessage `json:"value"`
}

// patchOps decodes a PatchOp request body.
func (rq *request) patchOps() ([]patchOp, error) {
	var body struct {
		Schemas    []string  `json:"schemas"`
		Operations []patchOp `json:"Operations"`
	}
	if err := rq.scimBody(&body); err != nil {
		return nil, err
	}
	if !containsString(body.Schemas, scimSchemaPatch) {
		return nil, scimErr(http.StatusBadRequest, "invalidSyntax", "schemas must list "+scimSchemaPatch)
	}
	if len(body.Operations) == 0 {
		return nil, scimErr(http.StatusBadRequest, "invalidSyntax", "Operations is empty")
	}
	for i := range body.Operations {
		op := &body.Operations[i]
		op.Op = strings.ToLower(op.Op)
		if op.Op != "add" && op.Op != "replace" && op.Op != "remove" {
			return nil, scimErr(http.StatusBadRequest, "invalidSyntax", "Unknown op "+strconv.Quote(op.Op))
		}
		if op.Op == "remove" && op.Path == "" {
			return nil, scimErr(http.StatusBadRequest, "noTarget", "remove needs a path")
		}
		if op.Op != "remove" && len(op.Value) == 0 {
			return nil, scimErr(http.StatusBadRequest, "invalidValue", op.Op+" needs a value")
		}
	}
	return body.Operations, nil
}

// Groups.
