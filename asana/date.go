package asana

import (
	"fmt"
	"net/url"
	"time"
)

// Date is a calendar date without a time zone, as Asana sends in fields such
// as due_on and start_on ("YYYY-MM-DD"). The zero Date encodes as JSON null.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// NewDate returns the date of t in t's location.
func NewDate(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// ParseDate parses a date in the form YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("asana: invalid date %q: want YYYY-MM-DD", s)
	}
	return NewDate(t), nil
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// String returns d as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Time returns midnight of d in loc.
func (d Date) Time(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// MarshalJSON encodes d as "YYYY-MM-DD", or null for the zero Date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + d.String() + `"`), nil
}

// UnmarshalJSON decodes "YYYY-MM-DD" or null. It reads the bytes in place,
// without allocating: a list page decodes one or two dates per task.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" { // the conversion does not allocate
		*d = Date{}
		return nil
	}
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return fmt.Errorf("asana: invalid date %s: want a string YYYY-MM-DD", b)
	}
	v, ok := parseDateBytes(b[1 : len(b)-1])
	if !ok {
		return fmt.Errorf("asana: invalid date %q: want YYYY-MM-DD", b[1:len(b)-1])
	}
	*d = v
	return nil
}

// parseDateBytes parses exactly YYYY-MM-DD, a real day of the calendar, as
// time.Parse(time.DateOnly) does.
func parseDateBytes(s []byte) (Date, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, false
	}
	num := func(b []byte) (int, bool) {
		n := 0
		for _, c := range b {
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	y, ok1 := num(s[:4])
	m, ok2 := num(s[5:7])
	day, ok3 := num(s[8:])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || day < 1 || day > daysIn(time.Month(m), y) {
		return Date{}, false
	}
	return Date{Year: y, Month: time.Month(m), Day: day}, true
}

// daysIn is the number of days of month m in year y.
func daysIn(m time.Month, y int) int {
	if m == time.February {
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	}
	return 31 - int((m-1)%7%2)
}

// EncodeValues lets go-querystring encode a Date as YYYY-MM-DD.
func (d Date) EncodeValues(key string, v *url.Values) error {
	if !d.IsZero() {
		v.Set(key, d.String())
	}
	return nil
}
