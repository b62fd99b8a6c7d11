package scenario

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"wenming/input/specfile"
	"wenming/office"
	"wenming/report"
	"wenming/rules/points"
	"wenming/rules/schedule"
	"wenming/rules/standard"
	"wenming/store"
	"wenming/terminal/termview"
	"wenming/workflows"
)

// View is something a person reads — a status, a list, a report — or a step done with a
// file or a schedule rather than a submission (a standard's import, a schedule's trigger), as
// the scenario shows it: the office's query or the rules' function, printed through termview
// as the CLI verb in Argv prints it. With Driver.CLI the verb runs too and must succeed,
// unless Once says that doing it again is not harmless.
type View struct {
	Argv []string
	Show func(ctx context.Context, o *office.Office, v termview.View) error
	Once bool
}

// statusWait is how long a status waits for a worker to answer, as the CLI's does.
const statusWait = time.Minute

// Show prints each view's command and what it shows.
func (d *Driver) Show(views ...View) error {
	for _, w := range views {
		fmt.Fprintf(d.Out, "\n$ starter %s\n", strings.Join(quote(w.Argv), " "))
		if err := w.Show(d.Ctx, d.Office, termview.View{Out: d.Out, P: commandPrinter()}); err != nil {
			return fmt.Errorf("starter %s: %w", strings.Join(w.Argv, " "), err)
		}
		if d.CLI == nil || w.Once {
			continue
		}
		fmt.Fprintf(d.Out, "\n$ starter %s    # %s\n", strings.Join(quote(w.Argv), " "), d.tr("demo.same_view_by_cli"))
		if code := d.CLI(d.Ctx, append(append([]string{}, w.Argv...), d.Flags...), d.Out, d.Out); code != 0 {
			return fmt.Errorf("starter %s exited with %d where the office's view succeeded", strings.Join(w.Argv, " "), code)
		}
	}
	return nil
}

func campaignStatus(id string) View {
	return View{Argv: []string{"campaign", "status", id}, Show: func(ctx context.Context, o *office.Office, v termview.View) error {
		var st workflows.CampaignStatus
		if err := o.Status(ctx, workflows.CampaignWorkflowID(id), statusWait, &st); err != nil {
			return err
		}
		return v.CampaignStatus(st)
	}}
}

func roundStatus(id string) View {
	return View{Argv: []string{"round", "status", id}, Show: func(ctx context.Context, o *office.Office, v termview.View) error {
		var st workflows.RoundStatus
		if err := o.Status(ctx, id, statusWait, &st); err != nil {
			return err
		}
		v.RoundStatus(st)
		return nil
	}}
}

func branchStatus(round, branch string) View {
	return View{Argv: []string{"round", "status", round, "--branch", branch}, Show: func(ctx context.Context, o *office.Office, v termview.View) error {
		st, awaiting, err := o.BranchStatus(ctx, round, branch, statusWait)
		if err != nil {
			return err
		}
		v.BranchStatus(st, awaiting)
		return nil
	}}
}

// titleList lists the register; expiring, when set, keeps the terms ending within it.
func titleList(expiring time.Duration) View {
	argv := []string{"title", "list"}
	if expiring > 0 {
		argv = append(argv, "--expiring", durationFlag(expiring))
	}
	return View{Argv: argv, Show: func(ctx context.Context, o *office.Office, v termview.View) error {
		f := store.TitleFilter{}
		if expiring > 0 {
			f.ExpiringBy = time.Now().Add(expiring)
		}
		rows, err := o.Titles(ctx, f)
		if err != nil {
			return err
		}
		return v.Titles(rows)
	}}
}

// reportArgv is the verb that prints or exports the report q names.
func reportArgv(q office.ReportQuery) []string {
	argv := []string{"report", string(q.Name)}
	if q.Of != "" {
		argv = append(argv, q.Of)
	}
	if q.Month != "" {
		argv = append(argv, "--month", q.Month)
	}
	if q.Round != "" {
		argv = append(argv, "--round", q.Round)
	}
	if q.Year != 0 {
		argv = append(argv, "--year", strconv.Itoa(q.Year))
	}
	return argv
}

// printReport prints a report on the terminal, in the reports' time zone.
func printReport(q office.ReportQuery) View {
	return View{Argv: reportArgv(q), Show: func(ctx context.Context, o *office.Office, v termview.View) error {
		r, loc, err := o.Report(ctx, q)
		if err != nil {
			return err
		}
		return r.Text(v.Out, loc)
	}}
}

// exportReport writes a report to path, as an Excel workbook (.xlsx) or a printable page (.html).
func exportReport(q office.ReportQuery, path string) View {
	xlsx := strings.HasSuffix(path, ".xlsx")
	format := "--html"
	if xlsx {
		format = "--xlsx"
	}
	return View{Argv: append(reportArgv(q), format, "-o", path), Show: func(ctx context.Context, o *office.Office, v termview.View) error {
		r, loc, err := o.Report(ctx, q)
		if err != nil {
			return err
		}
		write := func(w io.Writer) error { return r.HTML(w, loc, time.Now()) }
		if xlsx {
			write = func(w io.Writer) error { return r.XLSX(w, loc) }
		}
		if err := report.WritePrivate(path, write); err != nil {
			return err
		}
		v.Say("cli.wrote", "File", path)
		return nil
	}}
}

// applySchedules creates or updates the schedules file's schedules, saving the forms its
// rounds score on (found under standards).
func applySchedules(file, standards string) View {
	return View{Argv: []string{"schedule", "apply", file, "--standards", standards}, Show: func(ctx context.Context, o *office.Office, v termview.View) error {
		plan, err := specfile.Schedules(file)
		if err != nil {
			return err
		}
		forms, err := specfile.RoundStandards(plan, standards, file)
		if err != nil {
			return err
		}
		applied, err := o.ApplySchedules(ctx, plan, forms)
		v.Applied(plan, applied, time.Now())
		return err
	}}
}

func previewSchedules(file string, count int) View {
	return View{Argv: []string{"schedule", "preview", file, "--count", strconv.Itoa(count)}, Show: func(ctx context.Context, o *office.Office, v termview.View) error {
		plan, err := specfile.Schedules(file)
		if err != nil {
			return err
		}
		return v.Preview(plan, time.Now(), count)
	}}
}

func listSchedules() View {
	return View{Argv: []string{"schedule", "list"}, Show: func(ctx context.Context, o *office.Office, v termview.View) error {
		entries, err := o.Schedules(ctx)
		if err != nil {
			return err
		}
		return v.Schedules(entries)
	}}
}

func triggerSchedule(k schedule.Kind) View {
	return View{Argv: []string{"schedule", "trigger", string(k)}, Show: func(ctx context.Context, o *office.Office, v termview.View) error {
		if err := o.TriggerSchedule(ctx, k); err != nil {
			return err
		}
		v.Say("cli.schedule.triggered", "ID", office.ScheduleID(k))
		return nil
	}, Once: true} // a second trigger runs the schedule again
}

// check proves that Temporal, a worker and PostgreSQL answer, by running one small workflow.
func check() View {
	return View{Argv: []string{"check"}, Show: func(ctx context.Context, o *office.Office, v termview.View) error {
		id := time.Now().UTC().Format("20060102T150405.000")
		out, err := o.Check(ctx, id)
		if err != nil {
			return err
		}
		v.Checked(id, out)
		return nil
	}}
}

// verifyAudit walks the audit log's hash chain: every act of the demo is a line of it.
func verifyAudit() View {
	return View{Argv: []string{"audit", "verify"}, Show: func(ctx context.Context, o *office.Office, v termview.View) error {
		c, err := o.AuditChain(ctx, nil)
		if err != nil {
			return err
		}
		return v.AuditChecked(c)
	}}
}

// importStandard converts the form at src into the deduction-mode standard o describes and
// writes it to out.
func importStandard(src, out string, o standard.ImportOptions) View {
	argv := []string{"standard", "import", src, "--id", o.ID, "--name", o.Name, "--source", o.Source, "--mode", string(o.Mode),
		"--pass", o.Pass.String(), "--step", o.Step.String(), "--per-problem", o.PerProblem.String(),
		"--serious", o.Serious.Min.String() + "-" + o.Serious.Max.String(), "--bonus-cap", o.BonusCap.String()}
	if o.NoVeto {
		argv = append(argv, "--no-veto")
	}
	for _, sec := range o.Judged {
		argv = append(argv, "--judged", sec)
	}
	return View{Argv: append(argv, "-o", out), Show: func(ctx context.Context, _ *office.Office, v termview.View) error {
		s, err := specfile.ImportStandard(src, o)
		if err != nil {
			return err
		}
		b, err := s.Marshal()
		if err != nil {
			return err
		}
		if err := os.WriteFile(out, b, 0o644); err != nil {
			return err
		}
		fmt.Fprintln(v.Out, v.T("cli.wrote", "File", out)+v.T("cause.sep")+v.StandardLine(s))
		return nil
	}}
}

func scoreArgv(standardPath, sheetPath string) []string {
	return []string{"standard", "score", "--standard", standardPath, "--sheet", sheetPath}
}

// scoreSheet scores a sheet against a standard, as a unit checks itself before declaring.
func scoreSheet(standardPath, sheetPath string) View {
	return View{Argv: scoreArgv(standardPath, sheetPath), Show: func(ctx context.Context, _ *office.Office, v termview.View) error {
		r, err := specfile.Score(standardPath, sheetPath)
		if err != nil {
			return err
		}
		v.Scored(r)
		return nil
	}}
}

// scoreWrongSheet is scoring a sheet against a standard it was not written for: an act only
// in that it is refused, with what is wrong in the sheet.
func scoreWrongSheet(standardPath, sheetPath string) Act {
	return Act{Argv: scoreArgv(standardPath, sheetPath), Do: func(context.Context, *office.Office) ([]Answer, error) {
		_, err := specfile.Score(standardPath, sheetPath)
		return nil, err
	}}
}

func mustPoints(text string) points.Points {
	p, err := points.Parse(text)
	if err != nil {
		panic(err)
	}
	return p
}

func ratingStatus(id string) View {
	return View{Argv: []string{"rating", "status", id}, Show: func(ctx context.Context, o *office.Office, v termview.View) error {
		st, err := o.RatingStatus(ctx, id, statusWait)
		if err != nil {
			return err
		}
		v.RatingStatus(st)
		return nil
	}}
}
