package ops

import (
	"context"
	"log/slog"
	"time"

	"wenming/office"

	"github.com/prometheus/client_golang/prometheus"
	"go.temporal.io/sdk/client"
)

// overdue reports, at each scrape, how many running workflows of each type wait for people
// past their time, as the server's visibility has them, so that an alert fires while any does.
type overdue struct {
	c         client.Client
	namespace string
	waits     *prometheus.Desc
}

// OverdueWaits is the collector of overdue waits by workflow type.
func OverdueWaits(c client.Client, namespace string) prometheus.Collector {
	return &overdue{c: c, namespace: namespace, waits: prometheus.NewDesc("wenming_overdue_waits",
		"Running workflows waiting for people past the time the plan gives them (WenmingOverdueSince set), by workflow type.",
		[]string{"workflow_type"}, nil)}
}

func (o *overdue) Describe(ch chan<- *prometheus.Desc) { ch <- o.waits }

// Collect counts each type; a server that does not answer within the scrape's budget leaves
// the type out rather than stalling the scrape (the worker's log says why).
func (o *overdue) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	for _, typ := range office.OverdueTypes {
		n, err := office.CountOverdue(ctx, o.c, o.namespace, typ)
		if err != nil {
			slog.Warn("metrics: overdue waits not counted", "workflow_type", typ, "error", err)
			continue
		}
		ch <- prometheus.MustNewConstMetric(o.waits, prometheus.GaugeValue, float64(n), typ)
	}
}
