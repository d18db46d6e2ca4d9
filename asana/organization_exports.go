package asana

import "context"

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
	if err := checkArgs("OrganizationExports.Create", "organization gid", organizationGID); err != nil {
		return nil, err
	}
	return sendJSON[OrganizationExport](ctx, s.client, "POST", "/organization_exports", opts,
		organizationExportRequest{Organization: organizationGID})
}

// Get returns the state of an organization export and, once finished, its
// short-lived DownloadURL; read it again for a fresh URL rather than storing
// one.
//
// asana:operation GET /organization_exports/{organization_export_gid}
func (s *OrganizationExportsService) Get(ctx context.Context, exportGID string, opts *GetOptions) (*OrganizationExport, error) {
	if err := checkArgs("OrganizationExports.Get", "organization export gid", exportGID); err != nil {
		return nil, err
	}
	return get[OrganizationExport](ctx, s.client, pathf("/organization_exports/%s", exportGID), opts)
}
