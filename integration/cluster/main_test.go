// Package cluster runs the product as an office deploys it: the cluster mode with worker processes, the upgrade gate, worker versioning, mutual TLS and the payload codec with its server and the Web UI.
package cluster

import (
	"testing"

	"wenming/integration/e2e"
)

func TestMain(m *testing.M) { e2e.Main(m) }
