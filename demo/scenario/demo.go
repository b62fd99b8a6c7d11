package scenario

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"go.temporal.io/sdk/interceptor"

	"wenming/backend"
	"wenming/connect"
	"wenming/devstack/postgres"
	"wenming/msg"
	"wenming/office"
)

// DemoOptions set up the demo.
type DemoOptions struct {
	DataDir      string // wiped at start: the embedded stack's state, generated sheets, exports
	DatabaseURL  string // empty: a private cluster under DataDir
	TemporalPort int    // 0: a free port
	UIPort       int    // 0: a free port
	Out          io.Writer
	Root         string // the repository
	// Tests of faults: interceptors on the worker, and a hook called once the stack is up,
	// before the scenario starts.
	Interceptors []interceptor.WorkerInterceptor
	Started      func(*backend.Service)
	Part         func(name string)                                                   // called as each part of the scenario begins: setup, campaign, rounds, reports
	Step         func(title string)                                                  // called as each step of a part begins (Driver.OnStep)
	Stretch      int                                                                 // multiplies the example campaign's and schedules' durations (0, 1: as written)
	CLI          func(ctx context.Context, argv []string, out, errOut io.Writer) int // each act through its CLI verb too, after the office (see Driver.CLI)
	CLIFirst     bool                                                                // with CLI: each act through its verb first, then the office (see Driver.CLIFirst)
}

// Demo is a finished demo whose stack still runs, so the Web UI can be looked at.
type Demo struct {
	UI      string
	Driver  *Driver // what it ran
	Exports []string
	Service *backend.Service
	stop    sync.Once
}

// Stop stops the embedded stack; again, it does nothing.
func (d *Demo) Stop() { d.stop.Do(d.Service.Stop) }

// RunDemo is `go tool task demo`: the embedded stack and a worker, the rosters, standards,
// the example campaign, one round of each evaluation, the reports printed and exported.
func RunDemo(ctx context.Context, o DemoOptions) (*Demo, error) {
	// The demo starts from nothing: its folder, and its PostgreSQL cluster wherever its files
	// were placed (outside the folder when the postgres user cannot enter it).
	if err := postgres.Remove(postgres.DirIn(o.DataDir)); err != nil {
		return nil, fmt.Errorf("clear %s: %w", o.DataDir, err)
	}
	if err := os.RemoveAll(o.DataDir); err != nil {
		return nil, fmt.Errorf("clear %s: %w", o.DataDir, err)
	}
	sheets, exports := filepath.Join(o.DataDir, "sheets"), filepath.Join(o.DataDir, "reports")
	for _, dir := range []string{sheets, exports} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
	}
	p := msg.For(msg.Chinese)
	if lang, err := msg.Detect(""); err == nil {
		p = msg.For(lang)
	}
	fmt.Fprintln(o.Out, p.T("demo.starting"))
	cfg := connect.Config{Namespace: "default", DataDir: o.DataDir, DatabaseURL: o.DatabaseURL, TaskQueue: connect.DefaultTaskQueue}
	svc, err := backend.Start(ctx, cfg, backend.Options{TemporalPort: o.TemporalPort, UIPort: o.UIPort, Interceptors: o.Interceptors})
	if err != nil {
		return nil, err
	}
	if o.Started != nil {
		o.Started(svc)
	}
	demo := &Demo{UI: svc.Stack.Temporal.UIAddress, Service: svc}
	fmt.Fprintf(o.Out, "Temporal %s · Web UI %s · PostgreSQL %s\n", svc.Config.Address, demo.UI, connect.Redact(svc.Config.DatabaseURL))
	if dir := svc.Stack.PostgresFiles(o.DataDir); dir != "" {
		fmt.Fprintln(o.Out, p.Render(msg.Say("demo.postgres_files", "Dir", dir, "DataDir", o.DataDir)))
	}
	acts := office.New(office.Opened{Client: svc.Client, DB: svc.DB}, "demo")
	acts.TaskQueue = svc.Config.TaskQueue
	d := &Driver{Ctx: ctx, Office: acts, CLI: o.CLI, CLIFirst: o.CLIFirst, Out: o.Out, Client: svc.Client, Root: o.Root, Dir: sheets, Stretch: o.Stretch, OnStep: o.Step, P: p,
		Flags: []string{"--address", svc.Config.Address, "--database-url", svc.Config.DatabaseURL, "--task-queue", svc.Config.TaskQueue, "--by", "demo"}}
	demo.Driver = d
	reports := func() (err error) {
		demo.Exports, err = d.Reports(exports)
		return err
	}
	for _, part := range []struct {
		name string
		run  func() error
	}{{"setup", d.Setup}, {"rating-start", d.StartRating}, {"campaign", d.RunCampaign}, {"people", d.RunModelIndividuals}, {"rating", d.RunRating}, {"titles", d.RunTitles}, {"rounds", d.RunRounds}, {"yearend", d.RunYearEnd}, {"reports", reports}} {
		if o.Part != nil {
			o.Part(part.name)
		}
		if err := part.run(); err != nil {
			svc.Stop()
			return nil, err
		}
	}
	return demo, nil
}

// Reports prints the results and exports the office's documents, returning their paths.
func (d *Driver) Reports(dir string) ([]string, error) {
	pioneer, redflag := d.Rounds()
	month := d.Month()
	d.Step("step.results")
	if err := d.Show(
		printReport(office.ReportQuery{Name: office.RankingReport, Of: CampaignID}),
		printReport(office.ReportQuery{Name: office.RoundReport, Of: pioneer}),
		printReport(office.ReportQuery{Name: office.RoundReport, Of: redflag}),
		printReport(office.ReportQuery{Name: office.HonorsReport}),
		verifyAudit(),
	); err != nil {
		return nil, err
	}
	d.Step("step.exports")
	var paths []string
	for _, e := range []struct {
		file string
		q    office.ReportQuery
	}{
		{"campaign-ranking.xlsx", office.ReportQuery{Name: office.RankingReport, Of: CampaignID}},
		{"campaign-ranking.html", office.ReportQuery{Name: office.RankingReport, Of: CampaignID}},
		{"notice.html", office.ReportQuery{Name: office.NoticeReport, Of: CampaignID}},
		{"naming.html", office.ReportQuery{Name: office.NamingReport, Of: CampaignID}},
		{"tasks.xlsx", office.ReportQuery{Name: office.TasksReport, Of: CampaignID}},
		{"rectification.xlsx", office.ReportQuery{Name: office.RectificationReport, Of: CampaignID}},
		{"briefing.html", office.ReportQuery{Name: office.BriefingReport, Of: CampaignID, Month: month}},
		{"pioneer.xlsx", office.ReportQuery{Name: office.RoundReport, Of: pioneer}},
		{"redflag.html", office.ReportQuery{Name: office.RoundReport, Of: redflag}},
		{"honors.xlsx", office.ReportQuery{Name: office.HonorsReport}},
		{"titles.xlsx", office.ReportQuery{Name: office.TitlesReport}},
		{"model-individuals.html", office.ReportQuery{Name: office.NamingReport, Of: PeopleCampaignID}},
		{"rating-r2.html", office.ReportQuery{Name: office.RatingReport, Of: RatingCampaignID, Round: "r2"}},
	} {
		path := filepath.Join(dir, e.file)
		if err := d.Show(exportReport(e.q, path)); err != nil {
			return nil, err
		}
		paths = append(paths, path)
	}
	return paths, nil
}

func shanghai() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.UTC
	}
	return loc
}
