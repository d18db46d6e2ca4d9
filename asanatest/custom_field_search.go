package asanatest

import (
	"slices"
	"strconv"
	"strings"
)

// Task search by custom field value: the query parameters
// custom_fields.{gid}.{operator} of Asana's search. Operators: is_set
// (every type); value (text: exact, number: equal, enum: the option's
// gid, multi_enum: has the option, people: has the user, date: the day);
// starts_with, ends_with and contains (text, case-insensitive); less_than
// and greater_than (number, and date by day).

// customFieldFilters reads every custom field filter of the query; the
// result reports whether a task's values pass all of them.
func (rq *request) customFieldFilters(wsGID string) (func([]CustomFieldValue) bool, error) {
	type filter struct {
		cf       *CustomField
		op, want string
		num      float64
	}
	var filters []filter
	keys := make([]string, 0)
	for k := range rq.query {
		if strings.HasPrefix(k, "custom_fields.") {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		parts := strings.Split(k, ".")
		if len(parts) != 3 {
			return nil, badRequest(k, "Not a custom field filter: use custom_fields.{gid}.{operator}")
		}
		if _, err := checkGID(k, parts[1]); err != nil {
			return nil, err
		}
		cf := customFields(rq.st).fields.get(parts[1])
		if cf == nil || cf.WorkspaceGID != wsGID {
			return nil, badRequest(k, "Unknown custom field: %s", parts[1])
		}
		f := filter{cf: cf, op: parts[2], want: rq.query.Get(k)}
		ok := false
		switch f.op {
		case "is_set":
			_, err := strconv.ParseBool(f.want)
			ok = err == nil
		case "value":
			ok = true
		case "starts_with", "ends_with", "contains":
			ok = cf.ResourceSubtype == CustomFieldText
			f.want = strings.ToLower(f.want)
		case "less_than", "greater_than":
			ok = cf.ResourceSubtype == CustomFieldNumber || cf.ResourceSubtype == CustomFieldDate
		}
		if !ok {
			return nil, badRequest(k, "Not a valid filter for a %s custom field: %q", cf.ResourceSubtype, f.op)
		}
		if cf.ResourceSubtype == CustomFieldNumber && f.op != "is_set" {
			n, err := strconv.ParseFloat(f.want, 64)
			if err != nil {
				return nil, badRequest(k, "Not a number: %q", f.want)
			}
			f.num = n
		}
		filters = append(filters, f)
	}
	return func(vals []CustomFieldValue) bool {
		for _, f := range filters {
			v := valueOf(vals, f.cf.GID)
			if f.op == "is_set" {
				if (v != nil) != (f.want == "true") {
					return false
				}
				continue
			}
			if v == nil || !matchValue(f.cf, v, f.op, f.want, f.num) {
				return false
			}
		}
		return true
	}, nil
}

// matchValue applies one operator other than is_set to a set value.
func matchValue(cf *CustomField, v *CustomFieldValue, op, want string, num float64) bool {
	switch cf.ResourceSubtype {
	case CustomFieldText:
		text := strings.ToLower(v.Text)
		switch op {
		case "value":
			return v.Text == want
		case "starts_with":
			return strings.HasPrefix(text, want)
		case "ends_with":
			return strings.HasSuffix(text, want)
		default:
			return strings.Contains(text, want)
		}
	case CustomFieldNumber:
		switch op {
		case "less_than":
			return v.Number < num
		case "greater_than":
			return v.Number > num
		default:
			return v.Number == num
		}
	case CustomFieldDate:
		switch op {
		case "less_than":
			return v.DateOn < want
		case "greater_than":
			return v.DateOn > want
		default:
			return v.DateOn == want
		}
	case CustomFieldEnum, CustomFieldMultiEnum:
		return slices.Contains(v.EnumOptionGIDs, want)
	case CustomFieldPeople:
		return slices.Contains(v.PeopleGIDs, want)
	}
	return false
}
