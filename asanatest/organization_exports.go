package asanatest

import (
	"bytes"
	"compress/gzip"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// Organization exports: the tag "Organization exports" of the spec. Only
// a service account of an Enterprise organization may export it (personal
// tokens get 403, non-Enterprise organizations 402). An export is pending
// for ExportStartDelay, then started until ExportDuration after its
// creation, then finished, all on the fake's clock. A finished export's
// download_url points at the fake itself, needs no Authorization (like
// Asana's pre-signed S3 URL) and expires an hour after the GET that
// returned it; it serves the organization as gzipped JSON Lines, one
// object with its resource_type per line, as of the download.
func (s *Server) organizationExportRoutes() {
	s.handle("POST /organization_exports", s.createOrganizationExport).scope = ScopeExports
	s.handle("GET /organization_exports/{organization_export_gid}", s.getOrganizationExport).scope = ScopeExports
	s.ctl.HandleFunc("GET "+controlPrefix+"/downloads/exports/{export_gid}", s.downloadExport)
}

// Export timing on the fake's clock, from the export's creation.
const (
	// ExportStartDelay is how long a new export stays pending.
	ExportStartDelay = time.Minute
	// ExportDuration is when an export finishes.
	ExportDuration = 5 * time.Minute
	// exportURLTTL is how long a download URL works after it was handed out.
	exportURLTTL = time.Hour
)

// exportAt is an export as seen at one moment, for rendering.
type exportAt struct {
	OrganizationExport
	downloadURL string
}

// exportState is e's state at now: scheduled exports (StartedAt and
// FinishedAt set, as the API creates them) move with the clock; seeded
// ones without a schedule keep their State.
func exportState(e *OrganizationExport, now time.Time) string {
	switch {
	case e.StartedAt.IsZero() && e.FinishedAt.IsZero():
		return e.State
	case now.Before(e.StartedAt):
		return ExportPending
	case now.Before(e.FinishedAt):
		return ExportStarted
	}
	return ExportFinished
}

// exportView renders e at the request's time, with a fresh signed URL
// once it is finished.
func (rq *request) exportView(e *OrganizationExport) *exportAt {
	v := &exportAt{OrganizationExport: *e}
	v.State = exportState(e, rq.now)
	if v.State == ExportFinished {
		exp := strconv.FormatInt(rq.now.Add(exportURLTTL).Unix(), 10)
		v.downloadURL = rq.origin + controlPrefix + "/downloads/exports/" + e.GID +
			"?expires=" + exp + "&signature=" + rq.s.exportSignature(e.GID, exp)
	}
	return v
}

func (s *Server) exportSignature(gid, expires string) string {
	mac := hmac.New(sha256.New, s.key)
	mac.Write([]byte("export " + gid + " " + expires))
	return hex.EncodeToString(mac.Sum(nil))
}

func (s *Server) createOrganizationExport(rq *request) reply {
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	g, err := b.gid("organization", true)
	if err != nil {
		return rq.fail(err)
	}
	org, err := rq.workspaceParam("organization", g)
	if err != nil {
		return rq.fail(err)
	}
	if !org.IsOrganization || !org.Enterprise {
		return rq.fail(errorf(http.StatusPaymentRequired, "Organization exports are only available to Enterprise organizations"))
	}
	if !s.isServiceAccountOf(rq.p, org.GID) {
		return rq.fail(forbidden("Organization exports are only available to service accounts of the organization"))
	}
	e := rq.st.insertExport(&OrganizationExport{OrganizationGID: org.GID, RequestedByGID: rq.p.user.GID,
		State: ExportPending, CreatedAt: rq.now, StartedAt: rq.now.Add(ExportStartDelay), FinishedAt: rq.now.Add(ExportDuration)})
	return rq.created(s.kinds.export, rq.exportView(e), "/organization_exports/"+e.GID)
}

func (s *Server) getOrganizationExport(rq *request) reply {
	g, err := rq.pathGID("organization_export_gid")
	if err != nil {
		return rq.fail(err)
	}
	// Only service accounts may use the endpoint at all, so a personal
	// token is refused before the lookup: a GET of a made-up gid is a
	// harmless probe of a token's powers (404 for a service account, 403
	// otherwise), which serviceaccounts.Verify relies on.
	if !rq.p.serviceAccount() {
		return rq.fail(forbidden("Organization exports are only available to service accounts of the organization"))
	}
	e := rq.st.exports.get(g)
	if e == nil {
		return rq.fail(notFound("organization_export", g))
	}
	if !s.isServiceAccountOf(rq.p, e.OrganizationGID) {
		return rq.fail(forbidden("Organization exports are only available to service accounts of the organization"))
	}
	return rq.one(s.kinds.export, rq.exportView(e))
}

// signedURL checks a download URL's expires and signature (over what,
// as exportSignature signs it) and returns its expiry.
func (s *Server) signedURL(r *http.Request, what string) (expires int64, ok bool) {
	exp := r.URL.Query().Get("expires")
	sig, sigErr := hex.DecodeString(r.URL.Query().Get("signature"))
	want, _ := hex.DecodeString(s.exportSignature(what, exp))
	expires, err := strconv.ParseInt(exp, 10, 64)
	return expires, err == nil && sigErr == nil && hmac.Equal(sig, want)
}

// downloadExport serves a finished export at its signed URL.
func (s *Server) downloadExport(w http.ResponseWriter, r *http.Request) {
	gid := r.PathValue("export_gid")
	expires, ok := s.signedURL(r, gid)
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
	e := s.st.exports.get(gid)
	var body []byte
	var err error
	if e != nil && exportState(e, now) == ExportFinished {
		body, err = s.exportBody(e.OrganizationGID, requestOrigin(r))
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

// exportBody renders the organization as gzipped JSON Lines: the
// organization, its memberships and users, teams and team memberships,
// projects and sections, live tasks with their stories and attachments,
// each with the full default fields of its kind. Call with s.mu held.
func (s *Server) exportBody(orgGID, origin string) ([]byte, error) {
	st, k := s.st, s.kinds
	v := &view{s: s, st: st, kinds: k, base: origin}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	enc := json.NewEncoder(zw)
	var err error
	emit := func(kd *kind, rec any) {
		if err != nil {
			return
		}
		var o object
		if o, err = v.project(kd, rec, nil, kd.full); err == nil {
			err = enc.Encode(o)
		}
	}
	emit(k.workspace, st.workspaces.get(orgGID))
	for _, g := range st.wsMembersByWS[orgGID] {
		m := st.wsMemberships.get(g)
		emit(k.workspaceMembership, m)
		emit(k.user, st.users.get(m.UserGID))
	}
	for _, tg := range st.teamsByOrg[orgGID] {
		emit(k.team, st.teams.get(tg))
		for _, mg := range st.teamMembersByTeam[tg] {
			emit(k.teamMembership, st.teamMemberships.get(mg))
		}
	}
	for _, pg := range st.projectsByWS[orgGID] {
		p := st.projects.get(pg)
		emit(k.project, p)
		for _, sg := range p.SectionGIDs {
			emit(k.section, st.sections.get(sg))
		}
		for _, ag := range st.taskAttachments[pg] {
			emit(k.attachment, st.attachments.get(ag))
		}
	}
	for _, tg := range st.tasks.order {
		t := st.tasks.get(tg)
		if t.Deleted || t.WorkspaceGID != orgGID {
			continue
		}
		emit(k.task, t)
		for _, sg := range st.taskStories[tg] {
			emit(k.story, st.stories.get(sg))
		}
		for _, ag := range st.taskAttachments[tg] {
			emit(k.attachment, st.attachments.get(ag))
		}
	}
	if err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
