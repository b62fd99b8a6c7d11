package cli

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/testenv/pgtest"
)

func TestPreviewShowsRunsAndThePeriodsTheyEvaluate(t *testing.T) {
	r := run(t, "schedule", "preview", "--count", "2")
	require.Equal(t, 0, r.code, r.errOut)
	assert.Regexp(t, `pioneer\s+\d{4}-(01|04|07|10)-01 09:00 CST\s+\d{4}-Q[1-4]`, r.out)
	assert.Regexp(t, `redflag\s+\d{4}-(01|07)-01 09:00 CST\s+\d{4}-H[12]`, r.out)
}

func TestRoundVerbsRefuseBadInput(t *testing.T) {
	bad := writeFile(t, "s.yaml", "pioneer:\n  cron: \"61 * * * *\"\n")
	tests := []struct {
		argv []string
		want string
	}{
		{[]string{"round", "start", "weekly", "--period", "2026-Q3"}, `"weekly" is not a kind of round`},
		{[]string{"round", "start", "pioneer", "--period", "2026-H1"}, `--period "2026-H1" is not a period of a pioneer round`},
		{[]string{"schedule", "preview", bad}, `s.yaml: pioneer.cron: "61 * * * *" is not a cron expression`},
		{[]string{"schedule", "backfill", "redflag", "--period", "2026-Q3"}, `a redflag round evaluates a period like 2026-H2`},
		{[]string{"schedule", "backfill", "pioneer", "--period", "2099-Q1"}, "2099-Q1 has not been evaluated by the schedule yet"},
		{[]string{"round", "approve", "--round", "pioneer/2026-Q3", "--strike", "m1"}, `--strike "m1": give MEMBER=REASON`},
		{[]string{"ballots", "import", "x.csv", "--round", "pioneer/2026-Q3"}, "give --round, --branch and --present"},
		{[]string{"violation", "record", "--member", "m1", "--kind", "gossip", "--date", "2026-08-03"}, `--kind "gossip"`},
		{[]string{"violation", "record", "--member", "m1", "--branch", "b1", "--kind", "violation", "--date", "2026-08-03"}, "give --member or --branch"},
		{[]string{"objection", "file", "--round", "pioneer/2026-Q3", "--reason", "x"}, "give --entry"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			r := run(t, append(tt.argv, "--address", "127.0.0.1:1")...)
			assert.Equal(t, 2, r.code, r.errOut)
			assert.Contains(t, r.errOut, tt.want)
		})
	}
}

func TestViolationsAreRecordedOnce(t *testing.T) {
	db, url := pgtest.Fresh(t)
	importRosters(t, url)
	argv := []string{"violation", "record", "--member", "m0003", "--kind", "criticism", "--date", "2026-08-03", "--note", "通报批评", "--database-url", url}
	r := run(t, argv...)
	require.Equal(t, 0, r.code, r.errOut)
	assert.Contains(t, r.out, "recorded (submission")
	r = run(t, argv...)
	require.Equal(t, 0, r.code, r.errOut)
	assert.Contains(t, r.out, "already recorded")
	var n int
	require.NoError(t, db.Get(&n, `SELECT count(*) FROM violations`))
	assert.Equal(t, 1, n)

	r = run(t, "violation", "record", "--member", "m9999", "--kind", "criticism", "--date", "2026-08-03", "--database-url", url)
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.errOut, "member m9999 is not in the roster")
}

func TestBallotsForARoundNotOpen(t *testing.T) {
	_, url := pgtest.Fresh(t)
	r := run(t, "ballots", "import", "x.csv", "--round", "pioneer/2026-Q3", "--branch", "b1", "--present", "3", "--database-url", url)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.errOut, "round pioneer/2026-Q3 is not open")
}
