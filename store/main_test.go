package store

import (
	"testing"

	"wenming/testenv/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }
