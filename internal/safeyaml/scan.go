package safeyaml

import (
	"fmt"
	"unicode/utf8"
)

// scanner is the pre-scan: one pass over the bytes, no allocation beyond
// two small stacks, that estimates what go-yaml's parser will spend and
// stops before it does. It tracks just enough of YAML's syntax (quotes,
// comments, block scalars, flow and block collections) to know where nodes
// start; where it cannot tell, it over-estimates, so a strange but valid
// file may be refused but an expensive one never passes.
//
// go-yaml's costs, measured on v1.19.2: about 1.2 KB per node; every node
// stores its full path ("$.teams[3].members[12]"), so deep nesting and long
// keys cost depth times key length per node; and a block mapping costs the
// square of its number of keys (each key re-appends all the later ones).
type scanner struct {
	data      []byte
	lim       Limits
	i         int
	line      int // 0-based
	lineStart int
	block     []frame
	flow      []frame
	nodes     int
	pathBytes int

	// Block scalar (| or >) being skipped: its parent's indentation, and
	// the content's indentation once known (0 before the first line).
	inScalar     bool
	scalarParent int
	scalarIndent int

	// Where the node being scanned starts, for errors about it.
	markLine, markCol int
}

// frame is one open collection.
type frame struct {
	indent int  // block: column of its keys or dashes
	seq    bool // a sequence, not a mapping
	count  int  // entries so far
	base   int  // length of the collection's own path
	child  int  // length of its latest child's path
	expect bool // flow: the next node starts an entry (seq) or is a key (map)
}

func (s *scanner) run() error {
	if len(s.data) > s.lim.MaxBytes {
		return &Error{Msg: fmt.Sprintf("larger than %s", sizeName(s.lim.MaxBytes))}
	}
	if !utf8.Valid(s.data) {
		// go-yaml would widen each bad byte to U+FFFD, three bytes.
		for s.i < len(s.data) {
			if r, n := utf8.DecodeRune(s.data[s.i:]); r == utf8.RuneError && n == 1 {
				return s.errorf("not valid UTF-8")
			}
			if s.data[s.i] == '\n' {
				s.newline()
			} else {
				s.i++
			}
		}
	}
	for s.i < len(s.data) {
		if err := s.blockLine(); err != nil {
			return err
		}
	}
	return nil
}

func (s *scanner) col() int { return s.i - s.lineStart }

func (s *scanner) errorf(format string, args ...any) error {
	return &Error{Line: s.line + 1, Column: s.col() + 1, Msg: fmt.Sprintf(format, args...)}
}

// mark notes that a node starts here.
func (s *scanner) mark() { s.markLine, s.markCol = s.line, s.col() }

// errorAtMark is an error about the node that starts at the mark.
func (s *scanner) errorAtMark(format string, args ...any) error {
	return &Error{Line: s.markLine + 1, Column: s.markCol + 1, Msg: fmt.Sprintf(format, args...)}
}

func (s *scanner) eol() bool { return s.i >= len(s.data) || s.data[s.i] == '\n' }

func (s *scanner) at(i int) byte {
	if i < len(s.data) {
		return s.data[i]
	}
	return 0
}

// blank reports whether b ends a token: space, tab, CR, LF or the end.
func blank(b byte) bool { return b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == 0 }

func (s *scanner) newline() {
	s.i++
	s.line++
	s.lineStart = s.i
}

func (s *scanner) skipLine() {
	for !s.eol() {
		s.i++
	}
	if s.i < len(s.data) {
		s.newline()
	}
}

func (s *scanner) skipSpaces() {
	for s.i < len(s.data) && (s.data[s.i] == ' ' || s.data[s.i] == '\t' || s.data[s.i] == '\r') {
		s.i++
	}
}

// blockLine scans one line outside flow collections.
func (s *scanner) blockLine() error {
	indent := 0
	for s.at(s.i+indent) == ' ' {
		indent++
	}
	rest := s.i + indent
	for s.at(rest) == '\t' || s.at(rest) == '\r' || s.at(rest) == ' ' {
		rest++
	}
	empty := rest >= len(s.data) || s.data[rest] == '\n'
	if s.inScalar {
		switch {
		case empty:
			s.skipLine()
			return nil
		case s.scalarIndent == 0 && indent > s.scalarParent:
			s.scalarIndent = indent
			s.skipLine()
			return nil
		case s.scalarIndent > 0 && indent >= s.scalarIndent:
			s.skipLine()
			return nil
		}
		s.inScalar = false
	}
	if empty {
		s.skipLine()
		return nil
	}
	if s.data[rest] == '#' {
		s.skipLine()
		return s.node(0)
	}
	s.i += indent
	if indent == 0 {
		if s.data[s.i] == '%' { // directive
			s.skipLine()
			return s.node(0)
		}
		if marker := string(s.data[s.i:min(s.i+3, len(s.data))]); (marker == "---" || marker == "...") && blank(s.at(s.i+3)) {
			s.block = s.block[:0]
			if err := s.node(1); err != nil {
				return err
			}
			if marker == "..." {
				s.skipLine()
				return nil
			}
			s.i += 3
		}
	}
	for len(s.block) > 0 && s.block[len(s.block)-1].indent > s.col() {
		s.block = s.block[:len(s.block)-1]
	}
	return s.lineItems()
}

// lineItems scans the nodes of the rest of a block line: compact entries
// ("- - a"), a key and its value ("k: [1, 2]"), a comment.
func (s *scanner) lineItems() error {
	for {
		s.skipSpaces()
		if s.eol() {
			if s.i < len(s.data) {
				s.newline()
			}
			return nil
		}
		c, col := s.data[s.i], s.col()
		s.mark()
		switch {
		case c == '#':
			s.skipLine()
			return s.node(0)
		case (c == '-' || c == '?') && blank(s.at(s.i+1)):
			if err := s.blockEntry(col, c == '-', 0); err != nil {
				return err
			}
			s.i++
			continue
		case c == ':' && blank(s.at(s.i+1)):
			s.i++
			continue
		case c == '|' || c == '>':
			if err := s.node(s.parentPath()); err != nil {
				return err
			}
			s.inScalar, s.scalarIndent, s.scalarParent = true, 0, -1
			if n := len(s.block); n > 0 {
				s.scalarParent = s.block[n-1].indent
			}
			s.skipLine()
			return nil
		}
		start := s.i
		var quoted bool
		switch c {
		case '!', '&', '*':
			// Decode refuses these with the field's path once parsed;
			// here the property only counts, and its node follows.
			s.skipProperty()
			if err := s.node(s.parentPath()); err != nil {
				return err
			}
			continue
		case '[', '{':
			if err := s.flowCollection(s.parentPath()); err != nil {
				return err
			}
			quoted = true
		case '"', '\'':
			s.quoted()
			quoted = true
		default:
			if s.plainBlock() {
				// A key: the scan stopped at its colon.
				if err := s.blockEntry(col, false, s.i-start); err != nil {
					return err
				}
				s.i++
				continue
			}
		}
		s.skipSpaces()
		if quoted && s.at(s.i) == ':' {
			if err := s.blockEntry(col, false, s.i-start); err != nil {
				return err
			}
			s.i++
			continue
		}
		if c != '[' && c != '{' {
			if err := s.node(s.parentPath()); err != nil {
				return err
			}
		}
	}
}

// parentPath is the path length a new node under the innermost open
// collection gets.
func (s *scanner) parentPath() int {
	if n := len(s.flow); n > 0 {
		return s.flow[n-1].child
	}
	if n := len(s.block); n > 0 {
		return s.block[n-1].child
	}
	return 1 // "$"
}

// node counts one node whose path is pathLen bytes long.
func (s *scanner) node(pathLen int) error {
	s.nodes++
	s.pathBytes += pathLen
	if s.nodes > s.lim.MaxNodes {
		return s.errorAtMark("more than %d YAML nodes", s.lim.MaxNodes)
	}
	if s.pathBytes > s.lim.MaxPathBytes {
		return s.errorAtMark("keys too long for how deep and how many values are under them")
	}
	return nil
}

func (s *scanner) push(f frame, flow bool) error {
	if len(s.block)+len(s.flow) >= s.lim.MaxDepth {
		return s.errorAtMark("nested deeper than %d levels", s.lim.MaxDepth)
	}
	if flow {
		s.flow = append(s.flow, f)
	} else {
		s.block = append(s.block, f)
	}
	return nil
}

// blockEntry records a block sequence entry (seq) or a mapping key of
// keyLen bytes at column col.
func (s *scanner) blockEntry(col int, seq bool, keyLen int) error {
	for n := len(s.block); n > 0; n = len(s.block) {
		top := s.block[n-1]
		if top.indent > col || (top.indent == col && top.seq && !seq) {
			// A key at a sequence's column ends the sequence (it was the
			// value of the previous key).
			s.block = s.block[:n-1]
			continue
		}
		break
	}
	n := len(s.block)
	if n == 0 || s.block[n-1].indent != col || s.block[n-1].seq != seq {
		if err := s.push(frame{indent: col, seq: seq, base: s.parentPath()}, false); err != nil {
			return err
		}
		n = len(s.block)
	}
	f := &s.block[n-1]
	f.count++
	if seq {
		f.child = f.base + 2 + digits(f.count-1)
	} else {
		f.child = f.base + 1 + keyLen
		if f.count > s.lim.MaxKeys {
			return s.errorAtMark("a mapping with more than %d keys", s.lim.MaxKeys)
		}
	}
	return s.node(f.child)
}

// plainBlock scans a plain scalar outside flow collections and reports
// whether it is a key; it stops at the key's colon, a comment or the end
// of the line.
func (s *scanner) plainBlock() bool {
	for !s.eol() {
		c := s.data[s.i]
		if c == ':' && blank(s.at(s.i+1)) {
			return true
		}
		if (c == ' ' || c == '\t') && s.at(s.i+1) == '#' {
			return false
		}
		s.i++
	}
	return false
}

// quoted skips a single- or double-quoted scalar, newlines included.
func (s *scanner) quoted() {
	q := s.data[s.i]
	s.i++
	for s.i < len(s.data) {
		c := s.data[s.i]
		switch {
		case c == '\n':
			s.newline()
			continue
		case q == '"' && c == '\\':
			s.i++
			if s.at(s.i) == '\n' {
				s.newline()
				continue
			}
		case c == q && q == '\'' && s.at(s.i+1) == '\'':
			s.i++
		case c == q:
			s.i++
			return
		}
		s.i++
	}
}

// flowCollection scans a [...] or {...} collection, which may span lines,
// up to its closing bracket.
func (s *scanner) flowCollection(pathLen int) error {
	if err := s.openFlow(pathLen); err != nil {
		return err
	}
	for s.i < len(s.data) {
		c := s.data[s.i]
		s.mark()
		switch c {
		case '\n':
			s.newline()
			continue
		case ' ', '\t', '\r':
			s.i++
			continue
		case '#':
			if s.i == s.lineStart || blank(s.data[s.i-1]) {
				for !s.eol() {
					s.i++
				}
				if err := s.node(0); err != nil {
					return err
				}
				continue
			}
		case ',':
			s.flow[len(s.flow)-1].expect = true
			s.i++
			continue
		case ':':
			if top := &s.flow[len(s.flow)-1]; !top.seq {
				top.expect = false
			}
			s.i++
			continue
		case '?':
			if blank(s.at(s.i + 1)) {
				s.i++
				continue
			}
		case ']', '}':
			s.flow = s.flow[:len(s.flow)-1]
			s.i++
			if len(s.flow) == 0 {
				return nil
			}
			continue
		case '[', '{':
			s.entry(1)
			if err := s.openFlow(s.parentPath()); err != nil {
				return err
			}
			continue
		case '!', '&', '*':
			s.skipProperty()
			if err := s.node(s.parentPath()); err != nil {
				return err
			}
			continue
		}
		start := s.i
		if c == '"' || c == '\'' {
			s.quoted()
		} else {
			s.plainFlow()
		}
		s.entry(s.i - start)
		if err := s.node(s.parentPath()); err != nil {
			return err
		}
	}
	return nil
}

// openFlow counts a flow collection node and opens its frame.
func (s *scanner) openFlow(pathLen int) error {
	if err := s.node(pathLen); err != nil {
		return err
	}
	seq := s.data[s.i] == '['
	s.i++
	return s.push(frame{seq: seq, base: pathLen, child: pathLen, expect: true}, true)
}

// entry notes a node starting in the innermost flow collection: a new
// sequence entry, or a mapping key of keyLen bytes.
func (s *scanner) entry(keyLen int) {
	top := &s.flow[len(s.flow)-1]
	if !top.expect {
		return
	}
	top.expect = false
	top.count++
	if top.seq {
		top.child = top.base + 2 + digits(top.count-1)
	} else {
		top.child = top.base + 1 + keyLen
	}
}

// plainFlow skips a plain scalar inside a flow collection; flow
// indicators, a colon before a blank or indicator, a comment and the end
// of the line end it.
func (s *scanner) plainFlow() {
	s.i++ // the first byte is never an indicator here
	for !s.eol() {
		switch c := s.data[s.i]; c {
		case ',', '[', ']', '{', '}':
			return
		case ':':
			if n := s.at(s.i + 1); blank(n) || n == ',' || n == '[' || n == ']' || n == '{' || n == '}' {
				return
			}
		case ' ', '\t':
			if s.at(s.i+1) == '#' {
				return
			}
		}
		s.i++
	}
}

// skipProperty skips a tag, an anchor or an alias: up to a blank or a
// flow indicator.
func (s *scanner) skipProperty() {
	for s.i++; !blank(s.at(s.i)); s.i++ {
		switch s.data[s.i] {
		case ',', '[', ']', '{', '}':
			return
		}
	}
}

func digits(n int) int {
	d := 1
	for n >= 10 {
		n /= 10
		d++
	}
	return d
}
