package asanatest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// Resource and graph exports: the tag "Exports" of the spec. POST
// /exports/resource bulk-exports a workspace's tasks, teams and messages;
// POST /exports/graph exports what hangs off a goal, project, portfolio
// or team. Both answer a job (GET /jobs/{job_gid}) that is in_progress
// for ExportDuration on the fake's clock and then succeeded, its
// new_resource_export or new_graph_export carrying a download_url (a
// signed URL at the fake, like organization exports, valid for an hour
// after the GET that handed it out). A resource export downloads as
// gzipped JSON Lines, a graph export as one gzipped JSON document, both
// rendered at the download. Guesses where Asana's docs are silent:
//   - only a service account of an Enterprise organization may start a
//     resource export (the admin console's export permission is a service
//     account's); a graph export needs a caller who can see the parent;
//   - a workspace has at most one resource export in progress: a second
//     one answers 403, as documented;
//   - graph exports are not cached (Asana caches those over 1,000 tasks
//     for 4 hours);
//   - a resource export's file expires 30 days after completion (403).
func (s *Server) exportRoutes() {
	s.handle("POST /exports/resource", s.createResourceExport).scope = ScopeExports
	s.handle("POST /exports/graph", s.createGraphExport).scope = ScopeExports
	s.ctl.HandleFunc("GET "+controlPrefix+"/downloads/object_exports/{export_gid}", s.downloadObjectExport)
}

// resourceExportTTL is how long a resource export's file stays available.
const resourceExportTTL = 30 * 24 * time.Hour

// ObjectExport is a resource export or a graph export.
type ObjectExport struct {
	GID string
	// Graph tells a graph export from a resource export.
	Graph bool
	// WorkspaceGID is the exported workspace (for a graph export, the
	// parent's).
	WorkspaceGID string
	// ParentGID is a graph export's goal, project, portfolio or team.
	ParentGID string
	// Params are a resource export's export_request_parameters.
	Params       []ExportParam
	CreatedByGID string
	CreatedAt    time.Time
	// CompletedAt is when the export finishes on the fake's clock.
	CompletedAt time.Time
}

// ExportParam is one export_request_parameters entry.
type ExportParam struct {
	ResourceType string                     `json:"resource_type"`
	Fields       []string                   `json:"fields"`
	Filters      map[string]json.RawMessage `json:"filters"`
}

// objectExportStore holds the exports (storeOf[objectExportStore]).
type objectExportStore struct {
	exports table[ObjectExport]
}

func newObjectExportStore() any { return &objectExportStore{exports: newTable[ObjectExport]()} }

func objectExports(st *state) *objectExportStore { return storeOf[objectExportStore](st) }

func (es *objectExportStore) insert(st *state, e *ObjectExport) *ObjectExport {
	es.exports.put(st.gidFor(&e.GID), e)
	return e
}

func (s *Server) createResourceExport(rq *request) reply {
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	g, err := b.gid("workspace", true)
	if err != nil {
		return rq.fail(err)
	}
	ws, err := rq.workspaceParam("workspace", g)
	if err != nil {
		return rq.fail(err)
	}
	if !ws.IsOrganization || !ws.Enterprise {
		return rq.fail(errorf(http.StatusPaymentRequired, "Resource exports are only available to Enterprise organizations"))
	}
	if !s.isServiceAccountOf(rq.p, ws.GID) {
		return rq.fail(forbidden("Resource exports are only available to service accounts of the organization"))
	}
	params, err := exportParams(b)
	if err != nil {
		return rq.fail(err)
	}
	es := objectExports(rq.st)
	for _, eg := range es.exports.order {
		if e := es.exports.get(eg); !e.Graph && e.WorkspaceGID == ws.GID && rq.now.Before(e.CompletedAt) {
			return rq.fail(forbidden("A workspace may only have one resource export in progress at a time"))
		}
	}
	e := es.insert(rq.st, &ObjectExport{WorkspaceGID: ws.GID, Params: params, CreatedByGID: rq.p.user.GID,
		CreatedAt: rq.now, CompletedAt: rq.now.Add(ExportDuration)})
	return s.exportJobCreated(rq, e, "export_request")
}

// exportParams reads and checks export_request_parameters.
func exportParams(b *body) ([]ExportParam, error) {
	const name = "export_request_parameters"
	raw, ok := b.field(name)
	if !ok || string(raw) == "null" {
		return nil, missingInput(name)
	}
	var params []ExportParam
	if err := json.Unmarshal(raw, &params); err != nil {
		return nil, badRequest(name, "Not an array of export request parameters")
	}
	if len(params) == 0 {
		return nil, missingInput(name)
	}
	for i, p := range params {
		at := name + "[" + strconv.Itoa(i) + "]"
		switch p.ResourceType {
		case "":
			return nil, missingInput(at + ".resource_type")
		case "task", "team", "message":
		default:
			return nil, badRequest(at+".resource_type", "Unknown value: %q (one of task, team, message)", p.ResourceType)
		}
		if _, err := parseOptFields([]string{joinFields(p.Fields)}); err != nil {
			return nil, badRequest(at+".fields", "%s", err.Error())
		}
		if err := checkExportFilters(at, p); err != nil {
			return nil, err
		}
	}
	return params, nil
}

func (s *Server) createGraphExport(rq *request) reply {
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	g, err := b.gid("parent", true)
	if err != nil {
		return rq.fail(err)
	}
	wsGID, err := s.graphParent(rq, g)
	if err != nil {
		return rq.fail(err)
	}
	e := objectExports(rq.st).insert(rq.st, &ObjectExport{Graph: true, WorkspaceGID: wsGID, ParentGID: g, CreatedByGID: rq.p.user.GID,
		CreatedAt: rq.now, CompletedAt: rq.now.Add(ExportDuration)})
	return s.exportJobCreated(rq, e, "graph_export_request")
}

// graphParent checks that the caller may see the goal, project, portfolio
// or team g and returns its workspace.
func (s *Server) graphParent(rq *request, g string) (string, error) {
	if p := rq.st.projects.get(g); p != nil {
		if !s.canSeeProject(rq.p, p) {
			return "", forbidden("")
		}
		return p.WorkspaceGID, nil
	}
	if t := rq.st.teams.get(g); t != nil {
		if !s.canSeeTeam(rq.p, t) {
			return "", forbidden("")
		}
		return t.OrganizationGID, nil
	}
	if pf := portfolios(rq.st).portfolios.get(g); pf != nil {
		if !s.canSeePortfolio(rq.p, pf) {
			return "", forbidden("")
		}
		return pf.WorkspaceGID, nil
	}
	if gl := goals(rq.st).goals.get(g); gl != nil {
		if !s.canSeeGoal(rq.p, gl) {
			return "", forbidden("")
		}
		return gl.WorkspaceGID, nil
	}
	return "", notFound("parent", g)
}

// exportJobCreated records the export's job and answers it, in progress.
func (s *Server) exportJobCreated(rq *request, e *ObjectExport, subtype string) reply {
	j := storeOf[jobStore](rq.st).insert(rq.st, &Job{ResourceSubtype: subtype, Status: "succeeded", ExportGID: e.GID,
		CreatedByGID: rq.p.user.GID, CreatedAt: rq.now})
	return rq.createdWith(jobKind, rq.exportJobAt(j), exportJobFields(j), "/jobs/"+j.GID)
}

// exportJobFields are an export job's default fields: the job's, with its
// export instead of the other kinds' results.
func exportJobFields(j *Job) []string {
	if j.ResourceSubtype == "graph_export_request" {
		return []string{"resource_type", "resource_subtype", "status", "new_graph_export"}
	}
	return []string{"resource_type", "resource_subtype", "status", "new_resource_export"}
}

// exportOf is the job's export as rendered by exportJobAt, when it is of
// that resource_type (nil otherwise).
func (j *Job) exportOf(resourceType string) any {
	if j.exportAt == nil || j.exportAt.vals[1] != resourceType {
		return nil
	}
	return j.exportAt
}

// exportResourceType is the export's resource_type in a job.
func exportResourceType(e *ObjectExport) string {
	if e.Graph {
		return "graph_export"
	}
	return "export_request"
}

// exportJobAt is an export job as it looks at the request's time: in
// progress until the export completes, with the export's URL once it has.
func (rq *request) exportJobAt(j *Job) *Job {
	v := *j
	e := objectExports(rq.st).exports.get(j.ExportGID)
	if e == nil {
		return &v
	}
	done := !rq.now.Before(e.CompletedAt)
	v.Status = "in_progress"
	if done {
		v.Status = "succeeded"
	}
	// The spec declares completed_at non-nullable (its text says null
	// while in progress): the fake leaves it out until the export is done.
	var o object
	o.set("gid", e.GID)
	o.set("resource_type", exportResourceType(e))
	o.set("created_at", e.CreatedAt)
	if !done {
		o.set("download_url", nil)
	} else {
		exp := strconv.FormatInt(rq.now.Add(exportURLTTL).Unix(), 10)
		o.set("download_url", rq.origin+controlPrefix+"/downloads/object_exports/"+e.GID+
			"?expires="+exp+"&signature="+rq.s.objectExportSignature(e.GID, exp))
		o.set("completed_at", e.CompletedAt)
	}
	v.exportAt = &o
	return &v
}

func (s *Server) objectExportSignature(gid, expires string) string {
	return s.exportSignature("object "+gid, expires)
}

// downloadObjectExport serves a completed export at its signed URL.
func (s *Server) downloadObjectExport(w http.ResponseWriter, r *http.Request) {
	gid := r.PathValue("export_gid")
	expires, ok := s.signedURL(r, "object "+gid)
	if !ok {
		writeJSON(w, http.StatusForbidden, errorBody("Invalid download URL signature"))
		return
	}
	now := s.clock.Now()
	if now.Unix() > expires {
		writeJSON(w, http.StatusForbidden, errorBody("Request has expired"))
		return
	}
	s.mu.RLock()
	e := objectExports(s.st).exports.get(gid)
	var body []byte
	var err error
	switch {
	case e == nil || now.Before(e.CompletedAt):
	case !e.Graph && !now.Before(e.CompletedAt.Add(resourceExportTTL)):
		s.mu.RUnlock()
		writeJSON(w, http.StatusForbidden, errorBody("The export has expired"))
		return
	case e.Graph:
		body, err = s.graphExportBody(e, requestOrigin(r))
	default:
		body, err = s.resourceExportBody(e, requestOrigin(r))
	}
	s.mu.RUnlock()
	switch {
	case body == nil && err == nil:
		writeJSON(w, http.StatusNotFound, errorBody("The export does not exist or is not finished"))
	case err != nil:
		writeJSON(w, http.StatusInternalServerError, statusBody(http.StatusInternalServerError, ""))
	default:
		w.Header().Set("Content-Type", "application/gzip")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		_, _ = w.Write(body)
	}
}
