package asana

import (
	"testing"
	"time"
)

type fixedClock struct{ t time.Time }

func (f fixedClock) Now() time.Time                     { return f.t }
func (fixedClock) After(time.Duration) <-chan time.Time { return nil }

func TestClientClock(t *testing.T) {
	start := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		opts []Option
		want func(Clock) bool
	}{
		{"WithClock", []Option{WithClock(fixedClock{start})}, func(c Clock) bool { return c.Now().Equal(start) }},
		{"default is the wall clock", nil, func(c Clock) bool { _, ok := c.(realClock); return ok }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := NewClient("token", tt.opts...)
			if err != nil {
				t.Fatal(err)
			}
			if !tt.want(c.Clock()) {
				t.Errorf("Clock() = %#v", c.Clock())
			}
		})
	}
}
