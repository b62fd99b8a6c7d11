package faults

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/connect"
	"wenming/demo/scenario"
	"wenming/devstack/postgres"
	"wenming/integration/e2e"
	"wenming/store"
	"wenming/testenv/faults"
	"wenming/testenv/pgtest"
	"wenming/testenv/stacktest"
	"wenming/workflows"
)

// outageLength is how long PostgreSQL stays down.
const outageLength = 30 * time.Second

// ownCluster is a private PostgreSQL cluster of the test's own, which it stops and starts
// again on the same port (the package's cluster, or DATABASE_URL's server, is shared).
type ownCluster struct {
	t       *testing.T
	dir     string
	cluster *postgres.Cluster
	url     string // the product's database
}

func startOwnCluster(t *testing.T) *ownCluster {
	c := &ownCluster{t: t, dir: pgtest.OwnDir(t)}
	require.NoError(t, c.start(0))
	t.Cleanup(func() { c.cluster.Stop() })
	ctx := context.Background()
	require.NoError(t, postgres.EnsureDatabase(ctx, c.cluster.AdminURL, postgres.ProductDatabase))
	c.url = c.cluster.DatabaseURL(postgres.ProductDatabase)
	db, err := connect.Open(ctx, c.url) // migrates
	require.NoError(t, err)
	db.Close()
	return c
}

// clock asks the database for a time of its own (now(), pg_postmaster_start_time()).
func (c *ownCluster) clock(expr string) (time.Time, error) {
	db, err := sql.Open("postgres", c.url)
	if err != nil {
		return time.Time{}, err
	}
	defer db.Close()
	var at time.Time
	err = db.QueryRow("SELECT " + expr).Scan(&at)
	return at, err
}

func (c *ownCluster) start(port int) error {
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	cluster, err := postgres.Start(context.Background(), postgres.Options{Dir: c.dir, Throwaway: true, Port: port, Logger: quiet})
	if err == nil {
		c.cluster = cluster
	}
	return err
}

// outage stops the cluster when it begins, keeps it down for outageLength while the test
// tries what administrators would try, and starts it again on the same port.
type outage struct {
	c      *ownCluster
	during func() // what is tried while the database is down
	began  time.Time
	over   chan struct{}
	// lastAnswer is the database's own clock at its last answer before the stop; downFor is
	// from then to its own start time after the outage (pg_postmaster_start_time): the
	// outage as PostgreSQL saw it, not as the test's timer meant it.
	lastAnswer time.Time
	downFor    time.Duration
	back       time.Time // when the database accepted connections again
	// restarting is when the database began to start again: the tally may get through as soon
	// as it accepts connections, before the start-up reports it ready (back).
	restarting time.Time
	tallied    time.Time // when the tally that met the outage completed
	restart    error
}

func (o *outage) begin() {
	o.began = time.Now()
	var askErr error
	o.lastAnswer, askErr = o.c.clock("now()")
	port := o.c.cluster.Port()
	o.c.cluster.Stop()
	go func() {
		defer close(o.over)
		o.during()
		<-time.After(outageLength - time.Since(o.began))
		o.restarting = time.Now()
		if o.restart = errors.Join(askErr, o.c.start(port)); o.restart != nil {
			return
		}
		o.back = time.Now()
		var started time.Time
		started, o.restart = o.c.clock("pg_postmaster_start_time()")
		o.downFor = started.Sub(o.lastAnswer)
	}()
}

// PostgreSQL goes down for 30 seconds exactly when a branch's tally begins. The tally retries
// with backoff and completes once it is back; the branch's sheet, handed in just before, is
// accepted then, once. Meanwhile an administrator handing in another sheet, or approving,
// gets a clear error at once and nothing is written. Afterwards the same sheet is sent four
// times at once and the approval twice at once: each counts exactly once. A sheet after the
// voting has closed is refused with the reason. Throughout, every activity's first completion
// is lost after its commit and Temporal retries it. The round ends with the expected results.
func TestRoundSurvivesADatabaseOutage(t *testing.T) {
	t.Parallel() // the fault tests run side by side: each has its own stack or server and database
	pg := startOwnCluster(t)
	o := &outage{c: pg, over: make(chan struct{})}
	lost := &faults.LostCompletions{}
	server := e2e.StartFileServer(t) // a server of its own: the round's id must not meet another run's
	env := stacktest.New(t, stacktest.OnServer(server.Srv.Address), stacktest.OnDatabase(pg.url),
		stacktest.WithInterceptors(&faults.BeforeFirst{Activity: "TallyBranch", Do: o.begin, Done: func() { o.tallied = time.Now() }}, lost))
	d, out := e2e.NewDriver(t, env)
	// A quarter of its own, started by hand (no schedule runs on this server).
	round := workflows.RoundWorkflowID(workflows.KindPioneer, "2024-Q2")
	schedules, err := d.Write("schedules.yaml", "timezone: Asia/Shanghai\npioneer:\n  cron: \"0 9 1 1,4,7,10 *\"\n"+
		"  voting: 10m\n  share: 30%\n  notice: 2s\n  branches: [b-finance, b-service]\n")
	require.NoError(t, err)
	require.NoError(t, d.Run("violation", "record", "--member", "m0003", "--kind", "criticism", "--date", "2024-05-06", "--note", "被通报批评"), out.String())
	require.NoError(t, d.Run("round", "start", "pioneer", "--period", "2024-Q2", "--schedules", schedules, "--standards", d.Path("standards")), out.String())
	code, text := e2e.Run(d.Ctx, d.Flags, "round", "start", "pioneer", "--period", "2024-Q2", "--schedules", schedules, "--standards", d.Path("standards"))
	assert.Equal(t, 0, code, text)
	assert.Contains(t, text, "评选 "+round+" 早已启动，未作改动", "a second start")
	require.NoError(t, d.WaitRound(round, "voting", func(st workflows.RoundStatus) bool { return st.Phase == workflows.RoundVoting }), out.String())

	finance, financePresent, err := d.BallotSheet("b-finance")
	require.NoError(t, err)
	service, servicePresent, err := d.BallotSheet("b-service")
	require.NoError(t, err)
	importService := []string{"ballots", "import", service, "--round", round, "--branch", "b-service", "--present", strconv.Itoa(servicePresent)}
	approve := []string{"round", "approve", "--round", round}
	var tries []string
	o.during = func() {
		for _, argv := range [][]string{importService, approve} {
			code, text := e2e.Run(d.Ctx, d.Flags, argv...)
			tries = append(tries, text)
			assert.Equal(t, 1, code, "while PostgreSQL is down: %s", text)
			assert.Contains(t, text, "没有发送：连不上 PostgreSQL", strings.Join(argv, " "))
		}
	}

	// The sheet whose tally meets the outage: accepted at once (its sheet is written before
	// the tally begins); the tally waits for the database and completes once it is back.
	require.NoError(t, d.Run("ballots", "import", finance, "--round", round, "--branch", "b-finance", "--present", strconv.Itoa(financePresent)), out.String())
	<-o.over
	require.NoError(t, o.restart, "PostgreSQL started again")
	assert.GreaterOrEqual(t, o.downFor, outageLength, "PostgreSQL, by its own clock, was down for the whole outage: from its last answer to its next start")
	require.Len(t, tries, 2, "both tries ran during the outage")
	var copies int
	require.NoError(t, env.DB.Get(&copies, `SELECT count(*) FROM ballot_copies WHERE branch_id = 'b-service'`))
	assert.Zero(t, copies, "nothing of the sheet tried during the outage was written")

	// The same sheet four times at once, the approval twice at once.
	outcomes := concurrently(t, d, 4, importService)
	assert.Equal(t, 1, strings.Count(outcomes, "已受理（提交编号"), outcomes)
	assert.Equal(t, 3, strings.Count(outcomes, "已收到过（提交编号"), outcomes)
	// A send copies the sheet in unless it already sees the branch's accepted sheet, so the
	// sends that loaded the round before the first was accepted made extra copies (0 to 3, by
	// timing); the group answered each "received before" and dropped its copy in the same
	// transaction: one copy is left, the accepted one, whole.
	var serviceCopies, serviceBallots, serviceForms int
	require.NoError(t, env.DB.Get(&serviceCopies, `SELECT count(*) FROM ballot_copies WHERE branch_id = 'b-service'`))
	assert.Equal(t, 1, serviceCopies, "the extra copies went with their answers")
	require.NoError(t, env.DB.Get(&serviceBallots, `SELECT count(*) FROM ballots WHERE branch_id = 'b-service'`))
	require.NoError(t, env.DB.Get(&serviceForms, `SELECT forms FROM ballot_sheets WHERE branch_id = 'b-service'`))
	assert.Equal(t, serviceForms, serviceBallots, "the accepted copy holds the whole sheet")
	require.NoError(t, d.WaitRound(round, "the committee", func(st workflows.RoundStatus) bool { return st.Phase == workflows.RoundCommittee }), out.String())
	// Both branches are tallied now: the tally that met the outage got through once the
	// database was back.
	require.False(t, o.tallied.IsZero(), "the tally that met the outage completed")
	assert.True(t, o.tallied.After(o.restarting), "the tally completed only once the database was starting again (%s after)",
		o.tallied.Sub(o.restarting))
	outcomes = concurrently(t, d, 2, approve)
	assert.Equal(t, 1, strings.Count(outcomes, "已受理（提交编号"), outcomes)
	assert.Equal(t, 1, strings.Count(outcomes, "已收到过（提交编号"), outcomes)
	require.NoError(t, env.Client.GetWorkflow(d.Ctx, round, "").Get(d.Ctx, nil), out.String())

	// After the round: a resend is harmless, a new sheet is refused with the reason.
	code, text = e2e.Run(d.Ctx, d.Flags, importService...)
	assert.Equal(t, 0, code, text)
	assert.Contains(t, text, "已收到过")
	code, text = e2e.Run(d.Ctx, d.Flags, "ballots", "import", service, "--round", round, "--branch", "b-service", "--present", strconv.Itoa(servicePresent), "--id", "late-sheet")
	assert.Equal(t, 2, code, text)
	assert.Contains(t, text, "支部 b-service 已提交过测评表（提交编号")

	checkOutageRound(t, env, round)
	assert.Positive(t, lost.Lost.Load(), "completions were lost")
	t.Logf("PostgreSQL was down for %s; the tally that met the outage completed %s after it came back; %d completions lost after their commit and retried",
		o.downFor.Round(time.Millisecond), o.tallied.Sub(o.back).Round(time.Millisecond), lost.Lost.Load())
}

// concurrently runs the same command line n times at once (released together once all are
// ready) and returns their outputs; it fails the test unless every run began before any ended.
func concurrently(t *testing.T, d *e2e.Driver, n int, argv []string) string {
	var wg, ready sync.WaitGroup
	var mu sync.Mutex
	var all strings.Builder
	var lastStart, firstEnd time.Time
	release := make(chan struct{})
	for range n {
		wg.Add(1)
		ready.Add(1)
		go func() {
			defer wg.Done()
			ready.Done()
			<-release
			began := time.Now()
			code, text := e2e.Run(d.Ctx, d.Flags, argv...)
			ended := time.Now()
			mu.Lock()
			defer mu.Unlock()
			if began.After(lastStart) {
				lastStart = began
			}
			if firstEnd.IsZero() || ended.Before(firstEnd) {
				firstEnd = ended
			}
			assert.Equal(t, 0, code, text)
			all.WriteString(text)
		}()
	}
	ready.Wait()
	close(release)
	wg.Wait()
	assert.True(t, lastStart.Before(firstEnd), "the %d runs overlapped: the last began before the first ended", n)
	return all.String()
}

// checkOutageRound compares the round's results with the demo's pioneer results of the two
// branches (no strike, no objection here, so all six recommended are awarded) and counts
// every sheet and ballot once.
func checkOutageRound(t *testing.T, env *stacktest.Env, round string) {
	rows, err := store.RoundResults(context.Background(), env.DB, round)
	require.NoError(t, err)
	want := scenario.PioneerResults()
	for _, id := range []string{"m0002", "m0082"} {
		w := want[id]
		w.Outcome = "awarded"
		want[id] = w
	}
	require.NotEmpty(t, rows)
	var n struct{ Rows, Subjects int }
	require.NoError(t, env.DB.QueryRow(`SELECT count(*), count(DISTINCT subject_id) FROM round_results WHERE round_id = $1`, round).Scan(&n.Rows, &n.Subjects))
	assert.Equal(t, n.Subjects, n.Rows, "one result per member")
	got := map[string]scenario.RoundExpect{}
	for _, r := range rows {
		got[r.SubjectID] = e2e.ExpectOf(r)
	}
	// Every member of the two branches has a result, and each is the one expected: a missing
	// row fails here as surely as a wrong one.
	var members []string
	require.NoError(t, env.DB.Select(&members, `SELECT id FROM members WHERE branch_id IN ('b-finance', 'b-service') ORDER BY id`))
	require.NotEmpty(t, members)
	for _, id := range members {
		r, ok := got[id]
		if assert.True(t, ok, "member %s has a result", id) {
			assert.Equal(t, want[id], r, id)
		}
	}
	assert.Len(t, got, len(members), "no result for anyone outside the two branches")
	var c struct{ Sheets, Copies, Ballots, Forms, Audited int }
	require.NoError(t, env.DB.Get(&c.Sheets, `SELECT count(*) FROM ballot_sheets WHERE round_id = $1`, round))
	require.NoError(t, env.DB.Get(&c.Copies, `SELECT count(*) FROM ballot_copies`))
	require.NoError(t, env.DB.Get(&c.Ballots, `SELECT count(*) FROM ballots`))
	require.NoError(t, env.DB.Get(&c.Forms, `SELECT coalesce(sum(forms), 0) FROM ballot_sheets`))
	require.NoError(t, env.DB.Get(&c.Audited, `SELECT count(*) FROM audit_log WHERE kind = 'ballot-sheet' AND accepted`))
	assert.Equal(t, 2, c.Sheets, "a sheet per branch")
	assert.Equal(t, 2, c.Copies, "one copy per sheet: no other copy outlives the round")
	assert.Equal(t, c.Forms, c.Ballots, "every accepted sheet's forms, once")
	assert.Equal(t, 2, c.Audited, "the audit log records each sheet once")
}
