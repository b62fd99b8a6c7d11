package ops

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"

	"wenming/workflows/searchattr"
)

// overdueTypes are the workflows that show a wait for people past its time in the
// WenmingOverdueSince search attribute: a campaign (a tie, the committee, the deciding body),
// a unit (its inspection), a public notice (its objections).
var overdueTypes = []string{"Campaign", "Unit", "PublicNotice"}

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
// the type out rather than stalling the scrape (readyz says why).
func (o *overdue) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	for _, typ := range overdueTypes {
		res, err := o.c.CountWorkflow(ctx, &workflowservice.CountWorkflowExecutionsRequest{Namespace: o.namespace,
			Query: "WorkflowType = '" + typ + "' AND ExecutionStatus = 'Running' AND " + searchattr.OverdueSince.GetName() + " IS NOT NULL"})
		if err != nil {
			slog.Warn("metrics: overdue waits not counted", "workflow_type", typ, "error", err)
			continue
		}
		ch <- prometheus.MustNewConstMetric(o.waits, prometheus.GaugeValue, float64(res.GetCount()), typ)
	}
}
