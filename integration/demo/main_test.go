// Package demo runs `go tool task demo` end to end on the embedded stack and again under faults (workers replaced, every activity run twice): PostgreSQL must hold the same rows both times.
package demo

import (
	"testing"

	"wenming/integration/e2e"
)

func TestMain(m *testing.M) { e2e.Main(m) }
