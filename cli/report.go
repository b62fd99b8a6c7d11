package cli

import (
	"bufio"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/spf13/cobra"

	"wenming/msg"
	"wenming/progress"
	"wenming/report"
	"wenming/rules/timeline"
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
	campaignReport := func(use, short, example string, build func(ctx context.Context, db *sqlx.DB, id string) (*report.Report, *time.Location, error)) *cobra.Command {
		return &cobra.Command{
			Use: use + " CAMPAIGN", Short: short, Example: example, Args: args("CAMPAIGN"),
			RunE: func(c *cobra.Command, argv []string) error {
				return a.writeReport(c.Context(), f, func(db *sqlx.DB) (*report.Report, *time.Location, error) {
					return build(c.Context(), db, argv[0])
				})
			},
		}
	}
	now := func(fn func(context.Context, *sqlx.DB, string, time.Time) (*report.Report, *time.Location, error)) func(context.Context, *sqlx.DB, string) (*report.Report, *time.Location, error) {
		return func(ctx context.Context, db *sqlx.DB, id string) (*report.Report, *time.Location, error) {
			return fn(ctx, db, id, time.Now())
		}
	}
	cmd.AddCommand(
		campaignReport("campaign", "A campaign's ranking: self and actual scores, outcome and reason, with a chart",
			"  starter report campaign civilized-units-2027\n  starter report campaign civilized-units-2027 --xlsx -o ranking.xlsx", report.Ranking),
		campaignReport("notice", "The public-notice list (公示名单) with its period and where objections go, for posting",
			"  starter report notice civilized-units-2027 --html -o 公示.html", report.NoticeList),
		campaignReport("naming", "The naming list (命名名单), for posting",
			"  starter report naming civilized-units-2027 --html", report.NamingList),
		campaignReport("tasks", "Task progress by unit, with the overdue tasks (通报)",
			"  starter report tasks civilized-units-2027 --csv", now(report.Tasks)),
		campaignReport("rectification", "Rectification notices: open, closed, verified, overdue",
			"  starter report rectification civilized-units-2027", now(report.Rectifications)),
		a.briefingCmd(&f), a.roundReportCmd(&f), a.honorsReportCmd(&f), a.titlesReportCmd(&f),
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
			return a.writeReport(c.Context(), *f, func(db *sqlx.DB) (*report.Report, *time.Location, error) {
				return report.Briefing(c.Context(), db, argv[0], month)
			})
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
			return a.writeReport(c.Context(), *f, func(db *sqlx.DB) (*report.Report, *time.Location, error) {
				loc, err := f.location()
				if err != nil {
					return nil, nil, err
				}
				r, err := report.Round(c.Context(), db, argv[0], loc)
				return r, loc, err
			})
		},
	}
}

func (a *app) honorsReportCmd(f *formats) *cobra.Command {
	var year int
	cmd := &cobra.Command{
		Use:     "honors",
		Short:   "Honors: rotating awards with their consecutive counts, and the yearly titles",
		Example: "  starter report honors --year 2026",
		Args:    args(),
		RunE: func(c *cobra.Command, _ []string) error {
			return a.writeReport(c.Context(), *f, func(db *sqlx.DB) (*report.Report, *time.Location, error) {
				loc, err := f.location()
				if err != nil {
					return nil, nil, err
				}
				r, err := report.Honors(c.Context(), db, year)
				return r, loc, err
			})
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
			return a.writeReport(c.Context(), *f, func(db *sqlx.DB) (*report.Report, *time.Location, error) {
				loc, err := f.location()
				if err != nil {
					return nil, nil, err
				}
				r, err := report.Titles(c.Context(), db, now(c.Context()).In(loc), within)
				return r, loc, err
			})
		},
	}
	cmd.Flags().StringVar(&expiring, "expiring", "90d", "the plan lists the terms ending within this time")
	return cmd
}

// writeReport builds a report and writes it in the chosen format.
func (a *app) writeReport(ctx context.Context, f formats, build func(*sqlx.DB) (*report.Report, *time.Location, error)) error {
	chosen := 0
	for _, on := range []bool{f.csv, f.xlsx, f.html} {
		if on {
			chosen++
		}
	}
	if chosen > 1 {
		return usage("cli.report.one_format")
	}
	db, err := a.database(ctx)
	if err != nil {
		return err
	}
	meter := progress.New(a.errOut, a.p)
	meter.Step("progress.querying")
	r, loc, err := build(db)
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
		if err := writePrivate(f.out, func(w io.Writer) error { return r.CSV(w, loc) }); err != nil {
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
		if err := writePrivate(path, write); err != nil {
			return err
		}
		meter.Done()
		a.print("cli.wrote", "File", path)
		return nil
	}
	meter.Done()
	return r.Text(a.out, loc)
}

// reportMode is the mode of a report written to a file: its owner's only. Reports list names,
// scores, outcomes and objections' contacts; a group's read (0640) would open them to every
// account that shares the administrator's group (often all users), so sharing a report is
// the administrator's deliberate step (chmod, or copying it to where it is to go).
const reportMode fs.FileMode = 0o600

// writePrivate writes a report to path with reportMode, whatever mode a file there had: into
// a new file beside it (created 0600), renamed over path once complete, so that a failed
// write leaves no half-written report and an older report's wider mode does not carry over.
// A path that is not a plain file (a device such as /dev/stdout, a pipe) is written as it is.
func writePrivate(path string, write func(io.Writer) error) error {
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return msg.Wrap(err, "cli.create_failed", "File", path)
		}
		// What was opened is what is written: a plain file put there meanwhile is replaced
		// as below instead of written into with its own mode.
		if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
			if err := write(f); err != nil {
				f.Close()
				return err
			}
			if err := f.Close(); err != nil {
				return msg.Wrap(err, "cli.write_failed", "File", path)
			}
			return nil
		}
		f.Close()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return msg.Wrap(err, "cli.create_failed", "File", path)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if err := tmp.Chmod(reportMode); err != nil {
		tmp.Close()
		return msg.Wrap(err, "cli.create_failed", "File", path)
	}
	w := bufio.NewWriter(tmp)
	if err := write(w); err != nil {
		tmp.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		return msg.Wrap(err, "cli.write_failed", "File", path)
	}
	if err := tmp.Close(); err != nil {
		return msg.Wrap(err, "cli.write_failed", "File", path)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return msg.Wrap(err, "cli.write_failed", "File", path)
	}
	return nil
}
