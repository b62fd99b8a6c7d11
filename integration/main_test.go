// Package integration runs the product end to end on an in-process Temporal server and a
// real PostgreSQL: workflows, activities, the CLI's client code and the SQL together.
package integration

import (
	"os"
	"testing"

	"wenming/testenv/stacktest"
)

// The tests read what the product prints in its default language, whatever the machine's
// locale says.
func TestMain(m *testing.M) {
	os.Setenv("WENMING_LANG", "zh")
	stacktest.Main(m)
}
