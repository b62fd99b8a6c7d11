// Package verbs drives each kind of campaign and round through the CLI's verbs on the in-process Temporal server and a real PostgreSQL, and checks the rows and reports they leave.
package verbs

import (
	"testing"

	"wenming/integration/e2e"
)

func TestMain(m *testing.M) { e2e.Main(m) }
