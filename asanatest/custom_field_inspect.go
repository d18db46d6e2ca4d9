package asanatest

import "slices"

// Inspection of custom fields: copies of the records, ok false when absent.

// CustomField returns a custom field definition (deleted ones are absent).
func (s *Server) CustomField(gid string) (CustomField, bool) {
	return get(s, func(st *state) *CustomField { return customFields(st).fields.get(gid) }, func(cf CustomField) CustomField {
		cf.EnumOptionGIDs = slices.Clone(cf.EnumOptionGIDs)
		return cf
	})
}

// EnumOption returns an option of an enum or multi_enum custom field.
func (s *Server) EnumOption(gid string) (EnumOption, bool) {
	return get(s, func(st *state) *EnumOption { return customFields(st).options.get(gid) }, nil)
}

// CustomFieldSettings lists the settings of a project, portfolio or team in
// the container's order.
func (s *Server) CustomFieldSettings(parentGID string) []CustomFieldSetting {
	s.mu.RLock()
	defer s.mu.RUnlock()
	cs := customFields(s.st)
	return collect(cs.settingsByParent[parentGID], cs.settings.get)
}
