package export

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"os"
	"strings"

	"github.com/asanakit/asana-go/asana"
)

// This file restores what the organization shares across projects before
// the projects: custom field definitions (matched by name, or created with
// their enum options) and tags (matched by name, or created); and, with a
// task, its custom field values.

// Records of the snapshot read by this file.
type (
	enumOptionRecord struct {
		GID     string `json:"gid"`
		Name    string `json:"name"`
		Color   string `json:"color"`
		Enabled *bool  `json:"enabled"`
	}
	customFieldRecord struct {
		GID                 string             `json:"gid"`
		Name                string             `json:"name"`
		Description         string             `json:"description"`
		ResourceSubtype     string             `json:"resource_subtype"`
		Type                string             `json:"type"`
		Precision           int                `json:"precision"`
		Format              string             `json:"format"`
		CurrencyCode        string             `json:"currency_code"`
		CustomLabel         string             `json:"custom_label"`
		CustomLabelPosition string             `json:"custom_label_position"`
		IDPrefix            string             `json:"id_prefix"`
		IsFormulaField      bool               `json:"is_formula_field"`
		IsValueReadOnly     bool               `json:"is_value_read_only"`
		EnumOptions         []enumOptionRecord `json:"enum_options"`
	}
	tagRecord struct {
		GID       string `json:"gid"`
		Name      string `json:"name"`
		Color     string `json:"color"`
		Notes     string `json:"notes"`
		Followers []ref  `json:"followers"`
	}
	customFieldValue struct {
		GID             string  `json:"gid"`
		Type            string  `json:"type"`
		TextValue       *string `json:"text_value"`
		RawNumber       any     `json:"number_value"`
		EnumValue       *ref    `json:"enum_value"`
		MultiEnumValues []ref   `json:"multi_enum_values"`
		DateValue       *struct {
			Date     string `json:"date"`
			DateTime string `json:"date_time"`
		} `json:"date_value"`
		PeopleValue []ref `json:"people_value"`
	}
	customFieldSettingRecord struct {
		GID         string `json:"gid"`
		CustomField *ref   `json:"custom_field"`
		IsImportant bool   `json:"is_important"`
		Parent      *ref   `json:"parent"`
		Project     *ref   `json:"project"`
	}
)

// eachOptional is eachRecord of a file that older snapshots, or runs that
// could not read the kind, do not have.
func eachOptional[T any](snap *os.Root, rel string, fn func(T) error) error {
	err := eachRecord(snap, rel, fn)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// customFields maps every custom field of the snapshot to one of the
// target organization with the same name, creating those it lacks, and
// their enum options by name the same way.
func (rs *restorer) customFields(ctx context.Context) error {
	c := rs.Client
	existing := map[string]asana.CustomField{}
	listed := false
	list := func(ctx context.Context) error {
		if listed {
			return nil
		}
		listed = true
		for f, err := range c.CustomFields.ListForWorkspace(ctx, rs.Organization, &asana.ListOptions{Fields: []string{"name", "enum_options.name"}}).All() {
			if err != nil {
				return err
			}
			if _, dup := existing[f.Name]; !dup {
				existing[f.Name] = f
			}
		}
		return nil
	}
	return eachOptional(rs.snap, "custom_fields.jsonl", func(f customFieldRecord) error {
		rs.fieldDefs[f.GID] = f
		key := "custom_field:" + f.GID
		if _, ok := rs.mapped[key]; !ok {
			if err := list(ctx); err != nil {
				return err
			}
			if t, ok := existing[f.Name]; ok && !rs.used[t.GID] {
				// Matched by name: the organization's own field.
				if err := rs.done("custom_field", f.GID, t.GID); err != nil {
					return err
				}
				rs.res.Existing["custom_field"]++
			}
		}
		nf, err := rs.ensure(ctx, "custom_field", f.GID, nil, func(ctx context.Context) (string, error) {
			req := &asana.CustomFieldCreateRequest{Name: f.Name, Workspace: rs.Organization, Description: f.Description,
				ResourceSubtype: asana.CustomFieldResourceSubtype(f.subtype()), Precision: f.Precision,
				Format: asana.CustomFieldFormat(f.Format), CurrencyCode: f.CurrencyCode, CustomLabel: f.CustomLabel,
				CustomLabelPosition: asana.CustomFieldCustomLabelPosition(f.CustomLabelPosition), IDPrefix: f.IDPrefix}
			for _, o := range f.EnumOptions {
				req.EnumOptions = append(req.EnumOptions, asana.EnumOptionInput{Name: o.Name, Color: o.Color, Enabled: true})
			}
			created, err := c.CustomFields.Create(ctx, req, &asana.GetOptions{Fields: []string{"name", "enum_options.name"}})
			if err != nil {
				return "", err
			}
			existing[f.Name] = *created
			return created.GID, nil
		})
		if err != nil || len(f.EnumOptions) == 0 {
			return err
		}
		return rs.enumOptions(ctx, f, nf)
	})
}

func (f customFieldRecord) subtype() string {
	if f.ResourceSubtype != "" {
		return f.ResourceSubtype
	}
	return f.Type
}

// enumOptions maps the enum options of f to those of the target field nf
// by name, creating the missing ones.
func (rs *restorer) enumOptions(ctx context.Context, f customFieldRecord, nf string) error {
	c := rs.Client
	var target map[string]string // name -> gid
	for _, o := range f.EnumOptions {
		if g, ok := rs.mapped["enum_option:"+o.GID]; ok {
			if o.Enabled != nil && !*o.Enabled {
				rs.disabled = append(rs.disabled, g) // a resumed restore disables it too
			}
			continue
		}
		if target == nil {
			target = map[string]string{}
			cf, err := c.CustomFields.Get(ctx, nf, &asana.GetOptions{Fields: []string{"enum_options.name"}})
			if err != nil {
				return err
			}
			for _, t := range cf.EnumOptions {
				if _, dup := target[t.Name]; !dup {
					target[t.Name] = t.GID
				}
			}
		}
		g, ok := target[o.Name]
		if ok && !rs.used[g] {
			if err := rs.done("enum_option", o.GID, g); err != nil {
				return err
			}
		} else {
			var err error
			g, err = rs.ensure(ctx, "enum_option", o.GID, nil, func(ctx context.Context) (string, error) {
				eo, err := c.CustomFields.CreateEnumOption(ctx, nf, &asana.CustomFieldCreateEnumOptionRequest{Name: o.Name, Color: o.Color, Enabled: true}, nil)
				if err != nil {
					return "", err
				}
				return eo.GID, nil
			})
			if err != nil {
				return err
			}
		}
		// Options are created enabled: tasks restored later may have a
		// disabled one as their value, which Asana only takes while it is
		// enabled. Disabled ones are disabled last (disableEnumOptions).
		if o.Enabled != nil && !*o.Enabled {
			rs.disabled = append(rs.disabled, g)
		}
	}
	return nil
}

// tags maps every tag of the snapshot to a tag of the target with the
// same name, creating those it lacks.
func (rs *restorer) tags(ctx context.Context) error {
	c := rs.Client
	return eachOptional(rs.snap, "tags.jsonl", func(t tagRecord) error {
		_, err := rs.ensure(ctx, "tag", t.GID, func(ctx context.Context) iter.Seq2[named, error] {
			return byName(c.Tags.ListForWorkspace(ctx, rs.Organization, &asana.ListOptions{Fields: nameOnly}).All(), t.Name,
				func(v asana.Tag) (string, string) { return v.GID, v.Name })
		}, func(ctx context.Context) (string, error) {
			nt, err := c.Tags.CreateForWorkspace(ctx, rs.Organization, &asana.TagCreateForWorkspaceRequest{Name: t.Name,
				Color: asana.TagColor(t.Color), Notes: t.Notes, Followers: rs.people(t.Followers)}, &asana.GetOptions{Fields: nameOnly})
			if err != nil {
				return "", err
			}
			return nt.GID, nil
		})
		return err
	})
}

// people maps users of the snapshot to the target's by email, dropping
// those without a match.
func (rs *restorer) people(refs []ref) []string {
	var out []string
	for _, r := range refs {
		if e := rs.emails[r.GID]; e != "" {
			if g, ok := rs.users[e]; ok {
				out = append(out, g)
			}
		}
	}
	return out
}

// mappedAll maps gids of kind through the journal, dropping those that
// were not restored.
func (rs *restorer) mappedAll(kind string, refs []ref) []string {
	var out []string
	for _, r := range refs {
		if g, ok := rs.mapped[kind+":"+r.GID]; ok {
			out = append(out, g)
		}
	}
	return out
}

// fieldValues maps a task's custom field values to the target: only
// fields the target has, whose value can be written (not formulas,
// read-only or custom ID fields), with enum options and people mapped.
func (rs *restorer) fieldValues(values []customFieldValue) map[string]any {
	out := map[string]any{}
	for _, v := range values {
		nf, ok := rs.mapped["custom_field:"+v.GID]
		def := rs.fieldDefs[v.GID]
		if !ok || def.IsFormulaField || def.IsValueReadOnly || def.IDPrefix != "" {
			continue
		}
		switch typ := def.subtype(); {
		case typ == "text" && v.TextValue != nil && *v.TextValue != "":
			out[nf] = *v.TextValue
		case typ == "number" || typ == "percent" || typ == "currency":
			if v.RawNumber != nil {
				out[nf] = v.RawNumber
			}
		case typ == "enum" && v.EnumValue != nil:
			if g, ok := rs.mapped["enum_option:"+v.EnumValue.GID]; ok {
				out[nf] = g
			}
		case typ == "multi_enum" && len(v.MultiEnumValues) > 0:
			if gs := rs.mappedAll("enum_option", v.MultiEnumValues); len(gs) > 0 {
				out[nf] = gs
			}
		case typ == "date" && v.DateValue != nil && (v.DateValue.Date != "" || v.DateValue.DateTime != ""):
			d := map[string]string{}
			if v.DateValue.DateTime != "" {
				d["date_time"] = v.DateValue.DateTime
			} else {
				d["date"] = v.DateValue.Date
			}
			out[nf] = d
		case typ == "people" && len(v.PeopleValue) > 0:
			if gs := rs.people(v.PeopleValue); len(gs) > 0 {
				out[nf] = gs
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// projectFieldSettings adds the custom fields of the old project's
// settings to the new project, those it does not have yet.
func (rs *restorer) projectFieldSettings(ctx context.Context, oldProject, newProject string) error {
	c := rs.Client
	var have map[string]string
	return eachOptional(rs.snap, "project_custom_field_settings.jsonl", func(s customFieldSettingRecord) error {
		owner := s.Project
		if owner == nil {
			owner = s.Parent
		}
		if owner == nil || owner.GID != oldProject || s.CustomField == nil {
			return nil
		}
		nf, ok := rs.mapped["custom_field:"+s.CustomField.GID]
		if !ok {
			return nil
		}
		if have == nil {
			// The settings the new project has already, by field.
			have = map[string]string{}
			for cs, err := range c.CustomFieldSettings.ListForProject(ctx, newProject, &asana.ListOptions{Fields: []string{"custom_field.gid"}}).All() {
				if err != nil {
					return err
				}
				if cs.CustomField != nil {
					have[cs.CustomField.GID] = cs.GID
				}
			}
		}
		if g, ok := have[nf]; ok {
			if _, journaled := rs.mapped["custom_field_setting:"+s.GID]; journaled || rs.used[g] || checkGID("custom_field_setting", s.GID) != nil {
				return nil
			}
			return rs.done("custom_field_setting", s.GID, g)
		}
		g, err := rs.ensure(ctx, "custom_field_setting", s.GID, nil, func(ctx context.Context) (string, error) {
			ns, err := c.Projects.AddCustomFieldSetting(ctx, newProject, &asana.CustomFieldSettingRequest{CustomField: nf, IsImportant: s.IsImportant}, nil)
			if err != nil {
				return "", fmt.Errorf("export: restore: custom field %s on project %s: %w", s.CustomField.GID, oldProject, err)
			}
			return ns.GID, nil
		})
		have[nf] = g
		return err
	})
}

// rich returns the text to send and the HTML to send for a text and its
// rich form: Asana takes one of the two, and the HTML when it carries
// anything (an empty body says no more than the plain text).
func rich(plain, html string) (string, string) {
	if t := strings.TrimSpace(html); t == "" || t == "<body></body>" {
		return plain, ""
	}
	return "", html
}

// disableEnumOptions disables the enum options that were disabled in the
// snapshot, once every value is in.
func (rs *restorer) disableEnumOptions(ctx context.Context) error {
	for _, g := range rs.disabled {
		if _, err := rs.Client.CustomFields.UpdateEnumOption(ctx, g, &asana.CustomFieldUpdateEnumOptionRequest{Enabled: asana.Ptr(false)}, nil); err != nil {
			return err
		}
	}
	return nil
}
