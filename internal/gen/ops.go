package main

import (
	"fmt"
	"slices"
	"strings"
)

// This file turns operations into methods: the service of the operation's
// tag, a name by the rules of CONTRIBUTING.md, arguments from the path,
// required query parameters, options and body.

type kind int

const (
	kindList    kind = iota // paginated list: iterator and page twin
	kindListAll             // unpaginated list: a slice
	kindGet                 // one object
	kindSend                // a write that answers an object
	kindDo                  // a write that answers nothing
)

// arg is a positional argument of a method.
type arg struct {
	Go, Label, JSON string
	GID             bool // checked as a gid (decimal digits)
}

type method struct {
	Service  string // "Tags"
	Resource string // "Tag"
	Name     string
	Op       *operation
	Kind     kind
	Doc      []string
	Format   string // the path with %s for its arguments
	Path     []arg
	Query    []arg  // required query parameters
	Opts     string // the options type, "" for none
	OptsBase string // "ListOptions", "GetOptions" or "" when Opts is generated
	Body     *goStruct
	Require  []goField // body fields that must not be blank
	Result   string
	Fields   []string
	// FieldsVar, if set, is the package variable of the default fields.
	FieldsVar string
	// Check calls the options' check method; EmptyEnds ends the list at
	// its first empty page.
	Check, EmptyEnds bool
	// Args are body fields taken as positional arguments; the body is
	// built from them (Body is nil then).
	Args []bodyArg
	// NilOK sends an empty body for a nil request.
	NilOK bool
	// Checks are the overrides' argument checks of the body.
	Checks []bodyCheck
}

// bodyArg is a body field taken as a positional argument.
type bodyArg struct {
	arg
	Type  string // "string" or "[]string"
	Comma bool   // a []string sent as one comma-separated string
}

// bodyCheck is one argument check of the overrides: kind is "one_of",
// "at_most_one", "exactly_one", "max_items" or "validate".
type bodyCheck struct {
	Kind string
	// Set are the Go expressions that are true when each field is set,
	// Names the fields as the error names them.
	Set, Names []string
	// Len and Max are a list's length expression and cap, for max_items.
	Len string
	Max int
}

// service is a Go service and the spec tag it wraps.
type service struct {
	Name, Tag string
	New       bool // no hand-written service of that name exists
}

// serviceName is the Go service of a spec tag.
func (g *gen) serviceName(tag string) string {
	if n, ok := g.ov.Services[tag]; ok {
		return n
	}
	return exported(tag)
}

// resourceOf is the singular resource of a service: "TimeTrackingEntries"
// -> "TimeTrackingEntry".
func resourceOf(svc string) string {
	ws := words(svc)
	ws[len(ws)-1] = singular(ws[len(ws)-1])
	return exported(strings.Join(ws, "_"))
}

// sameWords reports whether two names have the same words: the path
// segment "custom_field_settings" and the service CustomFieldSettings.
func sameWords(a, b string) bool { return slices.Equal(words(a), words(b)) }

// methodName applies the naming rules; it returns "" when none fits and
// the override must name the method.
func methodName(op *operation, svc string, list bool) string {
	segs := strings.Split(strings.Trim(op.Path, "/"), "/")
	isParam := func(s string) bool { return strings.HasPrefix(s, "{") }
	last := segs[len(segs)-1]
	n := len(segs)
	parentOf := func() string { return exported(singular(segs[n-3])) }
	underParent := n >= 3 && !isParam(last) && isParam(segs[n-2])
	switch op.Method {
	case "GET":
		switch {
		case isParam(last):
			return "Get"
		case n == 1 && list:
			return "List"
		case n == 1:
			return "Get"
		case underParent && list && sameWords(last, svc):
			return "ListFor" + parentOf()
		case underParent && list:
			return "List" + exported(last)
		case underParent && sameWords(last, resourceOf(svc)):
			return "GetFor" + parentOf()
		}
	case "POST":
		switch {
		case n == 1:
			return "Create"
		case underParent && sameWords(last, svc):
			return "CreateFor" + parentOf()
		case underParent:
			return exported(last)
		}
	case "PUT", "PATCH":
		if isParam(last) {
			return "Update"
		}
	case "DELETE":
		if isParam(last) {
			return "Delete"
		}
	}
	return ""
}

// buildMethod turns one operation into a method.
func (g *gen) buildMethod(op *operation) *method {
	ov := g.ov.Operations[op.Key()]
	if len(op.Tags) == 0 {
		g.errorf("%s: no tag", op.Key())
		return nil
	}
	m := &method{Op: op, Service: g.serviceName(op.Tags[0])}
	m.Resource = resourceOf(m.Service)
	m.Fields = ov.Fields
	if ov.FieldsVar != "" {
		if len(ov.Fields) > 0 || !g.pkg.Names[ov.FieldsVar] {
			g.errorf("%s: fields_var %q must name a package variable, without fields", op.Key(), ov.FieldsVar)
		}
		m.FieldsVar = ov.FieldsVar
	}
	if len(ov.Fields) > 0 {
		allowed := map[string]bool{}
		if p := op.param("query", "opt_fields"); p != nil && p.Schema != nil && p.Schema.Items != nil {
			for _, v := range enumValues(p.Schema.Items) {
				allowed[v] = true
			}
		}
		for _, f := range ov.Fields {
			if !allowed[f] {
				g.errorf("%s: default field %q is not in the spec's opt_fields (Asana answers 400)", op.Key(), f)
			}
		}
	}

	// The answer.
	res := op.success()
	resName, _ := g.spec.deref(res)
	data := g.spec.dataSchema(res)
	dataName, dataT := g.spec.deref(data)
	switch {
	case data == nil || resName == "EmptyResponse" || dataName == "EmptyResponse" || (dataName == "" && dataT != nil && dataT.Type == "object" && len(dataT.Properties) == 0):
		m.Kind = kindDo
	case dataT != nil && dataT.Type == "array":
		m.Kind = kindListAll
		if op.param("query", "limit") != nil && op.Method == "GET" {
			m.Kind = kindList
		}
		elem, _ := g.readType(m.Resource, "item", dataT.Items)
		m.Result = strings.TrimPrefix(elem, "*")
	case op.Method == "GET":
		m.Kind = kindGet
	default:
		m.Kind = kindSend
	}
	if m.Kind == kindGet || m.Kind == kindSend {
		typ, _ := g.readType(m.Resource, "result", data)
		m.Result = strings.TrimPrefix(typ, "*")
	}
	if ov.Result != "" {
		m.Result = ov.Result
	}
	m.Name = ov.Name
	if m.Name == "" {
		m.Name = methodName(op, m.Service, m.Kind == kindList || m.Kind == kindListAll)
	}
	if m.Name == "" {
		g.errorf("%s (%s): no naming rule fits; give it a name in the overrides", op.Key(), op.OperationID)
		return nil
	}

	// Arguments from the path, in order.
	m.Format = op.Path
	for _, seg := range strings.Split(op.Path, "/") {
		if !strings.HasPrefix(seg, "{") {
			continue
		}
		pname := strings.Trim(seg, "{}")
		a := arg{Go: unexported(pname), Label: spaced(pname), JSON: pname, GID: strings.HasSuffix(pname, "_gid")}
		if pname == "user_gid" {
			// A user is a gid, an email address or "me".
			a.Go, a.Label, a.GID = "user", "user", false
		}
		m.Path = append(m.Path, a)
		m.Format = strings.Replace(m.Format, seg, "%s", 1)
	}

	// Query parameters: required ones are arguments, others options.
	var extra []goField
	hasFields := false
	for _, p := range op.Parameters {
		if p.In != "query" {
			continue
		}
		switch p.Name {
		case "pretty", "opt_pretty":
			continue
		case "opt_fields":
			hasFields = true
			continue
		case "limit", "offset":
			if m.Kind == kindList {
				continue
			}
			if op.Method != "GET" {
				continue // a write answers one object: no paging
			}
		}
		if p.Required {
			m.Query = append(m.Query, arg{Go: unexported(p.Name), Label: spaced(p.Name), JSON: p.Name})
			continue
		}
		extra = append(extra, g.queryField(m, p))
	}
	switch {
	case ov.Options != "":
		if !g.pkg.Types[ov.Options] {
			g.errorf("%s: options %q is not a type of the package", op.Key(), ov.Options)
		}
		m.Opts = ov.Options
		m.Check = ov.Check
		if m.Check && !g.pkg.Methods[ov.Options+".check"] {
			g.errorf("%s: check needs a method check of %s", op.Key(), ov.Options)
		}
	case m.Kind == kindDo:
		if len(extra) > 0 || len(m.Query) > 0 {
			g.errorf("%s: a write without an answer takes query parameters, which doAt cannot send", op.Key())
		}
	case len(extra) > 0:
		m.Opts = m.Resource + m.Name + "Options"
		if !g.claim(m.Opts, "options") {
			return nil
		}
		st := &goStruct{Name: m.Opts, File: "models", Fields: extra,
			Doc: []string{fmt.Sprintf("%s are the query parameters of %s.%s.", m.Opts, m.Service, m.Name)}}
		switch {
		case m.Kind == kindList:
			st.Fields = append(st.Fields, goField{Name: "ListOptions", Type: "ListOptions", Embed: true})
		case hasFields:
			st.Fields = append(st.Fields, goField{Name: "GetOptions", Type: "GetOptions", Embed: true})
		}
		g.m.structs[m.Opts] = st
	case m.Kind == kindList:
		m.Opts, m.OptsBase = "ListOptions", "ListOptions"
	case hasFields:
		m.Opts, m.OptsBase = "GetOptions", "GetOptions"
	}

	// The body.
	if mt, ct := op.body(); mt != nil {
		if !strings.HasPrefix(ct, "application/json") {
			g.errorf("%s: body of type %s: write it by hand and list it in hand_written", op.Key(), ct)
			return nil
		}
		bs := g.spec.dataSchema(mt.Schema)
		if bs == nil {
			g.errorf("%s: request body without data", op.Key())
			return nil
		}
		name := m.Resource + m.Name + "Request"
		if n, _ := g.spec.deref(bs); n != "" {
			if existing, ok := g.ov.Types[n]; ok {
				name = existing
			}
		}
		if ov.Request != "" {
			if !g.pkg.Types[ov.Request] {
				g.errorf("%s: request %q is not a type of the package", op.Key(), ov.Request)
			}
			name = ov.Request
		}
		switch {
		case len(ov.Args) > 0:
			g.bodyArgs(m, bs, ov)
		case g.pkg.Types[name]:
			m.Body = &goStruct{Name: name, Fields: slices.Clone(g.pkg.Fields[name])}
		default:
			m.Body = g.requestType(name, m.Resource, bs, op.Method == "POST")
			m.Body.Doc = []string{fmt.Sprintf("%s is the body of %s.%s.", name, m.Service, m.Name)}
			if op.Method == "POST" {
				m.Body.Doc[0] += " Fields marked required are always sent; the others only when set."
			} else {
				m.Body.Doc[0] += " Only non-nil fields are sent, so Ptr(false) or Ptr(\"\") change a value to its zero."
			}
		}
		if m.Body != nil {
			g.requireFields(m, ov)
		}
		m.NilOK = ov.NilOK
		m.Checks = g.bodyChecks(m, ov)
	} else if len(ov.Args) > 0 || ov.Request != "" {
		g.errorf("%s: args and request need a request body", op.Key())
	}
	if (len(m.Fields) > 0 || m.FieldsVar != "") && m.Kind != kindList && (m.Kind != kindGet || m.OptsBase != "GetOptions") {
		g.errorf("%s: default fields are for paginated lists and for reads that take GetOptions", op.Key())
	}
	if ov.Check && ov.Options == "" {
		g.errorf("%s: check needs options", op.Key())
	}
	m.EmptyEnds = ov.EmptyEnds
	if m.EmptyEnds && m.Kind != kindList {
		g.errorf("%s: empty_ends is for paginated lists", op.Key())
	}
	m.Doc = g.methodDoc(m, ov)
	return m
}

// queryField is the options field of an optional query parameter.
func (g *gen) queryField(m *method, p *parameter) goField {
	f := goField{Name: exported(p.Name), JSON: p.Name, URL: true, Omit: "omitempty", Doc: fieldDoc(&schema{Description: p.Description}, nil)}
	s := p.Schema
	if s == nil {
		s = &schema{Type: "string"}
	}
	switch s.Type {
	case "boolean":
		// A pointer, so that false can be asked for (is_workspace_level=false).
		f.Type = "*bool"
	case "integer":
		f.Type = "int"
	case "number":
		f.Type = "float64"
	case "array":
		f.Type, f.Omit = "[]string", "comma,omitempty"
	default:
		switch s.Format {
		case "date-time":
			f.Type = "time.Time"
		case "date":
			f.Type = "Date"
		default:
			f.Type = "string"
			if vs := enumValues(s); len(vs) > 0 {
				f.Doc = strings.TrimSpace(f.Doc + " One of: " + strings.Join(vs, ", ") + ".")
			}
		}
	}
	return f
}

// methodDoc is the doc comment of a method: the summary, the spec's
// description trimmed, the override's lines and, if the spec says so,
// the deprecation.
func (g *gen) methodDoc(m *method, ov opOverride) []string {
	summary := strings.TrimSuffix(strings.TrimSpace(m.Op.Summary), ".")
	first := m.Name + " " + thirdPerson(summary) + "."
	switch m.Kind {
	case kindList:
		first += " It returns a List: All iterates over the items, fetching the pages as the loop needs them; Page fetches one."
	case kindListAll:
		first += " Asana serves this list in one answer, without pages."
	}
	doc := []string{first}
	doc = append(doc, paragraphs(m.Op.Description)...)
	doc = append(doc, ov.Doc...)
	if m.Op.Deprecated {
		doc = append(doc, "Deprecated: Asana marks "+m.Op.OperationID+" deprecated.")
	}
	return doc
}

// thirdPerson puts a summary's leading verb in the third person: "Get a
// tag" -> "gets a tag".
func thirdPerson(summary string) string {
	verb, rest, _ := strings.Cut(summary, " ")
	v := strings.ToLower(verb)
	switch {
	case v == "":
		return "calls the operation"
	case strings.HasSuffix(v, "s") || strings.HasSuffix(v, "sh") || strings.HasSuffix(v, "ch") || strings.HasSuffix(v, "x"):
		v += "es"
	case strings.HasSuffix(v, "y") && !strings.ContainsRune("aeiou", rune(v[len(v)-2])):
		v = v[:len(v)-1] + "ies"
	default:
		v += "s"
	}
	if rest == "" {
		return v
	}
	return v + " " + rest
}
