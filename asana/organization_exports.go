package asana

import ()

// Organization export states (OrganizationExport.State).
const (
	ExportPending  = "pending"
	ExportStarted  = "started"
	ExportFinished = "finished"
	ExportError    = "error"
)
