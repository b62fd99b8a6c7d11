package cli

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
	"github.com/spf13/cobra"
	"go.temporal.io/sdk/client"

	"wenming/msg"
	"wenming/office"
	"wenming/workflows"
)

// submission is what every submitting verb shares: the optional --id.
type submission struct {
	id string
}

func (s *submission) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&s.id, "id", "", "submission id (default: derived from the content, so a resend is a no-op)")
}

// office is what the person at this terminal can do: every verb that acts goes through it.
func (a *app) office() *office.Office {
	o := office.New(connections{a}, a.actor)
	o.Note = func(t msg.Text) { fmt.Fprintln(a.errOut, a.p.Render(t)) }
	o.TaskQueue = a.cfg.TaskQueue
	return o
}

// connections lends the office the CLI's connections, dialled on first use.
type connections struct{ a *app }

func (c connections) Temporal(ctx context.Context) (client.Client, error) { return c.a.temporal(ctx) }
func (c connections) Database(ctx context.Context) (*sqlx.DB, error)      { return c.a.database(ctx) }

// show prints a receipt: accepted or received before on the standard output; a refusal is
// the command's error (exit status 2).
func (a *app) show(rec office.Receipt, err error) error {
	if err != nil {
		return err
	}
	if err := rec.Err(); err != nil {
		return err
	}
	fmt.Fprintln(a.out, a.receipt(rec))
	return nil
}

// receipt says what became of a submission, in the user's language.
func (a *app) receipt(rec office.Receipt) string { return rec.Words(a.p) }

// localRefusal reports bad input found before sending (a sheet that does not score, say),
// recorded in the audit log like a refusal by the workflow (see office.RefuseInput).
func (a *app) localRefusal(ctx context.Context, kind, target string, err error) error {
	return a.office().RefuseInput(ctx, kind, target, err)
}

// ballotRefusal records a refused ballot sheet in the audit log as localRefusal does: the
// problems' text can quote a paper's scores.
func (a *app) ballotRefusal(ctx context.Context, target string, err error) error {
	return a.localRefusal(ctx, workflows.UpdateBallotSheet, target, err)
}

// unavailable says that a submission was not sent because the database cannot be reached.
func unavailable(err error) error { return office.Unavailable(err) }
