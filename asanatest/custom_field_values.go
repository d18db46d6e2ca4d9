package asanatest

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Custom field values on tasks and projects: written as
// custom_fields: {field_gid: value} in create and update bodies, checked
// against the field's type, and rendered with display_value.

// CustomFieldValue is the value of one custom field on a task or project.
// Only the member of its field's type is meaningful; a custom ID field's
// value is the task's number, in Number (custom_ids.go).
type CustomFieldValue struct {
	CustomFieldGID string
	Text           string
	Number         float64
	// EnumOptionGIDs holds the chosen option of an enum field, or the
	// options of a multi_enum field.
	EnumOptionGIDs []string
	DateOn         string    // YYYY-MM-DD of a date field
	DateAt         time.Time // a date field's time, when it has one
	PeopleGIDs     []string
}

// valueOf finds a field's value in a list; nil when unset.
func valueOf(vals []CustomFieldValue, cfGID string) *CustomFieldValue {
	for i := range vals {
		if vals[i].CustomFieldGID == cfGID {
			return &vals[i]
		}
	}
	return nil
}

// withoutValue returns a new list without the field's value (the old list
// may be a change-tracker snapshot, so it is never changed in place).
func withoutValue(vals []CustomFieldValue, cfGID string) []CustomFieldValue {
	out := make([]CustomFieldValue, 0, len(vals))
	for _, v := range vals {
		if v.CustomFieldGID != cfGID {
			out = append(out, v)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// withValue returns a new list with the field's value set (replaced).
func withValue(vals []CustomFieldValue, v CustomFieldValue) []CustomFieldValue {
	out := withoutValue(vals, v.CustomFieldGID)
	return append(out, v)
}

// cloneFieldValues copies a list of values and their slices.
func cloneFieldValues(vals []CustomFieldValue) []CustomFieldValue {
	if vals == nil {
		return nil
	}
	out := slices.Clone(vals)
	for i := range out {
		out[i].EnumOptionGIDs = slices.Clone(out[i].EnumOptionGIDs)
		out[i].PeopleGIDs = slices.Clone(out[i].PeopleGIDs)
	}
	return out
}

// bodyCustomFieldValues applies a body's custom_fields object to vals:
// allowed says which fields the object may take (those of its projects,
// for a task). A null value clears the field.
func (rq *request) bodyCustomFieldValues(b *body, wsGID string, vals []CustomFieldValue, allowed func(cfGID string) bool) ([]CustomFieldValue, error) {
	raw, ok := b.field("custom_fields")
	if !ok || string(raw) == "null" {
		return vals, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		return nil, badRequest("custom_fields", "Must be an object")
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, gidCompare) // errors name the same field every time
	out := cloneFieldValues(vals)
	cs := customFields(rq.st)
	for _, g := range keys {
		if _, err := checkGID("custom_fields", g); err != nil {
			return nil, err
		}
		cf := cs.fields.get(g)
		if cf == nil || cf.WorkspaceGID != wsGID {
			return nil, badRequest("custom_fields", "Unknown custom field: %s", g)
		}
		if !allowed(g) {
			return nil, badRequest("custom_fields", "Custom field with ID %s is not on given object", g)
		}
		v, err := rq.parseCustomFieldValue(cf, m[g])
		if err != nil {
			return nil, err
		}
		if v == nil {
			out = withoutValue(out, g)
		} else {
			out = withValue(out, *v)
		}
	}
	return out, nil
}

// parseCustomFieldValue checks one value against its field's type; nil
// for a null (or empty) value, which clears the field.
func (rq *request) parseCustomFieldValue(cf *CustomField, raw json.RawMessage) (*CustomFieldValue, error) {
	if cf.IDPrefix != "" {
		return nil, badRequest("custom_fields", "Custom field %s is a custom ID field: its values are read-only", cf.GID)
	}
	if string(raw) == "null" {
		return nil, nil
	}
	v := &CustomFieldValue{CustomFieldGID: cf.GID}
	expected := func(what string) error {
		return badRequest("custom_fields", "Custom field %s is of type %s: expected %s, got %s", cf.GID, cf.ResourceSubtype, what, truncate(string(raw), 40))
	}
	switch cf.ResourceSubtype {
	case CustomFieldText:
		if err := json.Unmarshal(raw, &v.Text); err != nil {
			return nil, expected("a string")
		}
		if len(v.Text) > 1024 { // Asana's limit for text values (a guess)
			return nil, badRequest("custom_fields", "Text value of custom field %s is longer than 1024 characters", cf.GID)
		}
		if v.Text == "" {
			return nil, nil
		}
	case CustomFieldNumber:
		var s string
		if json.Unmarshal(raw, &s) == nil { // Asana also takes a number as a string
			raw = json.RawMessage(s)
		}
		if err := json.Unmarshal(raw, &v.Number); err != nil {
			return nil, expected("a number")
		}
	case CustomFieldEnum:
		var g string
		if err := json.Unmarshal(raw, &g); err != nil {
			return nil, expected("the gid of an enum option")
		}
		if err := rq.checkOption(cf, g); err != nil {
			return nil, err
		}
		v.EnumOptionGIDs = []string{g}
	case CustomFieldMultiEnum:
		var gs []string
		if err := json.Unmarshal(raw, &gs); err != nil {
			return nil, expected("an array of enum option gids")
		}
		for _, g := range gs {
			if err := rq.checkOption(cf, g); err != nil {
				return nil, err
			}
			v.EnumOptionGIDs = appendUnique(v.EnumOptionGIDs, g)
		}
		if len(v.EnumOptionGIDs) == 0 {
			return nil, nil
		}
	case CustomFieldDate:
		var d struct {
			Date     *string `json:"date"`
			DateTime *string `json:"date_time"`
		}
		if err := json.Unmarshal(raw, &d); err != nil || raw[0] != '{' {
			return nil, expected(`an object {"date": "YYYY-MM-DD"} or {"date_time": "..."}`)
		}
		switch {
		case d.DateTime != nil:
			t, err := parseDateTime("custom_fields", *d.DateTime)
			if err != nil {
				return nil, err
			}
			v.DateAt, v.DateOn = t.UTC(), t.UTC().Format(time.DateOnly)
		case d.Date != nil:
			if _, err := time.Parse(time.DateOnly, *d.Date); err != nil {
				return nil, badRequest("custom_fields", "Not a date (YYYY-MM-DD): %q", *d.Date)
			}
			v.DateOn = *d.Date
		default:
			return nil, nil
		}
	case CustomFieldPeople:
		var gs []string
		if err := json.Unmarshal(raw, &gs); err != nil {
			return nil, expected("an array of user gids")
		}
		for _, g := range gs {
			u, err := rq.userParam("custom_fields", g)
			if err != nil {
				// In a value, an unknown user is invalid input, not a
				// missing object of the path.
				return nil, badRequest("custom_fields", "Not a user: %s", truncate(g, 40))
			}
			if !rq.st.activeMember(cf.WorkspaceGID, u.GID) {
				return nil, badRequest("custom_fields", "User %s is not a member of workspace %s", u.GID, cf.WorkspaceGID)
			}
			v.PeopleGIDs = appendUnique(v.PeopleGIDs, u.GID)
		}
		if len(v.PeopleGIDs) == 0 {
			return nil, nil
		}
	}
	return v, nil
}

// checkOption accepts an enabled option of the field.
func (rq *request) checkOption(cf *CustomField, g string) error {
	if _, err := checkGID("custom_fields", g); err != nil {
		return err
	}
	o := customFields(rq.st).options.get(g)
	if o == nil || o.CustomFieldGID != cf.GID {
		return badRequest("custom_fields", "Enum option %s is not an option of custom field %s", g, cf.GID)
	}
	if !o.Enabled {
		return badRequest("custom_fields", "Enum option %s of custom field %s is disabled", g, cf.GID)
	}
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// taskFieldGIDs lists the custom fields a task carries: those set on its
// projects (in project, then setting order) and any other it has a value
// of.
func (st *state) taskFieldGIDs(t *Task) []string {
	cs := customFields(st)
	var out []string
	for _, m := range t.Memberships {
		for _, sg := range cs.settingsByParent[m.ProjectGID] {
			out = appendUnique(out, cs.settings.get(sg).CustomFieldGID)
		}
	}
	for _, v := range t.CustomFields {
		out = appendUnique(out, v.CustomFieldGID)
	}
	return out
}

// onTaskProjects reports whether a field is set on one of the task's
// projects (memberships), the condition for giving the task a value.
func (st *state) onProjects(ms []TaskMembership, cfGID string) bool {
	cs := customFields(st)
	for _, m := range ms {
		if cs.settingOf(m.ProjectGID, cfGID) != nil {
			return true
		}
	}
	return false
}

// dropOrphanValues removes the values of fields no project of the task
// carries any more (after a setting or the task left a project), as Asana
// does.
func (st *state) dropOrphanValues(t *Task) {
	if len(t.CustomFields) == 0 {
		return
	}
	var keep []CustomFieldValue
	for _, v := range t.CustomFields {
		if st.onProjects(t.Memberships, v.CustomFieldGID) {
			keep = append(keep, v)
		}
	}
	if len(keep) != len(t.CustomFields) {
		t.CustomFields = keep
	}
}

// fieldValue is a custom field as rendered: its definition with the value
// an object holds (val nil: unset, or a bare definition).
type fieldValue struct {
	cf  *CustomField
	val *CustomFieldValue
}

// displayValue renders a value as Asana's display_value: text as is, a
// number with the field's precision and format, option names, the date,
// people's names (comma-separated). The currency and custom label forms
// are guesses.
func (v *view) displayValue(fv *fieldValue) any {
	x := fv.val
	if x == nil {
		return nil
	}
	cf := fv.cf
	if cf.IDPrefix != "" {
		return customIDOf(cf, x.Number)
	}
	switch cf.ResourceSubtype {
	case CustomFieldText:
		return x.Text
	case CustomFieldNumber:
		n := x.Number
		if cf.Format == "percentage" {
			n *= 100
		}
		s := strconv.FormatFloat(n, 'f', cf.Precision, 64)
		switch cf.Format {
		case "percentage":
			s += "%"
		case "currency":
			s = cf.CurrencyCode + " " + s
		case "custom":
			if cf.CustomLabelPosition == "prefix" {
				s = cf.CustomLabel + s
			} else {
				s += cf.CustomLabel
			}
		}
		return s
	case CustomFieldEnum, CustomFieldMultiEnum:
		names := make([]string, 0, len(x.EnumOptionGIDs))
		for _, g := range x.EnumOptionGIDs {
			if o := customFields(v.st).options.get(g); o != nil {
				names = append(names, o.Name)
			}
		}
		return strings.Join(names, ", ")
	case CustomFieldDate:
		if !x.DateAt.IsZero() {
			return x.DateAt.UTC().Format(timeFormat)
		}
		return x.DateOn
	case CustomFieldPeople:
		names := make([]string, 0, len(x.PeopleGIDs))
		for _, g := range x.PeopleGIDs {
			if u := v.st.users.get(g); u != nil {
				names = append(names, u.Name)
			}
		}
		return strings.Join(names, ", ")
	}
	return nil
}

// fieldValues renders the custom fields of an object: gids in order, with
// the values vals holds.
func (v *view) fieldValues(gids []string, vals []CustomFieldValue) []any {
	cs := customFields(v.st)
	out := make([]any, 0, len(gids))
	for _, g := range gids {
		if cf := cs.fields.get(g); cf != nil {
			out = append(out, ref{k: v.kinds.customField, rec: &fieldValue{cf: cf, val: valueOf(vals, g)}})
		}
	}
	return out
}

// projectFieldGIDs lists the fields a project has values of.
func projectFieldGIDs(p *Project) []string {
	out := make([]string, len(p.CustomFields))
	for i, v := range p.CustomFields {
		out[i] = v.CustomFieldGID
	}
	return out
}

// anyField lets a project take values of any field of its workspace, so
// the fields of the portfolios holding it among them. Asana takes only
// those of its portfolios (and of its own settings); the fake is more
// permissive so that projects outside portfolios keep their values.
func anyField(string) bool { return true }

// valuesEqual reports whether two value lists hold the same values, in
// any order (for the change diff's custom_fields event).
func valuesEqual(a, b []CustomFieldValue) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		y := valueOf(b, x.CustomFieldGID)
		if y == nil || x.Text != y.Text || x.Number != y.Number || x.DateOn != y.DateOn || !x.DateAt.Equal(y.DateAt) ||
			!slices.Equal(x.EnumOptionGIDs, y.EnumOptionGIDs) || !slices.Equal(x.PeopleGIDs, y.PeopleGIDs) {
			return false
		}
	}
	return true
}
