package store

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/input/problem"
	"wenming/rules/schedule"
	"wenming/testenv/pgtest"
)

// A standard is saved again unchanged as often as asked, and changed while nothing scores on
// it; once a campaign or a round uses it, other content under its id is refused, naming the
// user, and the saved standard stays as it was.
func TestAStandardInUseKeepsItsContent(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	digest := func(id string) (d string) {
		require.NoError(t, db.Get(&d, `SELECT digest FROM standards WHERE id = $1`, id))
		return d
	}
	first := civilizedUnitStandard(t)
	changed := civilizedUnitStandard(t)
	changed.Name += "（修订）"
	require.NotEqual(t, first.Digest(), changed.Digest())

	require.NoError(t, SaveStandard(ctx, db, first))
	require.NoError(t, SaveStandard(ctx, db, first), "the same content again")
	require.NoError(t, SaveStandard(ctx, db, changed), "nothing scores on it yet")
	assert.Equal(t, changed.Digest(), digest(first.ID))
	require.NoError(t, SaveStandard(ctx, db, first))

	_, err := OpenRound(ctx, db, RoundOpening{RoundID: "pioneer/2026-Q3", Kind: schedule.Pioneer, Period: "2026-Q3",
		Config: schedule.Config{StandardID: first.ID, GroupSize: 200}, At: time.Now()})
	require.NoError(t, err)
	err = SaveStandard(ctx, db, changed)
	require.True(t, problem.Is(err), "%v", err)
	assert.ErrorContains(t, err, "pioneer/2026-Q3")
	assert.Equal(t, first.Digest(), digest(first.ID), "the round's standard is unchanged")
	require.NoError(t, SaveStandard(ctx, db, first), "the round's own standard again")

	other := civilizedUnitStandard(t)
	other.ID = "campaign-form"
	require.NoError(t, SaveStandard(ctx, db, other))
	_, err = db.Exec(`INSERT INTO campaigns (id, title, standard_id, timezone, plan, phase, published_at)
		VALUES ('c1', '创建', 'campaign-form', 'Asia/Shanghai', '{}', 'mobilize', now())`)
	require.NoError(t, err)
	other.Name += "（修订）"
	err = SaveStandard(ctx, db, other)
	require.True(t, problem.Is(err), "%v", err)
	assert.ErrorContains(t, err, "c1")
}
