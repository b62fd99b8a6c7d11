// Package fanout bounds how many children one workflow holds: campaigns and rounds put their
// units and branches into groups of a few hundred, so that no history grows with the size of
// a city or a province.
package fanout

const (
	// DefaultGroupSize is the members of a group when a campaign or schedule sets none.
	DefaultGroupSize = 200
	// MaxGroupSize bounds the children of one group, and so of any workflow of the product.
	MaxGroupSize = 500
)

// GroupSize is n, or the default when n is 0 (not set).
func GroupSize(n int) int {
	if n == 0 {
		return DefaultGroupSize
	}
	return n
}
