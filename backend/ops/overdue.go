package ops

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"wenming/office"

	"github.com/prometheus/client_golang/prometheus"
	"go.temporal.io/sdk/client"
)

// overdue reports, at each scrape, how many running workflows of each type wait for people
// past their time, as the server's visibility has them, so that an alert fires while any does.
// A count the server did not give is reported as unknown rather than left out: an alert on
// the count alone would fall silent exactly when the server cannot say.
type overdue struct {
	c         client.Client
	namespace string
	waits     *prometheus.Desc
	unknown   *prometheus.Desc
}

// OverdueWaits is the collector of overdue waits by workflow type.
func OverdueWaits(c client.Client, namespace string) prometheus.Collector {
	return &overdue{c: c, namespace: namespace,
		waits: prometheus.NewDesc("wenming_overdue_waits",
			"Running workflows waiting for people past the time the plan gives them (WenmingOverdueSince set), by workflow type.",
			[]string{"workflow_type"}, nil),
		unknown: prometheus.NewDesc("wenming_overdue_waits_unknown",
			"1 when the server did not count the overdue waits of the type at this scrape (wenming_overdue_waits is then absent for it), else 0.",
			[]string{"workflow_type"}, nil)}
}

func (o *overdue) Describe(ch chan<- *prometheus.Desc) { ch <- o.waits; ch <- o.unknown }

// overdueBudget bounds the counts, asked side by side: a server that does not answer in time
// leaves the types it did not count unknown rather than stalling the scrape (Prometheus gives
// a scrape 10 s by default, and /metrics serves more than these).
const overdueBudget = 2 * time.Second

// Collect counts the types side by side; a type the server did not count is unknown (the
// worker's log says why).
func (o *overdue) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), overdueBudget)
	defer cancel()
	counts := make([]int64, len(office.OverdueTypes))
	errs := make([]error, len(office.OverdueTypes))
	var wg sync.WaitGroup
	for i, typ := range office.OverdueTypes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			counts[i], errs[i] = office.CountOverdue(ctx, o.c, o.namespace, typ)
		}()
	}
	wg.Wait()
	for i, typ := range office.OverdueTypes {
		unknown := 0.0
		if errs[i] != nil {
			slog.Warn("metrics: overdue waits not counted", "workflow_type", typ, "error", errs[i])
			unknown = 1
		} else {
			ch <- prometheus.MustNewConstMetric(o.waits, prometheus.GaugeValue, float64(counts[i]), typ)
		}
		ch <- prometheus.MustNewConstMetric(o.unknown, prometheus.GaugeValue, unknown, typ)
	}
}
