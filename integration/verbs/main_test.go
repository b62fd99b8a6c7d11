// Package verbs drives each kind of campaign and round through the CLI's verbs on the in-process Temporal server and a real PostgreSQL, and checks the rows and reports they leave. Each act goes through the office first; its verb must then be answered as the same act done again (the demo's test does it the other way round, and compares its rows with a run through the office alone).
package verbs

import (
	"testing"

	"wenming/integration/e2e"
)

func TestMain(m *testing.M) {
	e2e.Main(m)
}
