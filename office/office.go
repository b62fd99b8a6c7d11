// Package office holds what the people of a campaign or a round can do: one function for each
// act (declare, inspect, veto, decide an objection, approve a round, ...), struct in and
// receipt out, whichever client asks: the CLI, the demo, the bench or the portal. It knows
// which workflow an act goes to, running or ended, names each submission so that sending it
// again is harmless, sends it as the acting person, asks again when the server is slow to
// answer, and records refusals in the audit log. It knows nothing of flags, files or printing.
package office

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"
	"go.temporal.io/sdk/client"

	"wenming/connect"
	"wenming/msg"
)

// Connections are the services an act needs, opened by the client on first use (the CLI's
// offline verbs need neither). They are asked for from several goroutines at once (a ballot
// import hands the groups of a round their sheets side by side).
type Connections interface {
	Temporal(ctx context.Context) (client.Client, error)
	Database(ctx context.Context) (*sqlx.DB, error)
}

// Opened are connections the client holds open already (the demo's, the bench's, a test's).
type Opened struct {
	Client client.Client
	DB     *sqlx.DB
}

func (c Opened) Temporal(context.Context) (client.Client, error) { return c.Client, nil }
func (c Opened) Database(context.Context) (*sqlx.DB, error)      { return c.DB, nil }

// Office is one person's way into the product: every act it does is theirs.
type Office struct {
	conn  Connections
	actor string
	// Note is told, in the catalogue's words, what the person waiting should know while an
	// act takes longer than usual (a busy server still answering); nil says nothing.
	Note func(msg.Text)
	// TaskQueue is where the workers of this deployment listen (connect.DefaultTaskQueue when empty).
	TaskQueue string
}

// New is the office as actor sees it. The actor is who the client has proven (the CLI's
// client certificate) or been told.
func New(conn Connections, actor string) *Office {
	return &Office{conn: conn, actor: actor}
}

func (o *Office) taskQueue() string {
	if o.TaskQueue == "" {
		return connect.DefaultTaskQueue
	}
	return o.TaskQueue
}

// Actor is who acts.
func (o *Office) Actor() string { return o.actor }

func (o *Office) note(id string, pairs ...any) {
	if o.Note != nil {
		o.Note(msg.Say(id, pairs...))
	}
}

// database is PostgreSQL, said "not sent: the database cannot be reached" when it is down:
// every act ends there, so nothing is sent while it cannot.
func (o *Office) database(ctx context.Context) (*sqlx.DB, error) {
	db, err := o.conn.Database(ctx)
	if err != nil {
		return nil, Unavailable(err)
	}
	return db, nil
}

// Unavailable says that an act was not done because the database cannot be reached.
func Unavailable(err error) error { return msg.Wrap(err, "office.unavailable") }

// updateWait is how long a submission waits for its answer before it is reported as not
// delivered (sending it again is harmless).
const updateWait = 10 * time.Minute
