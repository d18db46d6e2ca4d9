package main

import (
	"html"
	"regexp"
	"strings"
	"unicode"
)

// This file turns the spec's names and prose into Go names and comments.

// initialisms are written in capitals inside Go names.
var initialisms = map[string]string{
	"gid": "GID", "id": "ID", "url": "URL", "uri": "URI", "html": "HTML", "api": "API",
	"json": "JSON", "http": "HTTP", "https": "HTTPS", "ooo": "OOO", "rbac": "RBAC", "csv": "CSV",
	"ip": "IP", "sso": "SSO", "saml": "SAML", "utc": "UTC",
}

// words splits a snake_case, kebab-case, space separated or camelCase name
// into lower-case words.
func words(s string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
		case unicode.IsUpper(r) && i > 0 && (unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1]) ||
			(i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(rs[i-1]))):
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
	}
	flush()
	return out
}

// exported returns the exported Go name of s: "custom_field_gid" ->
// "CustomFieldGID".
func exported(s string) string {
	var b strings.Builder
	for _, w := range words(s) {
		if up, ok := initialisms[w]; ok {
			b.WriteString(up)
			continue
		}
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	out := b.String()
	if out != "" && unicode.IsDigit(rune(out[0])) {
		out = "N" + out
	}
	return out
}

// unexported returns the unexported Go name of s: "task_gid" -> "taskGID".
func unexported(s string) string {
	ws := words(s)
	if len(ws) == 0 {
		return "x"
	}
	out := ws[0] + exported(strings.Join(ws[1:], "_"))
	if goKeywords[out] {
		out += "Arg"
	}
	return out
}

var goKeywords = map[string]bool{
	"break": true, "case": true, "chan": true, "const": true, "continue": true, "default": true,
	"defer": true, "else": true, "fallthrough": true, "for": true, "func": true, "go": true, "goto": true,
	"if": true, "import": true, "interface": true, "map": true, "package": true, "range": true,
	"return": true, "select": true, "struct": true, "switch": true, "type": true, "var": true,
	// Names the generated methods use for themselves.
	"ctx": true, "time": true, "json": true, "http": true, "iter": true, "context": true, "s": true, "r": true, "q": true, "req": true, "opts": true, "out": true, "err": true,
}

// singular returns the singular of an English plural noun as the spec's
// tags use them: "entries" -> "entry", "statuses" -> "status".
func singular(s string) string {
	switch {
	case strings.HasSuffix(s, "ies"):
		return s[:len(s)-3] + "y"
	case strings.HasSuffix(s, "sses"), strings.HasSuffix(s, "uses"):
		return s[:len(s)-2]
	case strings.HasSuffix(s, "s") && !strings.HasSuffix(s, "ss"):
		return s[:len(s)-1]
	}
	return s
}

// spaced returns a name's words separated by spaces, for error messages:
// "custom_field_gid" -> "custom field gid".
func spaced(s string) string { return strings.Join(words(s), " ") }

var (
	tagRE    = regexp.MustCompile(`<[^>]*>`)
	spacesRE = regexp.MustCompile(`[ \t]+`)
	scopeRE  = regexp.MustCompile(`(?i)^<b>Required scope: ?</b>\s*(.*)$`)
	// linkRE is a Markdown link; its target is relative to Asana's docs
	// site, so the comment keeps the text only.
	linkRE = regexp.MustCompile(`\[([^\]]+)\]\([^)]*\)`)
)

// maxDocParagraphs caps how much of the spec's description a doc comment
// repeats; the rest is one click away in Asana's reference.
const maxDocParagraphs = 3

// paragraphs turns the spec's HTML-and-Markdown description into plain
// paragraphs: tags removed, entities decoded, the scope line kept short.
func paragraphs(desc string) []string {
	var out []string
	for _, para := range strings.Split(strings.ReplaceAll(desc, "\r", ""), "\n\n") {
		para = strings.TrimSpace(para)
		if m := scopeRE.FindStringSubmatch(para); m != nil {
			para = "Required scope: " + m[1] + "."
		}
		para = html.UnescapeString(tagRE.ReplaceAllString(para, ""))
		para = linkRE.ReplaceAllString(para, "$1")
		para = spacesRE.ReplaceAllString(strings.Join(strings.Fields(para), " "), " ")
		if para == "" || strings.HasPrefix(para, "|") || strings.HasPrefix(para, "```") {
			continue
		}
		out = append(out, para)
		if len(out) == maxDocParagraphs {
			break
		}
	}
	return out
}

// comment renders paragraphs as a // comment wrapped at 77 columns, with a
// blank comment line between paragraphs.
func comment(indent string, paras ...string) string {
	var b strings.Builder
	for i, p := range paras {
		if i > 0 {
			b.WriteString(indent + "//\n")
		}
		line := ""
		for _, w := range strings.Fields(p) {
			if line != "" && len(indent)+3+len(line)+1+len(w) > 77 {
				b.WriteString(indent + "// " + line + "\n")
				line = ""
			}
			if line != "" {
				line += " "
			}
			line += w
		}
		if line != "" {
			b.WriteString(indent + "// " + line + "\n")
		}
	}
	return b.String()
}
