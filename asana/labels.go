package asana

import (
	"context"
	"strings"
)

// A request's labels, RequestInfo.Operation and Route, travel from the
// typed method to the pipeline in the context: every typed method already
// hands its context to Do (through List's pages too), so no internal
// signature has to carry them.
type labelKey struct{}

type requestLabel struct{ operation, route string }

// labelCtx is context.WithValue for the one label in one allocation, not
// two (the value context and the label boxed in an interface): it is made
// for every call. Its Value answers a pointer to the label.
type labelCtx struct {
	context.Context
	label requestLabel
}

func (c *labelCtx) Value(key any) any {
	if key == (labelKey{}) {
		return &c.label
	}
	return c.Context.Value(key)
}

// withLabel returns ctx labelled with the operation and route template of
// a typed method.
func withLabel(ctx context.Context, operation, route string) context.Context {
	return &labelCtx{ctx, requestLabel{operation, route}}
}

// labelOf returns the labels of a request to path: those of the typed
// method that made it, or for Do and ListOf no operation and the
// path with each segment of digits replaced by "{gid}".
func labelOf(ctx context.Context, path string) (operation, route string) {
	if l, ok := ctx.Value(labelKey{}).(*requestLabel); ok {
		return l.operation, l.route
	}
	return "", gidTemplate(path)
}

func gidTemplate(path string) string {
	segs := strings.Split(path, "/")
	for i, s := range segs {
		if s != "" && strings.Trim(s, "0123456789") == "" {
			segs[i] = "{gid}"
		}
	}
	return strings.Join(segs, "/")
}

// routeTemplate turns a routeTo format and its argument names into the
// route's template: "/tasks/%s" with "task gid" is "/tasks/{task_gid}".
func routeTemplate(format string, nameValues []string) string {
	var b strings.Builder
	arg := 0
	for {
		i := strings.Index(format, "%s")
		if i < 0 || 2*arg >= len(nameValues) {
			b.WriteString(format)
			return b.String()
		}
		b.WriteString(format[:i])
		b.WriteString("{" + strings.ReplaceAll(nameValues[2*arg], " ", "_") + "}")
		format, arg = format[i+2:], arg+1
	}
}
