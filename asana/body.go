package asana

import (
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"sync"
)

// DefaultMaxResponseBytes bounds the body of a successful answer unless
// WithMaxResponseBytes says otherwise. A page of 100 tasks with every field
// is well under 1 MiB; the bound is there for hostile or broken servers.
const DefaultMaxResponseBytes = 32 << 20

// maxErrorBody bounds how much of an error response is read.
const maxErrorBody = 1 << 20

// maxPooledBuffer is the largest read buffer kept for reuse.
const maxPooledBuffer = 4 << 20

// growthJump is the buffer size from which readBody stops doubling and
// jumps to the limit: doubling a buffer up to a 256 MiB limit allocated a
// GiB (every step plus the copy), while one jump costs the limit plus the
// last small buffer.
const growthJump = 4 << 20

var bodyPool = sync.Pool{New: func() any { return new([]byte) }}

// errBodyTooLarge reports a body longer than readBody's limit.
var errBodyTooLarge = errors.New("body over the limit")

// readBody reads r whole into buf's memory, reallocating as needed, and
// fails with errBodyTooLarge (returning what it read) once the body is
// longer than limit. hint is the declared length, -1 if unknown: a body
// declared longer than limit is refused unread, and a shorter declaration
// sizes the buffer but is not trusted beyond that.
func readBody(r io.Reader, buf []byte, limit, hint int64) ([]byte, error) {
	if hint > limit {
		return buf[:0], errBodyTooLarge
	}
	want := int64(64 << 10)
	if hint >= 0 {
		want = min(hint+1, limit) // +1: room for the read that sees EOF
	}
	if int64(cap(buf)) < want {
		buf = make([]byte, 0, want)
	}
	buf = buf[:0]
	for {
		if len(buf) == cap(buf) {
			if int64(len(buf)) >= limit {
				var probe [1]byte
				switch _, err := io.ReadFull(r, probe[:]); err {
				case nil:
					return buf, errBodyTooLarge
				case io.EOF:
					return buf, nil
				default:
					return buf, err
				}
			}
			next := max(2*int64(cap(buf)), 64<<10)
			if cap(buf) >= growthJump || next > limit {
				next = limit
			}
			grown := make([]byte, len(buf), next)
			copy(grown, buf)
			buf = grown
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// decodeEnvelope decodes an Asana envelope from body, its "data" member
// into out (a non-nil pointer, or nil to discard it), and reports whether
// "data" was there and not null: {} and {"data":null} are not answers, but
// {"data":{}} (what deletes return) is.
//
// Lists take the fast path: a nil slice stays nil unless "data" was
// present, since json decodes [] into an empty non-nil slice; maps alike.
// Other types are decoded into a fresh value through a nil pointer, which
// json allocates only if "data" is there, and then stored into out.
// minItemBytes is the fewest bytes of body a page's slice reserves an
// item for: a full page of default-field objects is far above it, a page
// of a few objects far below.
const minItemBytes = 256

func decodeEnvelope(body []byte, out any, sizeHint int) (envelope, bool, error) {
	if out == nil {
		out = new(json.RawMessage)
	}
	v := reflect.ValueOf(out).Elem()
	if v.Kind() == reflect.Slice && sizeHint > 0 {
		// A page: size its slice before decoding, so that it never grows,
		// to at most sizeHint items (the page's limit) and at most one per
		// minItemBytes of body, so that a short page (three stories) does
		// not allocate a hundred empty items.
		if n := min(sizeHint, len(body)/minItemBytes); n > v.Cap() {
			v.Set(reflect.MakeSlice(v.Type(), 0, n))
		}
	}
	if v.Kind() == reflect.Slice && v.Cap() > 0 {
		// Decode into the capacity. Items can only come from "data"; an
		// empty answer is decoded again below to tell "data": [] from a
		// missing or null member.
		v.SetLen(0)
		env := envelope{Data: out}
		if err := json.Unmarshal(body, &env); err != nil {
			return env, false, err
		}
		if v.Len() > 0 {
			return env, true, nil
		}
	}
	switch v.Kind() {
	case reflect.Slice, reflect.Map:
		v.SetZero()
		env := envelope{Data: out}
		if err := json.Unmarshal(body, &env); err != nil {
			return env, false, err
		}
		return env, env.Data != nil && !v.IsNil(), nil
	default:
		fresh := reflect.New(reflect.PointerTo(v.Type())) // a **T holding nil
		env := envelope{Data: fresh.Interface()}
		if err := json.Unmarshal(body, &env); err != nil {
			return env, false, err
		}
		if env.Data == nil || fresh.Elem().IsNil() {
			return env, false, nil
		}
		v.Set(fresh.Elem().Elem())
		return env, true, nil
	}
}

// checkOut accepts what Do can decode into: nil or a non-nil pointer.
func checkOut(out any) error {
	if out == nil {
		return nil
	}
	if v := reflect.ValueOf(out); v.Kind() != reflect.Pointer || v.IsNil() {
		return errors.New("out must be nil or a non-nil pointer")
	}
	return nil
}
