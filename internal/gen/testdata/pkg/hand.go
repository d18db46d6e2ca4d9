package asana

// User is hand-written: the generator reuses it.
type User struct{ GID string }

// GadgetsService is hand-written.
type GadgetsService service

// Get is hand-written.
//
// asana:operation GET /gadgets/{gadget_gid}
func (s *GadgetsService) Get() {}
