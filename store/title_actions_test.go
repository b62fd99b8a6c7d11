package store

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/rules/roster"
	"wenming/rules/title"
	"wenming/testenv/english"
	"wenming/testenv/pgtest"
)

// A title under dynamic management moves only as the plans allow, every decision recorded
// with who, when, why and the document; a decision sent twice is recorded once.
func TestATitleMovesThroughItsDecisions(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	_, err := ImportUnits(ctx, db, "units.csv", []roster.Unit{{ID: "finance", Name: "财政局", Kind: "agency"}})
	require.NoError(t, err)
	_, err = ImportTitles(ctx, db, "titles.csv", "office", []title.Held{{Unit: "finance", Kind: "civilized-unit", Level: title.CityOrgans,
		Name: "市直机关文明单位", ConferredBy: "市直机关工委", ConferredOn: day("2025-12-30"), TermEnd: day("2027-12-29"), Line: 2}}, at)
	require.NoError(t, err)
	var id int64
	require.NoError(t, db.Get(&id, `SELECT id FROM titles`))

	act := func(sub string, a title.Action, extra ...func(*TitleAction)) (Title, error) {
		ta := TitleAction{TitleID: id, SubmissionID: sub, Action: a, Reason: "理由" + sub, Document: "文" + sub, By: "office", At: at}
		for _, f := range extra {
			f(&ta)
		}
		return ActOnTitle(ctx, db, ta)
	}
	_, err = act("r0", title.Restore)
	assert.Contains(t, english.Of(err), `the title "市直机关文明单位" is 有效: it cannot be given a certificate returned (only when 收回证书)`)

	steps := []struct {
		sub    string
		action title.Action
		status title.Status
	}{
		{"w1", title.Warn, title.Warned}, {"c1", title.Rectify, title.Rectifying}, {"v1", title.Verify, title.Active},
		{"s1", title.Suspend, title.Suspended}, {"s2", title.Restore, title.Active}, {"n1", title.Renew, title.Renewed},
	}
	for _, s := range steps {
		got, err := act(s.sub, s.action, func(a *TitleAction) {
			a.RectifyBy = at.Add(30 * 24 * time.Hour)
			a.TermEnd = day("2029-12-29")
		})
		require.NoError(t, err, s.sub)
		assert.Equal(t, string(s.status), got.Status, s.sub)
	}
	// An overdue rectification's reminder goes to the office's outbox, once per reminder.
	require.NoError(t, RemindOverdueRectification(ctx, db, id, 1, at))
	require.NoError(t, RemindOverdueRectification(ctx, db, id, 1, at))
	var reminders []string
	require.NoError(t, db.Select(&reminders, `SELECT message FROM reminders WHERE kind = 'title-rectification-' || $1`, id))
	require.Len(t, reminders, 1)
	assert.Contains(t, reminders[0], "称号“市直机关文明单位”限期整改已逾期")
	require.NoError(t, RemindReinspection(ctx, db, id, 2, at))
	require.NoError(t, RemindReinspection(ctx, db, id, 2, at))
	require.NoError(t, db.Select(&reminders, `SELECT message FROM reminders WHERE kind = 'title-reinspection-' || $1`, id))
	assert.Equal(t, []string{"称号“市直机关文明单位”第 2 次复查已到期，请组织复查：合格的予以复查通过（title renew），发现问题的可批评警告、限期整改或收回证书"},
		reminders, "a re-inspection due is written once")

	again, err := act("s1", title.Suspend)
	require.NoError(t, err, "sent again: nothing changes")
	assert.Equal(t, string(title.Renewed), again.Status)
	assert.Equal(t, "2029-12-29", again.TermEnd.Format(time.DateOnly), "a renewal starts a new term")

	_, err = act("x1", title.Revoke)
	require.NoError(t, err)
	_, err = act("x2", title.Warn)
	assert.Contains(t, english.Of(err), "is 撤销")
	decided, err := TitleDecided(ctx, db, id, "x1")
	require.NoError(t, err)
	assert.True(t, decided, "the revocation is on record")
	decided, err = TitleDecided(ctx, db, id, "x2")
	require.NoError(t, err)
	assert.False(t, decided, "a refused decision is not")

	history, err := TitleHistory(ctx, db, id)
	require.NoError(t, err)
	var actions []string
	for _, e := range history {
		actions = append(actions, e.Action)
	}
	assert.Equal(t, []string{"import", "warn", "rectify", "verify", "suspend", "restore", "renew", "revoke"}, actions)
	assert.Equal(t, "文w1", history[1].DocumentNo)
	assert.Equal(t, "理由w1", history[1].Reason)
	var rectifyBy *time.Time
	require.NoError(t, db.Get(&rectifyBy, `SELECT rectify_by FROM titles WHERE id = $1`, id))
	assert.Nil(t, rectifyBy, "no rectification is open once verified")
}

// An overdue rectification's reminder gives its deadline in the time zone of the campaign that
// named the title, and in the product's default zone for a title imported with none.
func TestARectificationReminderIsInTheCampaignsTimeZone(t *testing.T) {
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	db, ctx := twoAgencies(t, at)
	_, err := ImportTitles(ctx, db, "titles.csv", "office", []title.Held{
		{Unit: "a", Kind: "civilized-unit", Level: title.CityOrgans, Name: "市直机关文明单位", ConferredBy: "市直机关工委", ConferredOn: day("2025-12-30"), Line: 2},
		{Unit: "b", Kind: "civilized-unit", Level: title.CityOrgans, Name: "市直机关文明单位", ConferredBy: "市直机关工委", ConferredOn: day("2025-12-30"), Line: 3},
	}, at)
	require.NoError(t, err)
	db.MustExec(`UPDATE campaigns SET timezone = 'Europe/Berlin' WHERE id = 'c1'`)
	db.MustExec(`UPDATE titles SET rectify_by = '2027-01-01T01:30:00Z', status = 'rectifying'`)
	db.MustExec(`UPDATE titles SET campaign_id = 'c1' WHERE unit_id = 'a'`)
	var ids []int64
	require.NoError(t, db.Select(&ids, `SELECT id FROM titles ORDER BY unit_id`))
	for _, id := range ids {
		require.NoError(t, RemindOverdueRectification(ctx, db, id, 1, at))
	}
	var messages []string
	require.NoError(t, db.Select(&messages, `SELECT message FROM reminders WHERE kind LIKE 'title-rectification-%' ORDER BY unit_id`))
	require.Len(t, messages, 2)
	assert.Contains(t, messages[0], "（整改期限 2027年1月1日 02:30）", "the naming campaign's zone")
	assert.Contains(t, messages[1], "（整改期限 2027年1月1日 09:30）", "the default zone for an imported title")
}
