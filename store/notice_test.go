package store

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/testenv/pgtest"
)

// A campaign's public notice is found by the campaign's id, not by the id of the workflow
// that ran it; a round's notice is not a campaign's.
func TestACampaignsNoticeIsFoundByTheCampaign(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	at := time.Date(2027, 11, 1, 9, 0, 0, 0, time.UTC)
	require.NoError(t, PublishNotice(ctx, db, PublicNotice{NoticeID: "campaign/c9/notice", Subject: "campaign/c9", Title: "拟命名名单",
		Entries: []string{"u1", "u2"}, StartsAt: at, EndsAt: at.Add(5 * 24 * time.Hour)}))
	require.NoError(t, PublishNotice(ctx, db, PublicNotice{NoticeID: "pioneer/2027-Q3/notice", Subject: "pioneer/2027-Q3", Title: "拟授予名单",
		StartsAt: at, EndsAt: at.Add(5 * 24 * time.Hour)}))

	h, entries, err := LoadCampaignNotice(ctx, db, "c9")
	require.NoError(t, err)
	assert.Equal(t, "拟命名名单", h.Title)
	require.Len(t, entries, 2)
	assert.Equal(t, "u1", entries[0].EntryID)

	_, _, err = LoadCampaignNotice(ctx, db, "pioneer/2027-Q3")
	assert.EqualError(t, err, "the public notice of campaign pioneer/2027-Q3 has not been published yet")
}

// An objection undecided when the time to decide it is up lapses, recorded by the system; a
// late decision of it changes nothing.
func TestAnObjectionLapses(t *testing.T) {
	db, _ := pgtest.Fresh(t)
	ctx := context.Background()
	at := time.Date(2027, 11, 1, 9, 0, 0, 0, time.UTC)
	require.NoError(t, PublishNotice(ctx, db, PublicNotice{NoticeID: "campaign/c9/notice", Subject: "campaign/c9", Title: "拟命名名单",
		Entries: []string{"u1"}, StartsAt: at, EndsAt: at.Add(5 * 24 * time.Hour)}))
	require.NoError(t, RecordObjection(ctx, db, Objection{NoticeID: "campaign/c9/notice", No: 1, SubmissionID: "o1", EntryID: "u1",
		Reason: "材料不实", By: "public", At: at}))
	lapse := ObjectionDecision{NoticeID: "campaign/c9/notice", No: 1, SubmissionID: "lapse-1", Decision: Lapsed, Note: "逾期", By: "system", At: at.Add(15 * 24 * time.Hour)}
	require.NoError(t, DecideObjection(ctx, db, lapse))
	require.NoError(t, DecideObjection(ctx, db, ObjectionDecision{NoticeID: "campaign/c9/notice", No: 1, SubmissionID: "d1", Decision: Uphold,
		Note: "迟到的结论", By: "office", At: at.Add(16 * 24 * time.Hour)}))
	var decision, by string
	require.NoError(t, db.QueryRowContext(ctx, `SELECT decision, decided_by FROM objections WHERE notice_id = 'campaign/c9/notice'`).Scan(&decision, &by))
	assert.Equal(t, "lapsed", decision)
	assert.Equal(t, "system", by)
}
