package asana

import "iter"

// Collect drains an iterator of the client (a List method, List, SearchAll)
// into a slice. It stops at the first error and returns it with the items
// read before it, so that a caller can keep what arrived. For large lists
// prefer ranging over the iterator, which holds one page at a time.
func Collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}
