package cli

import (
	"context"
	"io"
	"time"

	"github.com/spf13/cobra"

	"wenming/office"
	"wenming/report"
	"wenming/rules/timeline"
	"wenming/terminal/progress"
)

// formats are the output flags every report takes.
type formats struct {
	csv      bool
	xlsx     bool
	html     bool
	out      string
	timezone string
}

func (f *formats) register(cmd *cobra.Command) {
	cmd.PersistentFlags().BoolVar(&f.csv, "csv", false, "write CSV (to standard output, or -o)")
	cmd.PersistentFlags().BoolVar(&f.xlsx, "xlsx", false, "write an Excel workbook, one sheet per table (-o, default <report>.xlsx)")
	cmd.PersistentFlags().BoolVar(&f.html, "html", false, "write a printable HTML page (-o, default <report>.html)")
	cmd.PersistentFlags().StringVarP(&f.out, "output", "o", "", "the file to write")
	cmd.PersistentFlags().StringVar(&f.timezone, "timezone", "Asia/Shanghai", "time zone of round and honor reports")
}

// location is the time zone the round, honor and title reports are written in.
func (f formats) location() (*time.Location, error) {
	loc, err := time.LoadLocation(f.timezone)
	if err != nil {
		return nil, usage("cli.report.timezone", "Zone", f.timezone)
	}
	return loc, nil
}

func (a *app) reportCmd() *cobra.Command {
	var f formats
	cmd := &cobra.Command{Use: "report", Short: "Print or export results and lists from PostgreSQL (terminal, --csv, --xlsx, --html)"}
	f.register(cmd)
	campaignReport := func(name office.ReportName, short, example string) *cobra.Command {
		return &cobra.Command{
			Use: string(name) + " CAMPAIGN", Short: short, Example: example, Args: args("CAMPAIGN"),
			RunE: func(c *cobra.Command, argv []string) error {
				return a.writeReport(c.Context(), f, office.ReportQuery{Name: name, Of: argv[0], Now: time.Now()})
			},
		}
	}
	cmd.AddCommand(
		campaignReport(office.RankingReport, "A campaign's ranking: self and actual scores, outcome and reason, with a chart",
			"  starter report campaign civilized-units-2027\n  starter report campaign civilized-units-2027 --xlsx -o ranking.xlsx"),
		campaignReport(office.NoticeReport, "The public-notice list (公示名单) with its period and where objections go, for posting",
			"  starter report notice civilized-units-2027 --html -o 公示.html"),
		campaignReport(office.NamingReport, "The naming list (命名名单), for posting",
			"  starter report naming civilized-units-2027 --html"),
		campaignReport(office.TasksReport, "Task progress by unit, with the overdue tasks (通报)",
			"  starter report tasks civilized-units-2027 --csv"),
		campaignReport(office.RectificationReport, "Rectification notices: open, closed, verified, overdue",
			"  starter report rectification civilized-units-2027"),
		a.briefingCmd(&f), a.roundReportCmd(&f), a.honorsReportCmd(&f), a.titlesReportCmd(&f), a.ratingReportCmd(&f),
	)
	return cmd
}

func (a *app) briefingCmd(f *formats) *cobra.Command {
	var month string
	cmd := &cobra.Command{
		Use:     "briefing CAMPAIGN --month YYYY-MM",
		Short:   "The monthly briefing (简报): what changed in the month, and the ranking's movement",
		Example: "  starter report briefing civilized-units-2027 --month 2027-06 --html",
		Args:    args("CAMPAIGN"),
		RunE: func(c *cobra.Command, argv []string) error {
			if month == "" {
				month = time.Now().Format("2006-01")
			}
			return a.writeReport(c.Context(), *f, office.ReportQuery{Name: office.BriefingReport, Of: argv[0], Month: month})
		},
	}
	cmd.Flags().StringVar(&month, "month", "", "the month, e.g. 2027-06 (default: this month)")
	return cmd
}

func (a *app) roundReportCmd(f *formats) *cobra.Command {
	return &cobra.Command{
		Use:     "round ROUND",
		Short:   "A round's results per branch and overall (scores are averages: never a ballot)",
		Example: "  starter report round pioneer/2026-Q4 --xlsx",
		Args:    args("ROUND"),
		RunE: func(c *cobra.Command, argv []string) error {
			return a.writeReport(c.Context(), *f, office.ReportQuery{Name: office.RoundReport, Of: argv[0]})
		},
	}
}

func (a *app) ratingReportCmd(f *formats) *cobra.Command {
	var round string
	cmd := &cobra.Command{
		Use:     "rating CAMPAIGN --round ROUND",
		Short:   "A rating round's 通报: every unit by rank, its score and grade, the change since the round before",
		Example: "  starter report rating courtyard-2027 --round r2 --html -o 通报.html",
		Args:    args("CAMPAIGN"),
		RunE: func(c *cobra.Command, argv []string) error {
			if round == "" {
				return usage("cli.give.rating_round")
			}
			return a.writeReport(c.Context(), *f, office.ReportQuery{Name: office.RatingReport, Of: argv[0], Round: round})
		},
	}
	cmd.Flags().StringVar(&round, "round", "", "the round (r1, r2, ...)")
	return cmd
}

func (a *app) honorsReportCmd(f *formats) *cobra.Command {
	var year int
	cmd := &cobra.Command{
		Use:     "honors",
		Short:   "Honors: rotating awards with their consecutive counts, and the yearly titles",
		Example: "  starter report honors --year 2026",
		Args:    args(),
		RunE: func(c *cobra.Command, _ []string) error {
			return a.writeReport(c.Context(), *f, office.ReportQuery{Name: office.HonorsReport, Year: year})
		},
	}
	cmd.Flags().IntVar(&year, "year", 0, "only this year")
	return cmd
}

func (a *app) titlesReportCmd(f *formats) *cobra.Command {
	var expiring string
	cmd := &cobra.Command{
		Use:     "titles",
		Short:   "The register of titles: titles held, terms ending (re-inspections due), and the record of dynamic management",
		Example: "  starter report titles --xlsx -o 称号名册.xlsx\n  starter report titles --expiring 180d --html",
		Args:    args(),
		RunE: func(c *cobra.Command, _ []string) error {
			within, err := timeline.ParseDuration(expiring)
			if err != nil || within <= 0 {
				return usage("cli.title.expiring")
			}
			return a.writeReport(c.Context(), *f, office.ReportQuery{Name: office.TitlesReport, Within: within, Now: now(c.Context())})
		},
	}
	cmd.Flags().StringVar(&expiring, "expiring", "90d", "the plan lists the terms ending within this time")
	return cmd
}

// writeReport builds the report q names and writes it in the chosen format.
func (a *app) writeReport(ctx context.Context, f formats, q office.ReportQuery) error {
	chosen := 0
	for _, on := range []bool{f.csv, f.xlsx, f.html} {
		if on {
			chosen++
		}
	}
	if chosen > 1 {
		return usage("cli.report.one_format")
	}
	if q.Name == office.RoundReport || q.Name == office.HonorsReport || q.Name == office.TitlesReport {
		loc, err := f.location()
		if err != nil {
			return err
		}
		q.Zone = loc
	}
	meter := progress.New(a.errOut, a.p)
	meter.Step("progress.querying")
	r, loc, err := a.office().Report(ctx, q)
	if err != nil {
		return err
	}
	switch {
	case f.csv:
		meter.Step("progress.writing_csv")
		if f.out == "" {
			if err := r.CSV(a.out, loc); err != nil {
				return err
			}
			meter.Done()
			return nil
		}
		if err := report.WritePrivate(f.out, func(w io.Writer) error { return r.CSV(w, loc) }); err != nil {
			return err
		}
		meter.Done()
		return nil
	case f.xlsx, f.html:
		ext, write := ".html", func(w io.Writer) error { return r.HTML(w, loc, time.Now()) }
		if f.xlsx {
			ext, write = ".xlsx", func(w io.Writer) error { return r.XLSX(w, loc) }
		}
		path := f.out
		if path == "" {
			path = r.Name + ext
		}
		meter.Step("progress.writing", "File", path)
		if err := report.WritePrivate(path, write); err != nil {
			return err
		}
		meter.Done()
		a.print("cli.wrote", "File", path)
		return nil
	}
	meter.Done()
	return r.Text(a.out, loc)
}
