package ops

import (
	"net"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"

	"wenming/office"
)

// While the server cannot count the overdue waits, every type is reported unknown (1) and its
// count is left out, so that an alert on wenming_overdue_waits_unknown fires where one on the
// count alone would fall silent.
func TestOverdueWaitsTheServerCannotCountAreUnknown(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close()) // nothing answers there now
	c, err := client.NewLazyClient(client.Options{HostPort: addr})
	require.NoError(t, err)
	defer c.Close()
	reg := prometheus.NewRegistry()
	require.NoError(t, reg.Register(OverdueWaits(c, "default")))

	families, err := reg.Gather()
	require.NoError(t, err)
	unknown := map[string]float64{}
	for _, f := range families {
		assert.NotEqual(t, "wenming_overdue_waits", f.GetName(), "no count where the server gave none")
		if f.GetName() != "wenming_overdue_waits_unknown" {
			continue
		}
		for _, m := range f.GetMetric() {
			unknown[m.GetLabel()[0].GetValue()] = m.GetGauge().GetValue()
		}
	}
	require.Len(t, unknown, len(office.OverdueTypes))
	for _, typ := range office.OverdueTypes {
		assert.Equal(t, 1.0, unknown[typ], typ)
	}
}
