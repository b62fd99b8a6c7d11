// Package integration runs the product end to end on an in-process Temporal server and a
// real PostgreSQL: workflows, activities, the CLI's client code and the SQL together.
package integration

import (
	"testing"

	"wenming/testenv/stacktest"
)

func TestMain(m *testing.M) { stacktest.Main(m) }
