package serviceaccounts

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/asanakit/asana-go/asana"
)

// CustomFieldReport is the state of an organization's custom field
// library: what a person may want to merge, delete or tidy. It changes
// nothing; Asana's API can delete a field or disable an option
// (CustomFields.Delete, UpdateEnumOption), which a person should decide.
type CustomFieldReport struct {
	Organization Ref `json:"organization"`
	// Fields counts the organization's custom fields.
	Fields int `json:"fields"`
	// DuplicateNames are names (case and spaces ignored) shared by more
	// than one field.
	DuplicateNames []DuplicateName `json:"duplicate_names"`
	// Unused are the fields on no project, portfolio or goal.
	Unused []Ref `json:"unused"`
	// UnusedOptions are enabled enum options no task or project has as a
	// value, of fields that are in use.
	UnusedOptions []UnusedOption `json:"unused_options"`
}

// DuplicateName is a name several custom fields share.
type DuplicateName struct {
	Name   string `json:"name"`
	Fields []Ref  `json:"fields"`
}

// UnusedOption is an enum option no value uses.
type UnusedOption struct {
	Field  Ref `json:"field"`
	Option Ref `json:"option"`
}

// ReportCustomFields reports on the custom field library of the
// organization orgGID: duplicate names, fields on no project, portfolio
// or goal, and enum options that no task (and no project) has as a value.
//
// Reads: the token check and the organization (three requests), the
// fields (one request per 100), the projects, portfolios and goals with
// their field settings and values (one per 100 of each), and the tasks,
// with their values, of every project that carries an enum field (one
// request per 100 tasks). The token must be a service account.
func ReportCustomFields(ctx context.Context, c *asana.Client, orgGID string) (*CustomFieldReport, error) {
	if _, err := requireServiceAccount(ctx, c, orgGID); err != nil {
		return nil, err
	}
	ws, err := c.Workspaces.Get(ctx, orgGID, &asana.GetOptions{Fields: []string{"name"}})
	if err != nil {
		return nil, tokenError("read organization "+orgGID, err)
	}
	rep := &CustomFieldReport{Organization: Ref{GID: ws.GID, Name: ws.Name}, DuplicateNames: []DuplicateName{}, Unused: []Ref{}, UnusedOptions: []UnusedOption{}}
	var fields []asana.CustomField
	fopts := &asana.ListOptions{Fields: []string{"name", "resource_subtype", "enum_options", "enum_options.name", "enum_options.enabled"}}
	for f, err := range c.CustomFields.ListForWorkspace(ctx, orgGID, fopts).All() {
		if err != nil {
			return nil, tokenError("list custom fields", err)
		}
		fields = append(fields, f)
	}
	rep.Fields = len(fields)
	used := map[string]bool{}   // field gid -> on some object
	values := map[string]bool{} // enum option gid -> some value uses it
	var enumProjects []string   // projects carrying an enum field
	isEnum := map[string]bool{} // field gid -> enum or multi_enum
	for _, f := range fields {
		isEnum[f.GID] = f.ResourceSubtype == "enum" || f.ResourceSubtype == "multi_enum"
	}
	settings := []string{"custom_field_settings.custom_field", "custom_fields", "custom_fields.enum_value", "custom_fields.multi_enum_values"}
	note := func(cfs []asana.CustomFieldSetting, vals []asana.CustomField) bool {
		enum := false
		for _, s := range cfs {
			if s.CustomField != nil {
				used[s.CustomField.GID] = true
				enum = enum || isEnum[s.CustomField.GID]
			}
		}
		markValues(values, vals)
		return enum
	}
	popts := &asana.ProjectArchivedListOptions{ListOptions: asana.ListOptions{Fields: append([]string{"name"}, settings...)}}
	for p, err := range c.Projects.ListForWorkspace(ctx, orgGID, popts).All() {
		if err != nil {
			return nil, tokenError("list projects", err)
		}
		if note(p.CustomFieldSettings, p.CustomFields) {
			enumProjects = append(enumProjects, p.GID)
		}
	}
	for p, err := range c.Portfolios.List(ctx, orgGID, &asana.PortfolioListOptions{ListOptions: asana.ListOptions{Fields: []string{"name", "custom_field_settings.custom_field"}}}).All() {
		if err != nil {
			return nil, tokenError("list portfolios", err)
		}
		note(p.CustomFieldSettings, nil)
	}
	for g, err := range c.Goals.List(ctx, &asana.GoalListOptions{Workspace: orgGID, ListOptions: asana.ListOptions{Fields: []string{"name", "custom_field_settings.custom_field"}}}).All() {
		if err != nil {
			return nil, tokenError("list goals", err)
		}
		note(g.CustomFieldSettings, nil)
	}
	topts := &asana.TaskListForOptions{ListOptions: asana.ListOptions{Fields: []string{"custom_fields", "custom_fields.enum_value", "custom_fields.multi_enum_values"}}}
	for _, pg := range enumProjects {
		for t, err := range c.Tasks.ListForProject(ctx, pg, topts).All() {
			if err != nil {
				return nil, tokenError("list the tasks of project "+pg, err)
			}
			markValues(values, t.CustomFields)
		}
	}
	byName := map[string][]Ref{}
	for _, f := range fields {
		ref := Ref{GID: f.GID, Name: f.Name}
		key := strings.ToLower(strings.Join(strings.Fields(f.Name), " "))
		byName[key] = append(byName[key], ref)
		if !used[f.GID] {
			rep.Unused = append(rep.Unused, ref)
			continue
		}
		for _, o := range f.EnumOptions {
			if o.Enabled && !values[o.GID] {
				rep.UnusedOptions = append(rep.UnusedOptions, UnusedOption{Field: ref, Option: Ref{GID: o.GID, Name: o.Name}})
			}
		}
	}
	for _, refs := range byName {
		if len(refs) > 1 {
			rep.DuplicateNames = append(rep.DuplicateNames, DuplicateName{Name: refs[0].Name, Fields: refs})
		}
	}
	slices.SortFunc(rep.DuplicateNames, func(a, b DuplicateName) int { return cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) })
	return rep, nil
}

// markValues notes the enum options the values use.
func markValues(values map[string]bool, vals []asana.CustomField) {
	for _, v := range vals {
		if v.EnumValue != nil {
			values[v.EnumValue.GID] = true
		}
		for _, o := range v.MultiEnumValues {
			values[o.GID] = true
		}
	}
}

// Empty reports whether the library has nothing to tidy.
func (r *CustomFieldReport) Empty() bool {
	return len(r.DuplicateNames) == 0 && len(r.Unused) == 0 && len(r.UnusedOptions) == 0
}

// WriteText writes the report for people.
func (r *CustomFieldReport) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "Custom field library of %s: %s, %d duplicate names, %d unused, %d unused options\n", r.Organization.String(),
		plural(r.Fields, "field"), len(r.DuplicateNames), len(r.Unused), len(r.UnusedOptions))
	for _, d := range r.DuplicateNames {
		gids := make([]string, len(d.Fields))
		for i, f := range d.Fields {
			gids[i] = f.GID
		}
		fmt.Fprintf(tw, "duplicate name\t%s\t%s\n", oneLine(d.Name), strings.Join(gids, ", "))
	}
	for _, f := range r.Unused {
		fmt.Fprintf(tw, "on no project, portfolio or goal\t%s\t\n", oneLine(f.String()))
	}
	for _, o := range r.UnusedOptions {
		fmt.Fprintf(tw, "option never used\t%s\t%s\n", oneLine(o.Field.String()), oneLine(o.Option.String()))
	}
	return tw.Flush()
}
