package asanatest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// SCIM filters (RFC 7644 section 3.4.2.2), as the fake's SCIM endpoints
// read them from the filter query parameter and from PATCH paths such as
// members[value eq "123"]. The parser takes the whole grammar: attribute
// comparisons (eq ne co sw ew gt ge lt le), pr, and, or, not, parentheses
// and value paths (emails[type eq "work"]); which attributes a list may be
// filtered on is the handler's business (Asana: userName for users,
// displayName for groups).

// Limits that keep a hostile filter cheap.
const (
	maxFilterLen   = 4096
	maxFilterDepth = 32
)

// filterNode is a parsed filter.
type filterNode interface {
	// String renders the filter in a canonical form that parses back to
	// the same tree.
	String() string
}

// filterCmp is "attr op value", or "attr pr" (value nil, op "pr").
type filterCmp struct {
	attr  string
	op    string // lower case
	value any    // string, bool, nil or json.Number
}

// filterLogic is "left and right" or "left or right".
type filterLogic struct {
	op          string // "and" or "or"
	left, right filterNode
}

// filterNot is "not (f)".
type filterNot struct{ f filterNode }

// filterValuePath is "attr[f]": f applies to the sub-attributes of each
// value of the multi-valued attr.
type filterValuePath struct {
	attr string
	f    filterNode
}

func (c *filterCmp) String() string {
	if c.op == "pr" {
		return c.attr + " pr"
	}
	return c.attr + " " + c.op + " " + renderValue(c.value)
}

func (l *filterLogic) String() string {
	return "(" + l.left.String() + " " + l.op + " " + l.right.String() + ")"
}

func (n *filterNot) String() string { return "not (" + n.f.String() + ")" }

func (v *filterValuePath) String() string { return v.attr + "[" + v.f.String() + "]" }

func renderValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		if x {
			return "true"
		}
		return "false"
	case json.Number:
		return x.String()
	case string:
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(x)
		return strings.TrimSuffix(b.String(), "\n")
	}
	return fmt.Sprint(v)
}

var compareOps = map[string]bool{"eq": true, "ne": true, "co": true, "sw": true, "ew": true, "gt": true, "ge": true, "lt": true, "le": true}

// attrPathRE is an attribute path: an optional schema URI, a name and an
// optional sub-attribute ("name.givenName").
var attrPathRE = regexp.MustCompile(`^(?:urn:[A-Za-z0-9.:_-]+:)?[A-Za-z][A-Za-z0-9_$-]*(?:\.[A-Za-z][A-Za-z0-9_$-]*)?$`)

// numberRE is a JSON number.
var numberRE = regexp.MustCompile(`^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$`)

// filterToken is one lexeme: a punctuation mark, a JSON string (str set)
// or a bare word.
type filterToken struct {
	text  string
	str   bool
	value string // the decoded string
	pos   int
}

// lexFilter splits a filter into tokens.
func lexFilter(s string) ([]filterToken, error) {
	var toks []filterToken
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '(' || c == ')' || c == '[' || c == ']':
			toks = append(toks, filterToken{text: s[i : i+1], pos: i})
			i++
		case c == '"':
			j := i + 1
			for ; j < len(s) && s[j] != '"'; j++ {
				if s[j] == '\\' {
					j++
				}
			}
			if j >= len(s) {
				return nil, fmt.Errorf("unterminated string at %d", i)
			}
			var v string
			if err := json.Unmarshal([]byte(s[i:j+1]), &v); err != nil {
				return nil, fmt.Errorf("invalid string at %d", i)
			}
			toks = append(toks, filterToken{text: s[i : j+1], str: true, value: v, pos: i})
			i = j + 1
		default:
			j := i
			for j < len(s) && !strings.ContainsRune(" \t\n\r()[]\"", rune(s[j])) {
				j++
			}
			toks = append(toks, filterToken{text: s[i:j], pos: i})
			i = j
		}
	}
	return toks, nil
}

// filterParser is a recursive-descent parser over the tokens.
type filterParser struct {
	toks  []filterToken
	i     int
	depth int
}

// parseSCIMFilter parses a filter expression.
func parseSCIMFilter(s string) (filterNode, error) {
	if len(s) > maxFilterLen {
		return nil, fmt.Errorf("filter longer than %d bytes", maxFilterLen)
	}
	toks, err := lexFilter(s)
	if err != nil {
		return nil, err
	}
	if len(toks) == 0 {
		return nil, errors.New("empty filter")
	}
	p := &filterParser{toks: toks}
	f, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.i < len(p.toks) {
		return nil, fmt.Errorf("unexpected %q at %d", p.toks[p.i].text, p.toks[p.i].pos)
	}
	return f, nil
}

func (p *filterParser) peek() (filterToken, bool) {
	if p.i < len(p.toks) {
		return p.toks[p.i], true
	}
	return filterToken{}, false
}

// keyword reports whether the next token is the bare word kw (any case).
func (p *filterParser) keyword(kw string) bool {
	t, ok := p.peek()
	return ok && !t.str && strings.EqualFold(t.text, kw)
}

func (p *filterParser) expect(text string) error {
	t, ok := p.peek()
	if !ok {
		return fmt.Errorf("missing %q at the end", text)
	}
	if t.str || t.text != text {
		return fmt.Errorf("want %q at %d, got %q", text, t.pos, t.text)
	}
	p.i++
	return nil
}

func (p *filterParser) or() (filterNode, error) {
	left, err := p.and()
	if err != nil {
		return nil, err
	}
	for p.keyword("or") {
		p.i++
		right, err := p.and()
		if err != nil {
			return nil, err
		}
		left = &filterLogic{op: "or", left: left, right: right}
	}
	return left, nil
}

func (p *filterParser) and() (filterNode, error) {
	left, err := p.unary()
	if err != nil {
		return nil, err
	}
	for p.keyword("and") {
		p.i++
		right, err := p.unary()
		if err != nil {
			return nil, err
		}
		left = &filterLogic{op: "and", left: left, right: right}
	}
	return left, nil
}

// group parses "(" filter ")" one level deeper.
func (p *filterParser) group(open, close string) (filterNode, error) {
	if err := p.expect(open); err != nil {
		return nil, err
	}
	if p.depth++; p.depth > maxFilterDepth {
		return nil, fmt.Errorf("filter nested deeper than %d", maxFilterDepth)
	}
	f, err := p.or()
	if err != nil {
		return nil, err
	}
	p.depth--
	return f, p.expect(close)
}

func (p *filterParser) unary() (filterNode, error) {
	t, ok := p.peek()
	if !ok {
		return nil, errors.New("incomplete filter")
	}
	switch {
	case !t.str && t.text == "(":
		return p.group("(", ")")
	case p.keyword("not"):
		p.i++
		f, err := p.group("(", ")")
		if err != nil {
			return nil, err
		}
		return &filterNot{f: f}, nil
	}
	attr, err := p.attrPath()
	if err != nil {
		return nil, err
	}
	if next, ok := p.peek(); ok && !next.str && next.text == "[" {
		f, err := p.group("[", "]")
		if err != nil {
			return nil, err
		}
		return &filterValuePath{attr: attr, f: f}, nil
	}
	opTok, ok := p.peek()
	if !ok || opTok.str {
		return nil, fmt.Errorf("missing operator after %q", attr)
	}
	op := strings.ToLower(opTok.text)
	p.i++
	if op == "pr" {
		return &filterCmp{attr: attr, op: op}, nil
	}
	if !compareOps[op] {
		return nil, fmt.Errorf("unknown operator %q at %d", opTok.text, opTok.pos)
	}
	v, err := p.compValue()
	if err != nil {
		return nil, err
	}
	return &filterCmp{attr: attr, op: op, value: v}, nil
}

func (p *filterParser) attrPath() (string, error) {
	t, ok := p.peek()
	if !ok || t.str || !attrPathRE.MatchString(t.text) || isFilterKeyword(t.text) {
		if !ok {
			return "", errors.New("missing attribute")
		}
		return "", fmt.Errorf("not an attribute path: %q at %d", t.text, t.pos)
	}
	p.i++
	return t.text, nil
}

func isFilterKeyword(w string) bool {
	w = strings.ToLower(w)
	return w == "and" || w == "or" || w == "not"
}

func (p *filterParser) compValue() (any, error) {
	t, ok := p.peek()
	if !ok {
		return nil, errors.New("missing value")
	}
	p.i++
	if t.str {
		return t.value, nil
	}
	switch strings.ToLower(t.text) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	case "null":
		return nil, nil
	}
	if numberRE.MatchString(t.text) {
		return json.Number(t.text), nil
	}
	return nil, fmt.Errorf("not a value: %q at %d", t.text, t.pos)
}

// filterAttrs lists the attribute paths a filter compares, lower-cased,
// value paths as "attr.sub".
func filterAttrs(f filterNode) []string {
	switch x := f.(type) {
	case *filterCmp:
		return []string{strings.ToLower(x.attr)}
	case *filterLogic:
		return append(filterAttrs(x.left), filterAttrs(x.right)...)
	case *filterNot:
		return filterAttrs(x.f)
	case *filterValuePath:
		var out []string
		for _, a := range filterAttrs(x.f) {
			out = append(out, strings.ToLower(x.attr)+"."+a)
		}
		return out
	}
	return nil
}

// evalFilter evaluates f; get returns the values of an attribute path
// (lower-cased, as filterAttrs names it) for the resource at hand. String
// comparisons ignore case, as SCIM's caseExact false attributes do (every
// attribute the fake filters on is one).
func evalFilter(f filterNode, get func(attr string) []any) bool {
	switch x := f.(type) {
	case *filterCmp:
		vals := get(strings.ToLower(x.attr))
		if x.op == "pr" {
			for _, v := range vals {
				if v != nil && v != "" {
					return true
				}
			}
			return false
		}
		for _, v := range vals {
			if compareValue(x.op, v, x.value) {
				return true
			}
		}
		return len(vals) == 0 && x.op == "ne" && x.value != nil
	case *filterLogic:
		if x.op == "and" {
			return evalFilter(x.left, get) && evalFilter(x.right, get)
		}
		return evalFilter(x.left, get) || evalFilter(x.right, get)
	case *filterNot:
		return !evalFilter(x.f, get)
	case *filterValuePath:
		prefix := strings.ToLower(x.attr) + "."
		return evalFilter(x.f, func(a string) []any { return get(prefix + a) })
	}
	return false
}

// compareValue applies a comparison operator to one attribute value.
func compareValue(op string, have, want any) bool {
	hs, hok := have.(string)
	ws, wok := want.(string)
	if hok && wok {
		hs, ws = strings.ToLower(hs), strings.ToLower(ws)
		switch op {
		case "eq":
			return hs == ws
		case "ne":
			return hs != ws
		case "co":
			return strings.Contains(hs, ws)
		case "sw":
			return strings.HasPrefix(hs, ws)
		case "ew":
			return strings.HasSuffix(hs, ws)
		case "gt":
			return hs > ws
		case "ge":
			return hs >= ws
		case "lt":
			return hs < ws
		case "le":
			return hs <= ws
		}
		return false
	}
	switch op {
	case "eq":
		return have == want
	case "ne":
		return have != want
	}
	return false
}
