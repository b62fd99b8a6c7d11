package office

import (
	"context"
	"fmt"
	"time"

	"wenming/report"
	"wenming/rules/campaign"
	"wenming/store"
	"wenming/workflows"
)

// What a person reads: the register, a branch's part of a round and the office's documents.
// The CLI prints them, the demo shows them and the portal will render them.

// Titles lists the register of titles that f selects.
func (o *Office) Titles(ctx context.Context, f store.TitleFilter) ([]store.ListedTitle, error) {
	db, err := o.database(ctx)
	if err != nil {
		return nil, err
	}
	return store.ListTitles(ctx, db, f)
}

// TitleRecord is a title of the register and every decision about it, in order.
func (o *Office) TitleRecord(ctx context.Context, id int64) (store.Title, []store.TitleEvent, error) {
	db, err := o.database(ctx)
	if err != nil {
		return store.Title{}, nil, err
	}
	t, err := store.LoadTitle(ctx, db, id)
	if err != nil {
		return store.Title{}, nil, err
	}
	events, err := store.TitleHistory(ctx, db, id)
	return t, events, err
}

// AuditChain walks the audit log along its hash chain: a line edited or deleted after it was
// written breaks it where it was; a head noted earlier (nil: none) must still be on it.
func (o *Office) AuditChain(ctx context.Context, noted *store.AuditHead) (store.AuditCheck, error) {
	db, err := o.database(ctx)
	if err != nil {
		return store.AuditCheck{}, err
	}
	return store.CheckAuditChain(ctx, db, noted)
}

// BranchStatus reads a branch's part of a round. A pioneer round's branch has no workflow
// until its group starts it: with its accepted sheet (just after the receipt, so it is asked
// again until wait has passed) or when the voting closes. Until then it awaits its sheet:
// awaiting is true and st names only the round and the branch.
func (o *Office) BranchStatus(ctx context.Context, round, branch string, wait time.Duration) (st workflows.BranchStatus, awaiting bool, err error) {
	deadline := time.Now().Add(wait)
	for {
		err := o.Status(ctx, workflows.BranchWorkflowID(round, branch), max(time.Until(deadline), time.Second), &st)
		if err == nil {
			return st, false, nil
		}
		switch o.branchStart(ctx, round, branch) {
		case awaitsSheet:
			return workflows.BranchStatus{RoundID: round, BranchID: branch}, true, nil
		case startsWithSheet:
			if time.Now().Before(deadline) {
				select {
				case <-ctx.Done():
				case <-time.After(time.Second):
					continue
				}
			}
		}
		return st, false, err
	}
}

// branchStart is where a pioneer round's branch without a workflow stands.
type branchStart int

const (
	startedOrUnknown branchStart = iota
	awaitsSheet                  // it takes part, the round is open, no sheet accepted yet
	startsWithSheet              // its sheet is accepted: its group is starting its workflow
)

func (o *Office) branchStart(ctx context.Context, round, branch string) branchStart {
	db, err := o.database(ctx)
	if err != nil {
		return startedOrUnknown
	}
	s, err := store.BranchSheet(ctx, db, round, branch)
	switch {
	case err != nil || !s.Open:
		return startedOrUnknown
	case s.Sheet:
		return startsWithSheet
	default:
		return awaitsSheet
	}
}

// ReportName names one of the office's documents.
type ReportName string

const (
	RankingReport       ReportName = "campaign"      // a campaign's ranking
	NoticeReport        ReportName = "notice"        // the public-notice list (公示名单)
	NamingReport        ReportName = "naming"        // the naming list (命名名单)
	TasksReport         ReportName = "tasks"         // task progress by unit, overdue tasks
	RectificationReport ReportName = "rectification" // rectification notices
	BriefingReport      ReportName = "briefing"      // the monthly briefing (简报)
	RoundReport         ReportName = "round"         // a round's results
	HonorsReport        ReportName = "honors"        // rotating awards and yearly titles
	TitlesReport        ReportName = "titles"        // the register, terms ending, dynamic management
	RatingReport        ReportName = "rating"        // a rating round's 通报
)

// ReportQuery says which document and of what.
type ReportQuery struct {
	Name   ReportName
	Of     string         // the campaign (or the round, for RoundReport)
	Month  string         // BriefingReport: the month, YYYY-MM
	Round  string         // RatingReport: the round (r1, r2, ...)
	Year   int            // HonorsReport: only this year (0: every year)
	Zone   *time.Location // round, honors and titles: the time zone they are written in (nil: the office's)
	Within time.Duration  // TitlesReport: terms ending within this time (0: DefaultExpiring)
	Now    time.Time      // tasks, rectification and titles: as of this moment (zero: now)
}

// DefaultExpiring is how far ahead the register's report looks for terms ending, unless told.
const DefaultExpiring = 90 * 24 * time.Hour

// Report builds a document from PostgreSQL, with the time zone it is to be written in.
func (o *Office) Report(ctx context.Context, q ReportQuery) (*report.Report, *time.Location, error) {
	db, err := o.database(ctx)
	if err != nil {
		return nil, nil, err
	}
	if q.Zone == nil {
		if q.Zone, err = time.LoadLocation(campaign.DefaultTimezone); err != nil {
			return nil, nil, err
		}
	}
	if q.Now.IsZero() {
		q.Now = time.Now()
	}
	if q.Within == 0 {
		q.Within = DefaultExpiring
	}
	zoned := func(r *report.Report, err error) (*report.Report, *time.Location, error) { return r, q.Zone, err }
	switch q.Name {
	case RankingReport:
		return report.Ranking(ctx, db, q.Of)
	case NoticeReport:
		return report.NoticeList(ctx, db, q.Of)
	case NamingReport:
		return report.NamingList(ctx, db, q.Of)
	case TasksReport:
		return report.Tasks(ctx, db, q.Of, q.Now)
	case RectificationReport:
		return report.Rectifications(ctx, db, q.Of, q.Now)
	case BriefingReport:
		return report.Briefing(ctx, db, q.Of, q.Month)
	case RoundReport:
		return zoned(report.Round(ctx, db, q.Of, q.Zone))
	case HonorsReport:
		return zoned(report.Honors(ctx, db, q.Year))
	case TitlesReport:
		return zoned(report.Titles(ctx, db, q.Now.In(q.Zone), q.Within))
	case RatingReport:
		return report.Rating(ctx, db, q.Of, q.Round)
	}
	return nil, nil, fmt.Errorf("no report named %q", q.Name)
}
