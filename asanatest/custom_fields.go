package asanatest

import (
	"encoding/json"
	"math"
	"slices"
	"strings"
	"time"
)

// Custom fields: the tag "Custom fields" of the spec. A custom field is a
// definition in a workspace (text, number, enum, multi_enum, date or
// people); its values live on tasks and projects (custom_field_values.go),
// and settings put it on projects and portfolios
// (custom_field_settings.go). Deleting a field removes its settings and
// every value of it, as Asana does.
func (s *Server) customFieldRoutes() {
	s.handle("GET /workspaces/{workspace_gid}/custom_fields", s.getCustomFieldsForWorkspace)
	s.handle("POST /custom_fields", s.createCustomField)
	s.handle("GET /custom_fields/{custom_field_gid}", s.getCustomField)
	s.handle("PUT /custom_fields/{custom_field_gid}", s.updateCustomField)
	s.handle("DELETE /custom_fields/{custom_field_gid}", s.deleteCustomField)
	s.handle("POST /custom_fields/{custom_field_gid}/enum_options", s.createEnumOption)
	s.handle("POST /custom_fields/{custom_field_gid}/enum_options/insert", s.insertEnumOption)
	s.handle("PUT /enum_options/{enum_option_gid}", s.updateEnumOption)
}

// Custom field types (a field's resource_subtype).
const (
	CustomFieldText      = "text"
	CustomFieldNumber    = "number"
	CustomFieldEnum      = "enum"
	CustomFieldMultiEnum = "multi_enum"
	CustomFieldDate      = "date"
	CustomFieldPeople    = "people"
)

var customFieldTypes = []string{CustomFieldText, CustomFieldNumber, CustomFieldEnum, CustomFieldMultiEnum, CustomFieldDate, CustomFieldPeople}

// CustomField is a custom field definition of a workspace.
type CustomField struct {
	GID             string
	WorkspaceGID    string
	Name            string
	Description     string
	ResourceSubtype string // one of the CustomField* types
	// Precision is the number of decimals of a number field (0 to 6).
	Precision int
	// Format is none (the default), currency, percentage, custom,
	// identifier or duration; CurrencyCode goes with currency, CustomLabel
	// and CustomLabelPosition (prefix or suffix) with custom.
	Format              string
	CurrencyCode        string
	CustomLabel         string
	CustomLabelPosition string
	// EnumOptionGIDs orders the options of an enum or multi_enum field.
	EnumOptionGIDs          []string
	HasNotificationsEnabled bool
	CreatedByGID            string
	CreatedAt               time.Time
	// IDPrefix makes the field a custom ID field (custom_ids.go): its
	// values number the tasks that carry it, IDPrefix-1, IDPrefix-2, ...
	IDPrefix string
	// lastCustomID is the last number a custom ID field gave.
	lastCustomID int
}

// EnumOption is one option of an enum or multi_enum custom field. A
// disabled option keeps its values but cannot be chosen any more.
type EnumOption struct {
	GID            string
	CustomFieldGID string
	Name           string
	Color          string // one of enumOptionColors; "none" when unset
	Enabled        bool
}

// enumOptionColors are the colors Asana offers for enum options.
var enumOptionColors = []string{"none", "red", "orange", "yellow-orange", "yellow", "yellow-green", "green",
	"blue-green", "aqua", "blue", "indigo", "purple", "magenta", "hot-pink", "pink", "cool-gray"}

// maxEnumOptions is Asana's documented limit of options per field.
const maxEnumOptions = 500

// customFieldStore holds the definitions, their options and the settings
// (storeOf[customFieldStore]).
type customFieldStore struct {
	fields  table[CustomField]
	options table[EnumOption]
	// byWorkspace lists field GIDs per workspace (ascending).
	byWorkspace index
	settings    table[CustomFieldSetting]
	// settingsByParent orders the settings of a project or portfolio.
	settingsByParent map[string][]string
}

func newCustomFieldStore() any {
	return &customFieldStore{fields: newTable[CustomField](), options: newTable[EnumOption](),
		byWorkspace: index{}, settings: newTable[CustomFieldSetting](), settingsByParent: map[string][]string{}}
}

func (cs *customFieldStore) insert(st *state, cf *CustomField) *CustomField {
	cs.fields.put(st.gidFor(&cf.GID), cf)
	cs.byWorkspace.add(cf.WorkspaceGID, cf.GID)
	return cf
}

// insertOption adds an option to its field at position pos (-1: last).
func (cs *customFieldStore) insertOption(st *state, cf *CustomField, o *EnumOption, pos int) *EnumOption {
	o.CustomFieldGID = cf.GID
	cs.options.put(st.gidFor(&o.GID), o)
	if pos < 0 || pos > len(cf.EnumOptionGIDs) {
		pos = len(cf.EnumOptionGIDs)
	}
	cf.EnumOptionGIDs = slices.Insert(slices.Clone(cf.EnumOptionGIDs), pos, o.GID)
	return o
}

func (cs *customFieldStore) remove(cf *CustomField) {
	for _, og := range cf.EnumOptionGIDs {
		cs.options.remove(og)
	}
	cs.byWorkspace.remove(cf.WorkspaceGID, cf.GID)
	cs.fields.remove(cf.GID)
}

func customFields(st *state) *customFieldStore { return storeOf[customFieldStore](st) }

// customFieldParam resolves a custom field of a workspace the caller sees.
func (rq *request) customFieldParam(param, gid string) (*CustomField, error) {
	return resolve(param, gid, customFields(rq.st).fields.get, func(cf *CustomField) bool { return rq.s.canSeeWorkspace(rq.p, cf.WorkspaceGID) })
}

// editableCustomField is the path's field for a write: view-only members
// and guests may not change definitions (a guess: Asana lets full members
// edit fields they can see).
func (rq *request) editableCustomField() (*CustomField, error) {
	cf, err := rq.customFieldParam("custom_field", rq.r.PathValue("custom_field_gid"))
	if err != nil {
		return nil, err
	}
	if !rq.s.canEditDefinitions(rq.p, cf.WorkspaceGID) {
		return nil, forbidden("You do not have permission to edit custom fields in this workspace")
	}
	return cf, nil
}

// canEditDefinitions reports whether p may create or change custom field
// definitions of the workspace: writers who are not guests.
func (s *Server) canEditDefinitions(p *principal, wsGID string) bool {
	return s.canWrite(p, wsGID) && !s.isGuest(p, wsGID)
}

func (s *Server) getCustomFieldsForWorkspace(rq *request) reply {
	ws, err := rq.pathWorkspace()
	if err != nil {
		return rq.fail(err)
	}
	p, err := rq.paginate(customFields(rq.st).byWorkspace[ws.GID], nil)
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(s.kinds.customField, p)
}

func (s *Server) getCustomField(rq *request) reply {
	cf, err := rq.customFieldParam("custom_field", rq.r.PathValue("custom_field_gid"))
	if err != nil {
		return rq.fail(err)
	}
	return rq.one(s.kinds.customField, &fieldValue{cf: cf})
}

// createCustomField creates a definition in the body's workspace, with its
// enum options when the body lists them.
func (s *Server) createCustomField(rq *request) reply {
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	wsGID, err := b.gid("workspace", true)
	if err != nil {
		return rq.fail(err)
	}
	ws, err := rq.workspaceParam("workspace", wsGID)
	if err != nil {
		return rq.fail(err)
	}
	cf, err := s.newCustomFieldLocked(rq, b, ws)
	if err != nil {
		return rq.fail(err)
	}
	return rq.created(s.kinds.customField, &fieldValue{cf: cf}, "/custom_fields/"+cf.GID)
}

// newCustomFieldLocked creates a field from a create body (a createCustomField
// body, or the object form of addCustomFieldSetting's custom_field).
func (s *Server) newCustomFieldLocked(rq *request, b *body, ws *Workspace) (*CustomField, error) {
	if !s.canEditDefinitions(rq.p, ws.GID) {
		return nil, forbidden("You do not have permission to create custom fields in this workspace")
	}
	subtype, err := b.str("resource_subtype", false)
	if err != nil {
		return nil, err
	}
	if subtype == "" { // type is the deprecated name
		if subtype, err = b.str("type", true); err != nil {
			return nil, missingInput("resource_subtype")
		}
	}
	if !slices.Contains(customFieldTypes, subtype) {
		return nil, badRequest("resource_subtype", "Not a valid enum value: %q", subtype)
	}
	cf := &CustomField{WorkspaceGID: ws.GID, ResourceSubtype: subtype, Format: "none", CreatedByGID: rq.p.user.GID, CreatedAt: rq.now}
	if err := rq.customFieldFields(b, cf, true); err != nil {
		return nil, err
	}
	if err := rq.bodyIDPrefix(b, cf); err != nil {
		return nil, err
	}
	options, err := bodyEnumOptions(b, cf)
	if err != nil {
		return nil, err
	}
	cs := customFields(rq.st)
	cs.insert(rq.st, cf)
	for i := range options {
		cs.insertOption(rq.st, cf, &options[i], -1)
	}
	return cf, nil
}

// bodyEnumOptions reads a create body's enum_options: [{name, color, enabled}].
func bodyEnumOptions(b *body, cf *CustomField) ([]EnumOption, error) {
	raw, ok := b.field("enum_options")
	if !ok || string(raw) == "null" {
		return nil, nil
	}
	if cf.ResourceSubtype != CustomFieldEnum && cf.ResourceSubtype != CustomFieldMultiEnum {
		return nil, badRequest("enum_options", "Only enum and multi_enum custom fields have options")
	}
	items, err := objectList(raw, "enum_options")
	if err != nil {
		return nil, err
	}
	if len(items) > maxEnumOptions {
		return nil, badRequest("enum_options", "A custom field can have at most %d options", maxEnumOptions)
	}
	out := make([]EnumOption, len(items))
	for i, item := range items {
		out[i] = EnumOption{Color: "none", Enabled: true}
		if err := enumOptionFields(item, &out[i], true); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// customFieldFields applies the writable fields of a create or update body.
func (rq *request) customFieldFields(b *body, cf *CustomField, create bool) error {
	if create || b.has("name") {
		name, err := b.str("name", true)
		if err != nil {
			return err
		}
		name = strings.TrimSpace(name)
		if name == "" {
			return badRequest("name", "Cannot be empty")
		}
		cs := customFields(rq.st)
		for _, g := range cs.byWorkspace[cf.WorkspaceGID] {
			// Asana requires unique names per workspace (case-insensitive,
			// a guess).
			if o := cs.fields.get(g); g != cf.GID && strings.EqualFold(o.Name, name) {
				return badRequest("name", "A custom field named %q already exists in this workspace", name)
			}
		}
		cf.Name = name
	}
	for _, f := range []struct {
		name string
		dst  *string
	}{{"description", &cf.Description}, {"currency_code", &cf.CurrencyCode}, {"custom_label", &cf.CustomLabel}} {
		if b.has(f.name) {
			v, err := b.str(f.name, false)
			if err != nil {
				return err
			}
			*f.dst = v
		}
	}
	if !create {
		for _, f := range []string{"resource_subtype", "type", "workspace", "enum_options", "id_prefix"} {
			if b.has(f) {
				return badRequest(f, "Cannot be changed with this request")
			}
		}
	}
	if b.has("has_notifications_enabled") {
		v, err := b.boolean("has_notifications_enabled", false)
		if err != nil {
			return err
		}
		cf.HasNotificationsEnabled = v
	}
	if b.has("precision") {
		n, err := b.integer("precision")
		if err != nil {
			return err
		}
		if cf.ResourceSubtype != CustomFieldNumber {
			return badRequest("precision", "Only number custom fields have a precision")
		}
		if n < 0 || n > 6 {
			return badRequest("precision", "Must be between 0 and 6")
		}
		cf.Precision = n
	}
	if b.has("format") {
		f, err := b.str("format", false)
		if err != nil {
			return err
		}
		if !slices.Contains([]string{"none", "currency", "identifier", "percentage", "custom", "duration"}, f) {
			return badRequest("format", "Not a valid enum value: %q", f)
		}
		if f != "none" && cf.ResourceSubtype != CustomFieldNumber {
			return badRequest("format", "Only number custom fields have a format")
		}
		cf.Format = f
	}
	if b.has("custom_label_position") {
		v, err := b.str("custom_label_position", false)
		if err != nil {
			return err
		}
		if v != "" && v != "prefix" && v != "suffix" {
			return badRequest("custom_label_position", "Not a valid enum value: %q", v)
		}
		cf.CustomLabelPosition = v
	}
	switch {
	case cf.Format == "currency" && (len(cf.CurrencyCode) != 3 || strings.ToUpper(cf.CurrencyCode) != cf.CurrencyCode):
		return badRequest("currency_code", "A currency custom field needs an ISO 4217 currency code, such as EUR")
	case cf.Format == "custom" && cf.CustomLabel == "":
		return missingInput("custom_label")
	}
	if cf.Format != "currency" {
		cf.CurrencyCode = ""
	}
	if cf.Format != "custom" {
		cf.CustomLabel, cf.CustomLabelPosition = "", ""
	} else if cf.CustomLabelPosition == "" {
		cf.CustomLabelPosition = "suffix"
	}
	return nil
}

func (s *Server) updateCustomField(rq *request) reply {
	cf, err := rq.editableCustomField()
	if err != nil {
		return rq.fail(err)
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	next := *cf
	if err := rq.customFieldFields(b, &next, false); err != nil {
		return rq.fail(err)
	}
	*cf = next
	return rq.one(s.kinds.customField, &fieldValue{cf: cf})
}

// deleteCustomField removes the field, its settings and its values.
func (s *Server) deleteCustomField(rq *request) reply {
	cf, err := rq.editableCustomField()
	if err != nil {
		return rq.fail(err)
	}
	cs := customFields(rq.st)
	for _, g := range slices.Clone(cs.settings.order) {
		if set := cs.settings.get(g); set.CustomFieldGID == cf.GID {
			cs.removeSetting(set)
		}
	}
	for _, g := range rq.st.tasks.order {
		if t := rq.st.tasks.get(g); t.WorkspaceGID == cf.WorkspaceGID && valueOf(t.CustomFields, cf.GID) != nil {
			t.CustomFields = withoutValue(t.CustomFields, cf.GID)
			t.ModifiedAt = rq.now
		}
	}
	for _, g := range rq.st.projectsByWS[cf.WorkspaceGID] {
		if p := rq.st.projects.get(g); valueOf(p.CustomFields, cf.GID) != nil {
			p.CustomFields = withoutValue(p.CustomFields, cf.GID)
		}
	}
	cs.remove(cf)
	return rq.empty()
}

// integer reads a whole-number field.
func (b *body) integer(name string) (int, error) {
	raw, _ := b.field(name)
	var f float64
	if err := json.Unmarshal(raw, &f); err != nil || f != math.Trunc(f) || math.Abs(f) > 1<<31 {
		return 0, badRequest(name, "Not an integer: %s", raw)
	}
	return int(f), nil
}

// objectList decodes a JSON array of objects, each as a body.
func objectList(raw json.RawMessage, name string) ([]*body, error) {
	var items []map[string]json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, badRequest(name, "Not an array of objects")
	}
	out := make([]*body, len(items))
	for i, it := range items {
		if it == nil {
			return nil, badRequest(name, "Not an array of objects")
		}
		out[i] = &body{fields: it}
	}
	return out, nil
}

// objectBody decodes a JSON object as a body.
func objectBody(raw json.RawMessage, name string) (*body, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil || fields == nil {
		return nil, badRequest(name, "Must be an object")
	}
	return &body{fields: fields}, nil
}
