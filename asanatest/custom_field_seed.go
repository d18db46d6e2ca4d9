package asanatest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"
)

// Seeding custom fields: the exported API, and Generate's step.

// AddCustomField adds a custom field definition to a workspace with its
// enum options (for enum and multi_enum fields), and returns them with
// their GIDs. Format defaults to "none" and an option's color to "none".
func (s *Server) AddCustomField(cf CustomField, options ...EnumOption) (CustomField, []EnumOption, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addCustomFieldLocked(cf, options)
}

func (s *Server) addCustomFieldLocked(cf CustomField, options []EnumOption) (CustomField, []EnumOption, error) {
	if s.st.workspaces.get(cf.WorkspaceGID) == nil {
		return CustomField{}, nil, fmt.Errorf("asanatest: no workspace %q for custom field %q", cf.WorkspaceGID, cf.Name)
	}
	if !slices.Contains(customFieldTypes, cf.ResourceSubtype) {
		return CustomField{}, nil, fmt.Errorf("asanatest: custom field type %q is not one of %v", cf.ResourceSubtype, customFieldTypes)
	}
	if len(options) > 0 && cf.ResourceSubtype != CustomFieldEnum && cf.ResourceSubtype != CustomFieldMultiEnum {
		return CustomField{}, nil, fmt.Errorf("asanatest: a %s custom field has no options", cf.ResourceSubtype)
	}
	if cf.Format == "" {
		cf.Format = "none"
	}
	if cf.IDPrefix != "" {
		p := checkIDPrefix(cf.IDPrefix)
		if p == "" || customFields(s.st).prefixTaken(cf.WorkspaceGID, p) {
			return CustomField{}, nil, fmt.Errorf("asanatest: custom ID prefix %q of custom field %q is not 1 to %d letters or digits, or is taken", cf.IDPrefix, cf.Name, maxIDPrefix)
		}
		cf.IDPrefix = p
	}
	cf.GID, cf.EnumOptionGIDs, cf.lastCustomID = "", nil, 0
	cf.CreatedAt = s.stamp(cf.CreatedAt)
	cs := customFields(s.st)
	rec := cs.insert(s.st, &cf)
	out := make([]EnumOption, len(options))
	for i, o := range options {
		o.GID = ""
		if o.Color == "" {
			o.Color = "none"
		}
		out[i] = *cs.insertOption(s.st, rec, &o, -1)
	}
	res := *rec
	res.EnumOptionGIDs = slices.Clone(rec.EnumOptionGIDs)
	return res, out, nil
}

// AddCustomFieldSetting puts a custom field on a project (ParentType
// "project", the default), a portfolio, a goal or a team ("portfolio",
// "goal", "team"), last in its order.
func (s *Server) AddCustomFieldSetting(set CustomFieldSetting) (CustomFieldSetting, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addCustomFieldSettingLocked(set)
}

func (s *Server) addCustomFieldSettingLocked(set CustomFieldSetting) (CustomFieldSetting, error) {
	cs := customFields(s.st)
	cf := cs.fields.get(set.CustomFieldGID)
	if cf == nil {
		return CustomFieldSetting{}, fmt.Errorf("asanatest: no custom field %q", set.CustomFieldGID)
	}
	if set.ParentType == "" {
		set.ParentType = "project"
	}
	ok := false
	switch set.ParentType {
	case "project":
		p := s.st.projects.get(set.ParentGID)
		ok = p != nil && p.WorkspaceGID == cf.WorkspaceGID
	case "team":
		t := s.st.teams.get(set.ParentGID)
		ok = t != nil && t.OrganizationGID == cf.WorkspaceGID
	case "portfolio":
		pf := portfolios(s.st).portfolios.get(set.ParentGID)
		ok = pf != nil && pf.WorkspaceGID == cf.WorkspaceGID
	case "goal":
		g := goals(s.st).goals.get(set.ParentGID)
		ok = g != nil && g.WorkspaceGID == cf.WorkspaceGID
	}
	if !ok {
		return CustomFieldSetting{}, fmt.Errorf("asanatest: no %s %q in the custom field's workspace", set.ParentType, set.ParentGID)
	}
	if cs.settingOf(set.ParentGID, cf.GID) != nil {
		return CustomFieldSetting{}, fmt.Errorf("asanatest: custom field %s is already on %s %s", cf.GID, set.ParentType, set.ParentGID)
	}
	set.GID = ""
	return *cs.insertSetting(s.st, &set, -1), nil
}

// SetCustomFieldValue sets a custom field's value on a task (whose
// projects must carry the field) or a project. Only the member of
// CustomFieldValue for the field's type is kept; enum options must be
// options of the field, people users.
func (s *Server) SetCustomFieldValue(objectGID string, v CustomFieldValue) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := customFields(s.st)
	cf := cs.fields.get(v.CustomFieldGID)
	if cf == nil {
		return fmt.Errorf("asanatest: no custom field %q", v.CustomFieldGID)
	}
	if cf.IDPrefix != "" {
		return fmt.Errorf("asanatest: custom field %s is a custom ID field: the fake numbers its values", cf.GID)
	}
	v = cleanValue(cf, v)
	for _, g := range v.EnumOptionGIDs {
		if o := cs.options.get(g); o == nil || o.CustomFieldGID != cf.GID {
			return fmt.Errorf("asanatest: %s is not an option of custom field %s", g, cf.GID)
		}
	}
	for _, g := range v.PeopleGIDs {
		if s.st.users.get(g) == nil {
			return fmt.Errorf("asanatest: no user %s", g)
		}
	}
	if t := s.st.liveTask(objectGID); t != nil {
		if t.WorkspaceGID != cf.WorkspaceGID || !s.st.onProjects(t.Memberships, cf.GID) {
			return fmt.Errorf("asanatest: custom field %s is on no project of task %s", cf.GID, t.GID)
		}
		t.CustomFields = withValue(t.CustomFields, v)
		return nil
	}
	if p := s.st.projects.get(objectGID); p != nil && p.WorkspaceGID == cf.WorkspaceGID {
		p.CustomFields = withValue(p.CustomFields, v)
		return nil
	}
	return fmt.Errorf("asanatest: no task or project %q in the custom field's workspace", objectGID)
}

// cleanValue keeps only the member of v that the field's type uses.
func cleanValue(cf *CustomField, v CustomFieldValue) CustomFieldValue {
	out := CustomFieldValue{CustomFieldGID: cf.GID}
	switch cf.ResourceSubtype {
	case CustomFieldText:
		out.Text = v.Text
	case CustomFieldNumber:
		out.Number = v.Number
	case CustomFieldEnum:
		if len(v.EnumOptionGIDs) > 0 {
			out.EnumOptionGIDs = []string{v.EnumOptionGIDs[0]}
		}
	case CustomFieldMultiEnum:
		out.EnumOptionGIDs = slices.Clone(v.EnumOptionGIDs)
	case CustomFieldDate:
		out.DateOn, out.DateAt = v.DateOn, v.DateAt
		if !v.DateAt.IsZero() {
			out.DateOn = v.DateAt.UTC().Format(time.DateOnly)
		}
	case CustomFieldPeople:
		out.PeopleGIDs = slices.Clone(v.PeopleGIDs)
	}
	return out
}

// cfStream separates Generate's custom field stream from its main one, so
// that adding custom fields changed no other generated record.
const cfStream = 0x637573_746f6d // "custom"

// genField is one field Generate defines, with its options' names.
type genField struct {
	cf      CustomField
	options []string
}

var genFields = []genField{
	{CustomField{Name: "Priority", ResourceSubtype: CustomFieldEnum}, []string{"High", "Medium", "Low"}},
	{CustomField{Name: "Stage", ResourceSubtype: CustomFieldEnum}, []string{"Idea", "Planned", "In progress", "Review", "Shipped"}},
	{CustomField{Name: "Platforms", ResourceSubtype: CustomFieldMultiEnum}, []string{"Web", "iOS", "Android", "Desktop"}},
	{CustomField{Name: "Estimate (days)", ResourceSubtype: CustomFieldNumber, Precision: 1}, nil},
	{CustomField{Name: "Budget", ResourceSubtype: CustomFieldNumber, Precision: 2, Format: "currency", CurrencyCode: "USD"}, nil},
	{CustomField{Name: "Progress", ResourceSubtype: CustomFieldNumber, Format: "percentage"}, nil},
	{CustomField{Name: "Ticket", ResourceSubtype: CustomFieldText}, nil},
	{CustomField{Name: "Launch date", ResourceSubtype: CustomFieldDate}, nil},
	{CustomField{Name: "Reviewers", ResourceSubtype: CustomFieldPeople}, nil},
}

var genOptionColors = []string{"red", "orange", "yellow", "green", "blue", "purple", "cool-gray"}

// customFields defines genFields in the organization, puts 2 to 5 of them
// on most projects, and gives most of those projects' tasks values, from
// its own random stream.
func (g *generator) customFields() error {
	if len(g.out.Projects) == 0 {
		return nil
	}
	r := rand.New(rand.NewPCG(g.seed, g.seed^cfStream))
	s := g.s
	s.mu.Lock()
	defer s.mu.Unlock()
	fields := make([]CustomField, len(genFields))
	for i, gf := range genFields {
		cf := gf.cf
		cf.WorkspaceGID, cf.CreatedAt = g.org.GID, g.org.CreatedAt
		if len(g.active) > 0 {
			cf.CreatedByGID = g.active[r.IntN(len(g.active))]
		}
		opts := make([]EnumOption, len(gf.options))
		for j, name := range gf.options {
			opts[j] = EnumOption{Name: name, Color: genOptionColors[(i+j)%len(genOptionColors)], Enabled: true}
		}
		var err error
		if fields[i], _, err = s.addCustomFieldLocked(cf, opts); err != nil {
			return err
		}
	}
	g.out.CustomFields = fields
	// Values share one-element GID lists (values are never changed in
	// place), which keeps 100k tasks' values cheap.
	lists := map[string][]string{}
	single := func(gid string) []string {
		l, ok := lists[gid]
		if !ok {
			l = []string{gid}
			lists[gid] = l
		}
		return l
	}
	for _, p := range g.out.Projects {
		if r.Float64() < 0.15 {
			continue // a few projects carry no fields
		}
		on := r.Perm(len(fields))[:2+r.IntN(4)]
		slices.Sort(on)
		for _, i := range on {
			if _, err := s.addCustomFieldSettingLocked(CustomFieldSetting{ParentGID: p.GID, CustomFieldGID: fields[i].GID, IsImportant: r.IntN(3) == 0}); err != nil {
				return err
			}
		}
		for _, tg := range s.st.projectTasks[p.GID].tasks() {
			t := s.st.tasks.get(tg)
			if t.CustomFields == nil {
				t.CustomFields = make([]CustomFieldValue, 0, len(on))
			}
			for _, i := range on {
				if r.Float64() < 0.75 && valueOf(t.CustomFields, fields[i].GID) == nil {
					if v, ok := g.fieldValue(r, &fields[i], p.MemberGIDs, single); ok {
						t.CustomFields = append(t.CustomFields, v)
					}
				}
			}
			if len(t.CustomFields) == 0 {
				t.CustomFields = nil
			}
		}
	}
	return nil
}

// fieldValue draws a plausible value of cf (none for a people field of a
// project without members).
func (g *generator) fieldValue(r *rand.Rand, cf *CustomField, people []string, single func(string) []string) (CustomFieldValue, bool) {
	v := CustomFieldValue{CustomFieldGID: cf.GID}
	switch cf.ResourceSubtype {
	case CustomFieldEnum:
		v.EnumOptionGIDs = single(cf.EnumOptionGIDs[r.IntN(len(cf.EnumOptionGIDs))])
	case CustomFieldMultiEnum:
		for _, i := range r.Perm(len(cf.EnumOptionGIDs))[:1+r.IntN(2)] {
			v.EnumOptionGIDs = append(v.EnumOptionGIDs, cf.EnumOptionGIDs[i])
		}
	case CustomFieldNumber:
		scale := math.Pow(10, float64(cf.Precision))
		switch cf.Format {
		case "percentage":
			v.Number = float64(r.IntN(101)) / 100
		case "currency":
			v.Number = math.Round(r.Float64()*50000*scale) / scale
		default:
			v.Number = math.Round(r.Float64()*20*scale) / scale
		}
	case CustomFieldText:
		v.Text = "ENG-" + strconv.Itoa(100+r.IntN(9900))
	case CustomFieldDate:
		v.DateOn = g.date(g.now.Add(time.Duration(r.IntN(180)-30) * day))
	case CustomFieldPeople:
		if len(people) == 0 {
			return v, false
		}
		v.PeopleGIDs = single(people[r.IntN(len(people))])
	}
	return v, true
}
