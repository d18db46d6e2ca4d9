package rules

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/internal/safeyaml"
)

// fieldInfo is a custom field resolved by name.
type fieldInfo struct {
	gid, name, typ string
	options        map[string]string // lower-case option name -> gid
}

// resolver turns names into gids, once: the answers are cached until
// refresh drops them (an option renamed or a field changed since).
type resolver struct {
	client    *asana.Client
	workspace string

	mu       sync.Mutex
	fields   map[string]*fieldInfo // lower-case name
	tags     map[string]string     // lower-case name -> gid
	sections map[string]map[string]string
}

// errUnknownName is wrapped by every "no such field, option, tag or
// section" error.
var errUnknownName = errors.New("unknown name")

func (r *resolver) refresh() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.fields, r.tags, r.sections = nil, nil, nil
}

func (r *resolver) field(ctx context.Context, name string) (*fieldInfo, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fields == nil {
		m := map[string]*fieldInfo{}
		opts := &asana.ListOptions{Fields: []string{"name", "type", "resource_subtype", "enum_options.name", "enum_options.enabled"}}
		for f, err := range r.client.CustomFields.ListForWorkspace(ctx, r.workspace, opts).All() {
			if err != nil {
				return nil, fmt.Errorf("rules: listing custom fields: %w", err)
			}
			fi := &fieldInfo{gid: f.GID, name: f.Name, typ: f.ResourceSubtype, options: map[string]string{}}
			if fi.typ == "" {
				fi.typ = f.Type
			}
			for _, o := range f.EnumOptions {
				fi.options[strings.ToLower(o.Name)] = o.GID
			}
			m[strings.ToLower(f.Name)] = fi
		}
		r.fields = m
	}
	if f, ok := r.fields[strings.ToLower(name)]; ok {
		return f, nil
	}
	return nil, fmt.Errorf("rules: custom field %s: %w", safeyaml.Quote(name), errUnknownName)
}

// option resolves an option of an enum field by name.
func (f *fieldInfo) option(name string) (string, error) {
	if g, ok := f.options[strings.ToLower(name)]; ok {
		return g, nil
	}
	return "", fmt.Errorf("rules: custom field %s has no option %s: %w", safeyaml.Quote(f.name), safeyaml.Quote(name), errUnknownName)
}

func (r *resolver) tag(ctx context.Context, name string) (string, error) {
	if isGID(name) {
		return name, nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.tags == nil {
		m := map[string]string{}
		for t, err := range r.client.Tags.ListForWorkspace(ctx, r.workspace, &asana.ListOptions{Fields: []string{"name"}}).All() {
			if err != nil {
				return "", fmt.Errorf("rules: listing tags: %w", err)
			}
			m[strings.ToLower(t.Name)] = t.GID
		}
		r.tags = m
	}
	if g, ok := r.tags[strings.ToLower(name)]; ok {
		return g, nil
	}
	return "", fmt.Errorf("rules: tag %s: %w", safeyaml.Quote(name), errUnknownName)
}

func (r *resolver) section(ctx context.Context, project, name string) (string, error) {
	if isGID(name) {
		return name, nil
	}
	if project == "" {
		return "", fmt.Errorf("rules: section %s: a section name needs its project", safeyaml.Quote(name))
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.sections == nil {
		r.sections = map[string]map[string]string{}
	}
	m, ok := r.sections[project]
	if !ok {
		m = map[string]string{}
		for s, err := range r.client.Sections.ListForProject(ctx, project, &asana.ListOptions{Fields: []string{"name"}}).All() {
			if err != nil {
				return "", fmt.Errorf("rules: listing the sections of project %s: %w", project, err)
			}
			m[strings.ToLower(s.Name)] = s.GID
		}
		r.sections[project] = m
	}
	if g, ok := m[strings.ToLower(name)]; ok {
		return g, nil
	}
	return "", fmt.Errorf("rules: project %s has no section %s: %w", project, safeyaml.Quote(name), errUnknownName)
}

// resolvable is an action that names things to resolve before it runs.
type resolvable interface {
	resolve(ctx context.Context, r *resolver, rule *Rule) error
}

// compile resolves the names of one rule.
func (e *Engine) compile(ctx context.Context, rule *Rule) (*compiled, error) {
	c := &compiled{Rule: rule}
	t, r := &rule.When, e.res
	var err error
	if t.CustomField != nil {
		if c.field, err = r.field(ctx, t.CustomField.Name); err != nil {
			return nil, err
		}
		for _, v := range []string{t.CustomField.From, t.CustomField.To} {
			if err := checkShownValue(c.field, v); err != nil {
				return nil, err
			}
		}
	}
	if t.TagAdded != "" {
		if c.tagAdded, err = r.tag(ctx, t.TagAdded); err != nil {
			return nil, err
		}
	}
	if t.TagRemoved != "" {
		if c.tagRemoved, err = r.tag(ctx, t.TagRemoved); err != nil {
			return nil, err
		}
	}
	if t.Section != "" {
		if c.section, err = r.section(ctx, t.Project, t.Section); err != nil {
			return nil, err
		}
	}
	if t.CommentMatches != "" {
		c.comment = regexp.MustCompile(t.CommentMatches) // checked by Trigger.check
	}
	cd := &rule.If
	if cd.Section != "" {
		p := cd.Project
		if p == "" {
			p = t.Project
		}
		if c.condSection, err = r.section(ctx, p, cd.Section); err != nil {
			return nil, err
		}
	}
	if cd.Tag != "" {
		if c.condTag, err = r.tag(ctx, cd.Tag); err != nil {
			return nil, err
		}
	}
	if cd.NotTag != "" {
		if c.condNotTag, err = r.tag(ctx, cd.NotTag); err != nil {
			return nil, err
		}
	}
	if len(cd.CustomFields) > 0 {
		c.condFields = map[string]string{}
		for name, v := range cd.CustomFields {
			f, err := r.field(ctx, name)
			if err != nil {
				return nil, err
			}
			if err := checkShownValue(f, v); err != nil {
				return nil, err
			}
			c.condFields[f.gid] = v
		}
	}
	for i, a := range rule.Do {
		if ra, ok := a.(resolvable); ok {
			if err := ra.resolve(ctx, r, rule); err != nil {
				return nil, fmt.Errorf("action %d: %w", i+1, err)
			}
		}
	}
	return c, nil
}

// checkShownValue checks that a value compared with an enum field is one
// of its options.
func checkShownValue(f *fieldInfo, v string) error {
	if v == "" || v == "none" || (f.typ != "enum" && f.typ != "multi_enum") {
		return nil
	}
	for _, part := range strings.Split(v, ",") {
		if _, err := f.option(strings.TrimSpace(part)); err != nil {
			return err
		}
	}
	return nil
}
