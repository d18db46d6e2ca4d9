package asanatest

import (
	"slices"
)

// The enum options of a custom field: created (at the end, or before or
// after another option), moved, renamed, recolored and disabled. Asana
// never deletes an option: a disabled one keeps its values on tasks.

// enumOptionFields applies name, color and enabled from an option body.
func enumOptionFields(b *body, o *EnumOption, create bool) error {
	if err := b.name(create, &o.Name); err != nil {
		return err
	}
	if b.has("color") {
		c, err := b.str("color", false)
		if err != nil {
			return err
		}
		if c == "" {
			c = "none"
		}
		if !slices.Contains(enumOptionColors, c) {
			return badRequest("color", "Not a valid enum value: %q", c)
		}
		o.Color = c
	}
	if b.has("enabled") {
		v, err := b.boolean("enabled", true)
		if err != nil {
			return err
		}
		o.Enabled = v
	}
	return nil
}

// optionPosition reads an anchor pair (insert_before/insert_after, or
// before_enum_option/after_enum_option) into a position in cf's options;
// -1 (the end) when neither is given. moving is the option being placed,
// which may not be its own anchor.
func optionPosition(b *body, cf *CustomField, before, after, moving string) (int, error) {
	bg, err := b.gid(before, false)
	if err != nil {
		return 0, err
	}
	ag, err := b.gid(after, false)
	if err != nil {
		return 0, err
	}
	if bg != "" && ag != "" {
		return 0, badRequest(before, "Cannot be provided together with %s", after)
	}
	anchor, name := bg, before
	if anchor == "" {
		anchor, name = ag, after
	}
	if anchor == "" {
		return -1, nil
	}
	if anchor == moving {
		return 0, badRequest(name, "An enum option cannot be placed relative to itself")
	}
	opts := slices.DeleteFunc(slices.Clone(cf.EnumOptionGIDs), func(g string) bool { return g == moving })
	i := slices.Index(opts, anchor)
	if i < 0 {
		return 0, badRequest(name, "Enum option %s is not an option of custom field %s", anchor, cf.GID)
	}
	if anchor == ag {
		i++
	}
	return i, nil
}

// optionField is the enum or multi_enum field of the path, for a write.
func (rq *request) optionField() (*CustomField, error) {
	cf, err := rq.editableCustomField()
	if err != nil {
		return nil, err
	}
	if cf.ResourceSubtype != CustomFieldEnum && cf.ResourceSubtype != CustomFieldMultiEnum {
		return nil, badRequest("custom_field", "Only enum and multi_enum custom fields have options")
	}
	return cf, nil
}

// createEnumOption adds an option, last unless insert_before or
// insert_after names another option of the field.
func (s *Server) createEnumOption(rq *request) reply {
	cf, err := rq.optionField()
	if err != nil {
		return rq.fail(err)
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	if len(cf.EnumOptionGIDs) >= maxEnumOptions {
		return rq.fail(badRequest("enum_options", "A custom field can have at most %d options", maxEnumOptions))
	}
	o := &EnumOption{Color: "none", Enabled: true}
	if err := enumOptionFields(b, o, true); err != nil {
		return rq.fail(err)
	}
	pos, err := optionPosition(b, cf, "insert_before", "insert_after", "")
	if err != nil {
		return rq.fail(err)
	}
	customFields(rq.st).insertOption(rq.st, cf, o, pos)
	return rq.created(s.kinds.enumOption, o, "/enum_options/"+o.GID)
}

// insertEnumOption moves an existing option before or after another.
func (s *Server) insertEnumOption(rq *request) reply {
	cf, err := rq.optionField()
	if err != nil {
		return rq.fail(err)
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	og, err := b.gid("enum_option", true)
	if err != nil {
		return rq.fail(err)
	}
	o := customFields(rq.st).options.get(og)
	if o == nil || o.CustomFieldGID != cf.GID {
		return rq.fail(badRequest("enum_option", "Enum option %s is not an option of custom field %s", og, cf.GID))
	}
	pos, err := optionPosition(b, cf, "before_enum_option", "after_enum_option", og)
	if err != nil {
		return rq.fail(err)
	}
	if pos < 0 {
		return rq.fail(badRequest("before_enum_option", "One of before_enum_option or after_enum_option is required"))
	}
	rest := slices.DeleteFunc(slices.Clone(cf.EnumOptionGIDs), func(g string) bool { return g == og })
	cf.EnumOptionGIDs = slices.Insert(rest, pos, og)
	return rq.one(s.kinds.enumOption, o)
}

// updateEnumOption renames, recolors, disables or enables an option.
func (s *Server) updateEnumOption(rq *request) reply {
	g, err := rq.pathGID("enum_option_gid")
	if err != nil {
		return rq.fail(err)
	}
	cs := customFields(rq.st)
	o := cs.options.get(g)
	if o == nil {
		return rq.fail(notFound("enum_option", g))
	}
	cf := cs.fields.get(o.CustomFieldGID)
	if !s.canSeeWorkspace(rq.p, cf.WorkspaceGID) {
		return rq.fail(forbidden(""))
	}
	if !s.canEditDefinitions(rq.p, cf.WorkspaceGID) {
		return rq.fail(forbidden("You do not have permission to edit custom fields in this workspace"))
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	next := *o
	if err := enumOptionFields(b, &next, false); err != nil {
		return rq.fail(err)
	}
	*o = next
	return rq.one(s.kinds.enumOption, o)
}
