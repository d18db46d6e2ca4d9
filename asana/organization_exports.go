package asana

import (
	"context"
	"net/http"
)

// Organization export states (OrganizationExport.State).
const (
	ExportPending  = "pending"
	ExportStarted  = "started"
	ExportFinished = "finished"
	ExportError    = "error"
)

// organizationExportRequest is the body of OrganizationExports.Create.
type organizationExportRequest struct {
	Organization string `json:"organization"`
}

// Create asks Asana to export a whole organization and returns the export
// request, usually in state "pending". Only service accounts of Enterprise
// organizations may do this. Asana finishes the export later: poll Get until
// State is "finished" (then DownloadURL is set) or "error". Package export
// does the polling and the download.
//
// asana:operation POST /organization_exports
func (s *OrganizationExportsService) Create(ctx context.Context, organizationGID string, opts *GetOptions) (*OrganizationExport, error) {
	r := routeTo("OrganizationExports.Create", "/organization_exports").require("organization gid", organizationGID)
	return sendAt[OrganizationExport](ctx, s.client, http.MethodPost, r, opts,
		organizationExportRequest{Organization: organizationGID})
}
