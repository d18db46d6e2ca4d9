// Package safeyaml decodes YAML (and JSON) from untrusted files with the
// same guards for every loader of the module: the policy loader, member
// lists and rules.
//
// Before go-yaml sees the data, a linear pre-scan checks its size, nesting
// depth, number of nodes, keys per mapping and the total length of the node
// paths go-yaml builds, so that decoding any accepted input allocates well
// under 64 MiB (go-yaml's own costs are quadratic in depth and in the keys
// of a block mapping). Tags, anchors and aliases are refused (an alias can
// multiply a small file into a huge value, and go-yaml panics on some
// tagged nodes), a panic in go-yaml becomes an error, and error messages
// are bounded: values quoted in them are cut with Quote.
package safeyaml

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// Limits bound what Decode accepts. A zero field takes its default.
type Limits struct {
	// MaxBytes is the largest input, 512 KiB by default (go-yaml spends
	// more than linear memory on long scalars and runs of blanks).
	MaxBytes int
	// MaxDepth is the deepest nesting of collections, 32 by default.
	MaxDepth int
	// MaxNodes bounds the scalars, collections and comments, 16,000 by
	// default
	// (go-yaml spends about 1.2 KB on each).
	MaxNodes int
	// MaxKeys bounds the keys of one block mapping, 256 by default (go-yaml
	// spends the square of that number).
	MaxKeys int
	// MaxPathBytes bounds the summed length of every node's path, which
	// go-yaml stores in each node ("$.teams[3].members[12]"): 4 MiB by
	// default. Long keys deep in a file with many values under them reach it.
	MaxPathBytes int
}

// DefaultLimits returns the limits a zero Limits field takes.
func DefaultLimits() Limits {
	return Limits{MaxBytes: 512 << 10, MaxDepth: 32, MaxNodes: 16_000, MaxKeys: 256, MaxPathBytes: 4 << 20}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxBytes > 0 {
		d.MaxBytes = l.MaxBytes
	}
	if l.MaxDepth > 0 {
		d.MaxDepth = l.MaxDepth
	}
	if l.MaxNodes > 0 {
		d.MaxNodes = l.MaxNodes
	}
	if l.MaxKeys > 0 {
		d.MaxKeys = l.MaxKeys
	}
	if l.MaxPathBytes > 0 {
		d.MaxPathBytes = l.MaxPathBytes
	}
	return d
}

// Error is a refused or invalid input, with where it is.
type Error struct {
	// Line and Column locate the mistake, from 1; 0 when unknown.
	Line, Column int
	// Path is the field at the mistake, such as "teams[1].members[0]";
	// empty when unknown.
	Path string
	// Msg says what is wrong, in at most about 300 bytes.
	Msg string
	// Err is go-yaml's error, when it found the mistake.
	Err error
}

// Error formats as "12:7: teams[1].members: msg".
func (e *Error) Error() string {
	var b strings.Builder
	if e.Line > 0 {
		b.WriteString(strconv.Itoa(e.Line))
		if e.Column > 0 {
			b.WriteString(":" + strconv.Itoa(e.Column))
		}
		b.WriteString(": ")
	}
	if e.Path != "" {
		b.WriteString(e.Path + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap returns go-yaml's error, if any.
func (e *Error) Unwrap() error { return e.Err }

var utf8BOM = []byte("\ufeff")

// Check runs the pre-scan alone: size, UTF-8, depth, nodes, keys and path
// lengths. Tags, anchors and aliases are refused by Decode, which names
// their field.
func Check(data []byte, lim Limits) error {
	s := scanner{data: bytes.TrimPrefix(data, utf8BOM), lim: lim.withDefaults()}
	return s.run()
}

// Decode checks data, parses it and decodes its only document into v with
// go-yaml's options (yaml.Strict, yaml.DisallowUnknownField, ...); an empty
// document leaves v alone. It returns the parsed file, for finding the
// position of a field later. Every error is an *Error.
func Decode(data []byte, v any, lim Limits, opts ...yaml.DecodeOption) (file *ast.File, err error) {
	data = bytes.TrimPrefix(data, utf8BOM)
	if err := Check(data, lim); err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			file, err = nil, &Error{Msg: "cannot decode: " + clip(fmt.Sprint(r))}
		}
	}()
	file, err = parser.ParseBytes(data, 0)
	if err != nil {
		return nil, fromYAML(nil, err)
	}
	if err := refuseReferences(file); err != nil {
		return nil, err
	}
	var docs []*ast.DocumentNode
	for _, d := range file.Docs {
		if d.Body != nil {
			docs = append(docs, d)
		}
	}
	switch len(docs) {
	case 0:
		return file, nil
	case 1:
	default:
		e := &Error{Msg: "more than one YAML document"}
		if tk := docs[1].Start; tk != nil && tk.Position != nil {
			e.Line, e.Column = tk.Position.Line, tk.Position.Column
		}
		return nil, e
	}
	if err := yaml.NewDecoder(bytes.NewReader(nil), opts...).DecodeFromNode(docs[0].Body, v); err != nil {
		return nil, fromYAML(file, err)
	}
	return file, nil
}

// refuseReferences refuses what the pre-scan may have missed: it sees
// indicators, this sees the parsed nodes.
func refuseReferences(file *ast.File) error {
	var bad ast.Node
	for _, doc := range file.Docs {
		ast.Walk(visitFunc(func(n ast.Node) {
			switch n.(type) {
			case *ast.TagNode, *ast.AnchorNode, *ast.AliasNode:
				if bad == nil {
					bad = n
				}
			}
		}), doc)
	}
	if bad == nil {
		return nil
	}
	return at(bad, &Error{Path: fieldPath(bad.GetPath()), Msg: "YAML tags, anchors and aliases are not allowed"})
}

func at(n ast.Node, e *Error) *Error {
	if tk := n.GetToken(); tk != nil && tk.Position != nil {
		e.Line, e.Column = tk.Position.Line, tk.Position.Column
	}
	return e
}

// fromYAML turns a go-yaml error into an *Error naming the field at the
// error's position.
func fromYAML(file *ast.File, err error) *Error {
	e := &Error{Err: err}
	var ye yaml.Error
	if !errors.As(err, &ye) {
		e.Msg = clip(err.Error())
		return e
	}
	// Not ye.Error(): it prints the source around the mistake, and its
	// cost grows with the square of the node's size.
	e.Msg = clip(ye.GetMessage())
	if tk := ye.GetToken(); tk != nil && tk.Position != nil {
		e.Line, e.Column = tk.Position.Line, tk.Position.Column
		e.Path = PathAt(file, e.Line, e.Column)
	}
	return e
}

// PathAt finds the field path of the node at line:col of file, as
// "teams[0].name"; empty when there is none.
func PathAt(file *ast.File, line, col int) string {
	if file == nil {
		return ""
	}
	var best string
	for _, doc := range file.Docs {
		ast.Walk(visitFunc(func(n ast.Node) {
			if tk := n.GetToken(); tk != nil && tk.Position != nil && tk.Position.Line == line && tk.Position.Column == col {
				best = n.GetPath()
			}
		}), doc)
	}
	return fieldPath(best)
}

// fieldPath turns go-yaml's "$.teams[0]" into "teams[0]".
func fieldPath(p string) string {
	p = strings.TrimPrefix(strings.TrimPrefix(p, "$"), ".")
	if len(p) > maxPath {
		return cut(p, maxPath) + "..."
	}
	return p
}

type visitFunc func(ast.Node)

func (f visitFunc) Visit(n ast.Node) ast.Visitor {
	f(n)
	return f
}

// MaxErrorBytes bounds the length of an Error's text.
const MaxErrorBytes = 512

// maxQuote, maxPath and maxMsg bound what error text carries from the
// input; with the position they stay under MaxErrorBytes.
const (
	maxQuote = 64
	maxPath  = 128
	maxMsg   = 300
)

// Quote quotes s like %q, cut to its first 64 bytes (on a rune boundary)
// with "..." after the closing quote when it was longer: for putting a
// value from an untrusted file into an error message.
func Quote(s string) string {
	if len(s) <= maxQuote {
		return strconv.Quote(s)
	}
	return strconv.Quote(cut(s, maxQuote)) + "..."
}

// clip cuts a message to about 300 bytes.
func clip(s string) string {
	if len(s) <= maxMsg {
		return s
	}
	return cut(s, maxMsg) + " ..."
}

// cut returns at most n bytes of s, ending on a rune boundary.
func cut(s string, n int) string {
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func sizeName(n int) string {
	if n%(1<<20) == 0 {
		return strconv.Itoa(n>>20) + " MiB"
	}
	if n%(1<<10) == 0 {
		return strconv.Itoa(n>>10) + " KiB"
	}
	return strconv.Itoa(n) + " bytes"
}
