package ops

import (
	"context"
	"log/slog"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/prometheus/client_golang/prometheus"

	"wenming/rules/campaign"
	"wenming/store"
)

// phases reports, at each scrape, how many campaigns and rounds are in each phase, read from
// PostgreSQL (the record of every phase), so that two workers report the same numbers.
type phases struct {
	db        *sqlx.DB
	campaigns *prometheus.Desc
	rounds    *prometheus.Desc
}

// Phases is the collector of campaigns and rounds by phase.
func Phases(db *sqlx.DB) prometheus.Collector {
	return &phases{
		db: db,
		campaigns: prometheus.NewDesc("wenming_campaigns", "Campaigns by phase, as PostgreSQL records them.",
			[]string{"phase"}, nil),
		rounds: prometheus.NewDesc("wenming_rounds", "Evaluation rounds by kind and phase, as PostgreSQL records them.",
			[]string{"kind", "phase"}, nil),
	}
}

func (p *phases) Describe(ch chan<- *prometheus.Desc) {
	ch <- p.campaigns
	ch <- p.rounds
}

// Collect reads the counts; a database that does not answer within the scrape's budget
// leaves the series out (readyz says why) rather than stalling the scrape.
func (p *phases) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	rows, err := store.CountByPhase(ctx, p.db)
	if err != nil {
		slog.Warn("metrics: campaigns and rounds by phase not read", "error", err)
		return
	}
	// Every phase of a campaign is reported, none as 0, so that a dashboard shows the phases
	// before the first campaign reaches them.
	campaigns := map[string]int{}
	for phase := range campaign.PhaseNames {
		campaigns[string(phase)] = 0
	}
	for _, r := range rows {
		if r.What == "campaign" {
			campaigns[r.Phase] = r.N
		} else {
			ch <- prometheus.MustNewConstMetric(p.rounds, prometheus.GaugeValue, float64(r.N), r.Kind, r.Phase)
		}
	}
	for phase, n := range campaigns {
		ch <- prometheus.MustNewConstMetric(p.campaigns, prometheus.GaugeValue, float64(n), phase)
	}
}
