package devstack

import (
	"net"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The server's ports are all different (picked one at a time, two services could be handed
// the same port, and the server would fail to listen on the second); a port given and in use
// is refused by its flag; without a Web UI none is picked for it.
func TestTheServersPortsAreAllDifferent(t *testing.T) {
	for range 20 {
		p, err := pickPorts(TemporalOptions{})
		require.NoError(t, err)
		ports := []int{p.frontend, p.http, p.history, p.matching, p.worker, p.ui}
		seen := map[int]bool{}
		for _, port := range ports {
			assert.Positive(t, port)
			assert.False(t, seen[port], "port %d picked twice in %v", port, ports)
			seen[port] = true
		}
	}
	p, err := pickPorts(TemporalOptions{UIPort: -1})
	require.NoError(t, err)
	assert.Zero(t, p.ui, "no Web UI, no port for it")

	busy, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer busy.Close()
	_, err = pickPorts(TemporalOptions{Port: busy.Addr().(*net.TCPAddr).Port})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "--temporal-port")
}
