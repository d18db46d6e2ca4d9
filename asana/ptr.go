package asana

// Ptr returns a pointer to v. Update requests use pointer fields so that a
// zero value ("", false, 0) can be sent on purpose: Ptr(false).
func Ptr[T any](v T) *T { return &v }
