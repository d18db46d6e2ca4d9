package rules

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/internal/safeyaml"
)

// SetCustomField sets a custom field of the event's task, by the field's
// name and the value as a person would type it: an option's name for an
// enum field (names separated by commas for a multi-enum), a number, a
// text, a YYYY-MM-DD date, or user gids (commas) for a people field;
// "none" clears the field. Names are resolved to gids when the engine
// starts and cached; a field changed since (Asana answers 400) is looked
// up afresh on the retry.
type SetCustomField struct{ Field, Value string }

// Run implements Action.
func (a SetCustomField) Run(ctx context.Context, c *Context) error {
	t, err := needTask(c)
	if err != nil {
		return err
	}
	f, err := c.engine.res.field(ctx, a.Field)
	if err != nil {
		return err
	}
	v, err := f.value(a.Value)
	if err != nil {
		return err
	}
	_, err = c.Client.Tasks.Update(ctx, t.GID, &asana.TaskUpdateRequest{CustomFields: map[string]any{f.gid: v}}, nil)
	return err
}

func (a SetCustomField) resolve(ctx context.Context, r *resolver, _ *Rule) error {
	f, err := r.field(ctx, a.Field)
	if err != nil {
		return err
	}
	_, err = f.value(a.Value)
	return err
}

// value converts a typed value to what the API takes for this field.
func (f *fieldInfo) value(s string) (any, error) {
	if s == "none" {
		return nil, nil
	}
	list := func() []string {
		var out []string
		for _, p := range strings.Split(s, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	}
	bad := func(want string) error {
		return Permanent(fmt.Errorf("rules: custom field %s (%s): %s is not %s", safeyaml.Quote(f.name), f.typ, safeyaml.Quote(s), want))
	}
	switch f.typ {
	case "enum":
		return f.option(s)
	case "multi_enum":
		var gids []string
		for _, n := range list() {
			g, err := f.option(n)
			if err != nil {
				return nil, err
			}
			gids = append(gids, g)
		}
		return gids, nil
	case "number":
		n, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, bad("a number")
		}
		return n, nil
	case "date":
		if _, err := asana.ParseDate(s); err != nil {
			return nil, bad("a YYYY-MM-DD date")
		}
		return map[string]string{"date": s}, nil
	case "people":
		ps := list()
		for _, p := range ps {
			if !isGID(p) {
				return nil, bad("a list of user gids")
			}
		}
		return ps, nil
	case "text", "":
		return s, nil
	}
	return nil, Permanent(fmt.Errorf("rules: custom field %s: setting a %s field is not supported", safeyaml.Quote(f.name), f.typ))
}
