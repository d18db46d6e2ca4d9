package asana

import (
	"context"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"net/http"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
)

// TestGeneratedMethodsSendTheirOperation calls every generated method,
// with distinct gids for its arguments and a request whose required fields
// are set, and checks that it sends exactly one request with the method of
// its asana:operation marker and the marker's path, the arguments in the
// path's order; that a write with a body sends one; and that the answer
// decodes. The sample in generated_test.go checks queries and bodies in
// detail.
func TestGeneratedMethodsSendTheirOperation(t *testing.T) {
	methods := generatedMethods(t)
	if len(methods) < 100 {
		t.Fatalf("found only %d generated methods", len(methods))
	}
	for _, gm := range methods {
		t.Run(gm.name, func(t *testing.T) {
			c, got := recordingClient(t, gm.returnsList())
			gm.fn = reflect.ValueOf(c).Elem().FieldByName(gm.svc).MethodByName(gm.method)
			args, wantPath := gm.arguments(t.Context())
			if err := callError(gm.fn.Call(args)); err != nil {
				t.Fatalf("%s: %v", gm.name, err)
			}
			reqs := got()
			if len(reqs) != 1 {
				t.Fatalf("%s sent %d requests, want 1", gm.name, len(reqs))
			}
			r := reqs[0]
			if r.method+" "+r.path != gm.verb+" "+apiBasePath+wantPath {
				t.Errorf("%s sent %s %s, want %s %s (marker %s)", gm.name, r.method, r.path, gm.verb, apiBasePath+wantPath, gm.op)
			}
			if gm.hasBody() != (len(r.body) > 0) {
				t.Errorf("%s: body %q, want a body: %v", gm.name, r.body, gm.hasBody())
			}
		})
	}
}

// generatedMethod is a generated method: its service field, name,
// marker and HTTP method, and the method value of the client under test.
type generatedMethod struct {
	svc, method string // "Tags", "Get"
	name, op    string // "Tags.Get", "GET /tags/{tag_gid}"
	verb        string // "GET"
	typ         reflect.Type
	fn          reflect.Value
}

var pathParamRE = regexp.MustCompile(`\{[a-z_]+\}`)

// checkedOptions are options that pass the checks of the overrides'
// "check" (filters the spec requires only in prose), for the lists
// whose nil options are refused before sending.
var checkedOptions = map[reflect.Type]any{
	reflect.TypeFor[*TaskListOptions]():           &TaskListOptions{Project: "1"},
	reflect.TypeFor[*ProjectListOptions]():        &ProjectListOptions{Workspace: "1"},
	reflect.TypeFor[*TeamMembershipListOptions](): &TeamMembershipListOptions{Team: "1"},
}

// checkedRequests are requests that pass the overrides' checks of
// fields that exclude each other (at_most_one, exactly_one), which a
// request with every field set fails.
var checkedRequests = map[reflect.Type]any{
	reflect.TypeFor[*CustomFieldSettingRequest](): &CustomFieldSettingRequest{CustomField: "1"},
	reflect.TypeFor[*ProjectDuplicateRequest]():   &ProjectDuplicateRequest{Name: "1"},
	reflect.TypeFor[*SectionRequest]():            &SectionRequest{Name: "1"},
	reflect.TypeFor[*SectionAddTaskRequest]():     &SectionAddTaskRequest{Task: "1"},
	reflect.TypeFor[*SectionInsertRequest]():      &SectionInsertRequest{Section: "1", BeforeSection: "2"},
	reflect.TypeFor[*StoryCreateRequest]():        &StoryCreateRequest{Text: "1"},
	reflect.TypeFor[*StoryUpdateRequest]():        &StoryUpdateRequest{Text: Ptr("1")},
}

// arguments builds the call's arguments: ctx, a distinct gid per string
// argument, a request with its required fields set, nil options. It
// returns them with the path the call must send.
func (gm generatedMethod) arguments(ctx context.Context) ([]reflect.Value, string) {
	ft := gm.fn.Type()
	args := []reflect.Value{reflect.ValueOf(ctx)}
	var gids []string
	for i := 1; i < ft.NumIn(); i++ {
		in := ft.In(i)
		switch {
		case in.Kind() == reflect.String:
			g := fmt.Sprint(1000 + i)
			gids = append(gids, g)
			args = append(args, reflect.ValueOf(g))
		case in == reflect.TypeFor[[]string]():
			// A list a body is built from (Tasks.AddFollowers).
			args = append(args, reflect.ValueOf([]string{fmt.Sprint(1000 + i)}))
		case checkedRequests[in] != nil:
			args = append(args, reflect.ValueOf(checkedRequests[in]))
		case in.Kind() == reflect.Pointer && strings.HasSuffix(in.Elem().Name(), "Request"):
			args = append(args, filledRequest(in.Elem()))
		case checkedOptions[in] != nil:
			args = append(args, reflect.ValueOf(checkedOptions[in]))
		default:
			args = append(args, reflect.Zero(in))
		}
	}
	_, path, _ := strings.Cut(gm.op, " ")
	n := 0
	path = pathParamRE.ReplaceAllStringFunc(path, func(string) string {
		n++
		return gids[n-1]
	})
	return args, path
}

// filledRequest returns a *T whose fields all hold a value, so that the
// method's checks of required fields pass.
func filledRequest(t reflect.Type) reflect.Value {
	v := reflect.New(t)
	for i := range t.NumField() {
		f := t.Field(i)
		fv := v.Elem().Field(i)
		switch {
		case f.Type == reflect.TypeFor[json.RawMessage]():
			fv.SetBytes([]byte(`"1"`))
		case f.Type == reflect.TypeFor[Date]():
			fv.Set(reflect.ValueOf(Date{2024, 1, 2}))
		case f.Type == reflect.TypeFor[time.Time]():
			fv.Set(reflect.ValueOf(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)))
		case f.Type.Kind() == reflect.String:
			fv.SetString("1")
		case f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.String:
			fv.Set(reflect.MakeSlice(f.Type, 1, 1))
			fv.Index(0).SetString("1")
		case f.Type.Kind() == reflect.Slice:
			fv.Set(reflect.MakeSlice(f.Type, 1, 1))
		case f.Type.Kind() == reflect.Map:
			fv.Set(reflect.MakeMap(f.Type))
			fv.SetMapIndex(reflect.ValueOf("1"), reflect.ValueOf(any(1)).Convert(f.Type.Elem()))
		case f.Type.Kind() == reflect.Pointer:
			fv.Set(reflect.New(f.Type.Elem()))
		}
	}
	return v
}

func (gm generatedMethod) returnsList() bool {
	out := gm.typ.Out(0)
	return out.Kind() == reflect.Slice ||
		(out.Kind() == reflect.Pointer && strings.HasPrefix(out.Elem().Name(), "List["))
}

// hasBody reports whether the method sends a body: it takes a request, or
// it is a write with more strings and lists of strings than its path has
// arguments (a body
// built from arguments, Tasks.AddTag's tag).
func (gm generatedMethod) hasBody() bool {
	ft := gm.typ
	values := 0
	for i := 1; i < ft.NumIn(); i++ {
		in := ft.In(i)
		if in.Kind() == reflect.Pointer && strings.HasSuffix(in.Elem().Name(), "Request") {
			return true
		}
		if in.Kind() == reflect.String || in == reflect.TypeFor[[]string]() {
			values++
		}
	}
	return gm.verb != "GET" && values > len(pathParamRE.FindAllString(gm.op, -1))
}

// callError returns the call's error: its last result, or the first
// error an iterator yields (after draining it).
func callError(out []reflect.Value) error {
	if l := out[0]; l.Kind() == reflect.Pointer && strings.HasPrefix(l.Type().Elem().Name(), "List[") {
		out = l.MethodByName("All").Call(nil)
	}
	if seq := out[0]; seq.Kind() == reflect.Func {
		var err error
		seq.Call([]reflect.Value{reflect.MakeFunc(seq.Type().In(0), func(args []reflect.Value) []reflect.Value {
			if e, _ := args[1].Interface().(error); e != nil {
				err = e
			}
			return []reflect.Value{reflect.ValueOf(true)}
		})})
		return err
	}
	err, _ := out[len(out)-1].Interface().(error)
	return err
}

type sentRequest struct {
	method, path string
	body         []byte
}

// recordingClient answers every request with an empty list or object and
// records it.
func recordingClient(t *testing.T, list bool) (*Client, func() []sentRequest) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	var mu sync.Mutex
	var sent []sentRequest
	mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		var body []byte
		if req.Body != nil {
			body, _ = io.ReadAll(req.Body)
		}
		mu.Lock()
		sent = append(sent, sentRequest{req.Method, req.URL.EscapedPath(), body})
		mu.Unlock()
		answer := `{"data":{}}`
		if list {
			answer = `{"data":[]}`
		}
		resp := httpmock.NewStringResponse(http.StatusOK, answer)
		resp.Header.Set("Content-Type", "application/json")
		return resp, nil
	})
	c, err := NewClient(testToken, WithTransport(mt), WithBaseURL(testBaseURL), WithRateLimit(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	return c, func() []sentRequest {
		mu.Lock()
		defer mu.Unlock()
		return append([]sentRequest(nil), sent...)
	}
}

// generatedMethods lists the methods of the zz_*.go files.
func generatedMethods(t *testing.T) []generatedMethod {
	t.Helper()
	files, err := filepath.Glob("zz_*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var out []generatedMethod
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || fd.Doc == nil {
				continue
			}
			recv := receiverName(fd.Recv.List[0].Type)
			if !strings.HasSuffix(recv, "Service") {
				continue
			}
			m := markerRE.FindStringSubmatch(fd.Doc.List[len(fd.Doc.List)-1].Text)
			if m == nil {
				t.Errorf("%s.%s has no marker", recv, fd.Name.Name)
				continue
			}
			svc := strings.TrimSuffix(recv, "Service")
			mv := reflect.ValueOf(&Client{}).Elem().FieldByName(svc)
			if !mv.IsValid() {
				t.Errorf("Client has no service %s", svc)
				continue
			}
			mt, ok := mv.Type().MethodByName(fd.Name.Name)
			if !ok {
				t.Errorf("%s has no method %s", svc, fd.Name.Name)
				continue
			}
			// The method value's type drops the receiver.
			in := make([]reflect.Type, 0, mt.Type.NumIn()-1)
			for i := 1; i < mt.Type.NumIn(); i++ {
				in = append(in, mt.Type.In(i))
			}
			outs := make([]reflect.Type, mt.Type.NumOut())
			for i := range outs {
				outs[i] = mt.Type.Out(i)
			}
			out = append(out, generatedMethod{svc: svc, method: fd.Name.Name, name: svc + "." + fd.Name.Name,
				op: m[1] + " " + m[2], verb: m[1], typ: reflect.FuncOf(in, outs, false)})
		}
	}
	return out
}
