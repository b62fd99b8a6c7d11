-- Streaks count inside the calendar year: 连续四次被授予流动党员先锋岗的党员免评作为年度优秀党员,
-- 连续二次被授予流动红旗的党支部免评作为年度先进党支部: the four quarters, or both halves, of one
-- year. Until now a streak ran on across the year's end (posts 2026-Q2 to 2027-Q1 made an
-- excellent member of 2027). Every standing rotating honor of a round whose schedules file did
-- not say streak: rolling is counted again inside its year; every yearly title its streak no
-- longer earns is revoked with the reason, in the honors, the year-end round's result and the
-- register of titles. streak_recounts lists each change: what the count was and is, and the
-- titles revoked.

-- +goose Up
CREATE TABLE streak_recounts (
    subject_kind text NOT NULL,
    subject_id   text NOT NULL,
    kind         text NOT NULL,             -- the honor changed: a rotating one recounted, a yearly title revoked
    period       text NOT NULL,
    was          integer NOT NULL,          -- its consecutive count before
    now          integer NOT NULL,          -- and after (for a revoked title: its streak's count now)
    revoked      boolean NOT NULL,
    was_period   text,                      -- a yearly title that now rests on its year's own streak: the period it rested on
    reason       text NOT NULL DEFAULT '',
    recounted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (subject_kind, subject_id, kind, period)
);

-- The rotating honors in order, each with the period a streak would continue from.
CREATE TEMPORARY TABLE streak_honors ON COMMIT DROP AS
SELECT h.subject_kind, h.subject_id, h.kind, h.period, h.consecutive,
       lag(h.period) OVER (PARTITION BY h.subject_kind, h.subject_id, h.kind ORDER BY h.period) AS before,
       CASE
           WHEN substr(split_part(h.period, '-', 2), 2)::int > 1
               THEN split_part(h.period, '-', 1) || '-' || left(split_part(h.period, '-', 2), 1)
                    || (substr(split_part(h.period, '-', 2), 2)::int - 1)
           WHEN coalesce((r.config->>'RollingStreak')::boolean, false)
               THEN (split_part(h.period, '-', 1)::int - 1) || '-' || left(split_part(h.period, '-', 2), 1)
                    || CASE left(split_part(h.period, '-', 2), 1) WHEN 'Q' THEN 4 ELSE 2 END
       END AS continues_from -- NULL: the year's first period starts a streak afresh
FROM honors h JOIN rounds r ON r.id = h.round_id
WHERE h.kind IN ('pioneer_post', 'red_flag') AND h.revoked_at IS NULL;

CREATE TEMPORARY TABLE streak_counts ON COMMIT DROP AS
SELECT subject_kind, subject_id, kind, period, consecutive,
       row_number() OVER (PARTITION BY subject_kind, subject_id, kind, run ORDER BY period)::int AS now
FROM (SELECT *, sum(CASE WHEN before IS NOT NULL AND before = continues_from THEN 0 ELSE 1 END)
                    OVER (PARTITION BY subject_kind, subject_id, kind ORDER BY period ROWS UNBOUNDED PRECEDING) AS run
      FROM streak_honors) s;

INSERT INTO streak_recounts (subject_kind, subject_id, kind, period, was, now, revoked)
SELECT subject_kind, subject_id, kind, period, consecutive, now, false FROM streak_counts WHERE consecutive <> now;

UPDATE honors h SET consecutive = c.now
FROM streak_counts c
WHERE h.subject_kind = c.subject_kind AND h.subject_id = c.subject_id AND h.kind = c.kind AND h.period = c.period
  AND h.consecutive <> c.now;

-- The yearly titles earned by a streak (consecutive > 0; nominated ones have 0) whose own
-- period the count inside the year no longer makes a full streak. Counted on across the year's
-- end, a title often fell inside a year (2025-Q4 to 2026-Q3); where that year still holds a
-- full streak of its own (the four quarters, both halves), the title stays and rests on it.
CREATE TEMPORARY TABLE streak_titles ON COMMIT DROP AS
SELECT t.subject_kind, t.subject_id, t.kind, t.period, t.year, t.consecutive AS was, t.conferred_in, t.basis,
       CASE t.kind WHEN 'excellent_member' THEN 'pioneer_post' ELSE 'red_flag' END AS award,
       CASE t.kind WHEN 'excellent_member' THEN 4 ELSE 2 END AS streak,
       CASE t.kind WHEN 'excellent_member' THEN '党员先锋岗' ELSE '红旗党支部' END AS award_name -- as basis.streak names them
FROM honors t
LEFT JOIN honors p ON p.subject_kind = t.subject_kind AND p.subject_id = t.subject_id AND p.period = t.period
     AND p.kind = CASE t.kind WHEN 'excellent_member' THEN 'pioneer_post' ELSE 'red_flag' END AND p.revoked_at IS NULL
WHERE t.kind IN ('excellent_member', 'advanced_branch') AND t.revoked_at IS NULL AND t.consecutive > 0
  AND (p.consecutive IS NULL OR p.consecutive % CASE t.kind WHEN 'excellent_member' THEN 4 ELSE 2 END <> 0);

CREATE TEMPORARY TABLE streak_moved ON COMMIT DROP AS
SELECT t.subject_kind, t.subject_id, t.kind, t.period AS was_period, t.was, q.period, q.consecutive AS now,
       q.round_id, q.awarded_at, t.conferred_in, t.year, t.basis,
       '连续' || q.consecutive || '次获' || t.award_name || '（至 ' || q.period || '）' AS detail,
       '按年度重新计数：年度称号改以 ' || q.period || ' 的本年度连续 ' || q.consecutive || ' 次' || t.award_name
       || '为依据（原为 ' || t.period || '）' AS reason
FROM streak_titles t
JOIN honors q ON q.subject_kind = t.subject_kind AND q.subject_id = t.subject_id AND q.kind = t.award AND q.year = t.year
     AND q.revoked_at IS NULL AND q.consecutive > 0 AND q.consecutive % t.streak = 0;

CREATE TEMPORARY TABLE streak_lost ON COMMIT DROP AS
SELECT t.subject_kind, t.subject_id, t.kind, t.period, t.was, coalesce(p.consecutive, 0) AS now, t.conferred_in,
       '按年度重新计数：' || t.award_name || ' ' || t.period || ' 为本年度连续第 ' || coalesce(p.consecutive, 0)
       || ' 次，' || t.year || ' 年内没有连续 ' || t.streak || ' 次' AS reason
FROM streak_titles t
LEFT JOIN honors p ON p.subject_kind = t.subject_kind AND p.subject_id = t.subject_id AND p.kind = t.award AND p.period = t.period
     AND p.revoked_at IS NULL
WHERE NOT EXISTS (SELECT 1 FROM streak_moved m WHERE m.subject_kind = t.subject_kind AND m.subject_id = t.subject_id
                  AND m.kind = t.kind AND m.was_period = t.period);

INSERT INTO streak_recounts (subject_kind, subject_id, kind, period, was, now, revoked, was_period, reason)
SELECT subject_kind, subject_id, kind, period, was, now, false, was_period, reason FROM streak_moved;

-- The title rests on the year's own streak: its period, count, round and basis, and the
-- year-end list's words for it (连续4次获党员先锋岗（至 2026-Q4）).
UPDATE honors h SET period = m.period, consecutive = m.now, round_id = m.round_id, awarded_at = m.awarded_at,
       basis = CASE WHEN m.basis = '' THEN '' ELSE m.detail END
FROM streak_moved m
WHERE h.subject_kind = m.subject_kind AND h.subject_id = m.subject_id AND h.kind = m.kind AND h.period = m.was_period;

UPDATE annual_entries e SET detail = m.detail
FROM streak_moved m JOIN rounds r ON r.kind = 'annual' AND r.period = m.year::text
WHERE e.round_id = r.id AND e.subject_id = m.subject_id AND e.title = m.kind AND e.basis = 'streak';

UPDATE round_results r SET reason = replace(r.reason, '（至 ' || m.was_period || '）', '（至 ' || m.period || '）')
FROM streak_moved m
WHERE r.round_id = m.conferred_in AND r.subject_id = m.subject_id;

INSERT INTO streak_recounts (subject_kind, subject_id, kind, period, was, now, revoked, reason)
SELECT subject_kind, subject_id, kind, period, was, now, true, reason FROM streak_lost;

UPDATE honors h SET revoked_at = now(), revoked_reason = l.reason
FROM streak_lost l
WHERE h.subject_kind = l.subject_kind AND h.subject_id = l.subject_id AND h.kind = l.kind AND h.period = l.period;

-- A title the year-end round conferred: its result there and the register say it was withdrawn.
UPDATE round_results r SET outcome = 'revoked', reason = '撤销：' || l.reason
FROM streak_lost l
WHERE r.round_id = l.conferred_in AND r.subject_id = l.subject_id;

WITH withdrawn AS (
    UPDATE titles t SET status = 'revoked'
    FROM streak_lost l
    WHERE t.round_id = l.conferred_in AND t.holder = l.subject_id AND t.status <> 'revoked'
    RETURNING t.id, l.reason)
INSERT INTO title_events (title_id, seq, action, status, reason, by_whom, at)
SELECT w.id, (SELECT coalesce(max(seq), 0) + 1 FROM title_events e WHERE e.title_id = w.id), 'revoke', 'revoked', w.reason,
       'system', now()
FROM withdrawn w;

-- +goose Down
-- The counts and the honors come back as they were (a moved title's basis, award time, the
-- year-end list's words and its result's reason keep the newer period); the results and the register keep their revocation (an
-- event in a title's history is never taken back): restore those by hand.
UPDATE honors h SET consecutive = s.was
FROM streak_recounts s
WHERE NOT s.revoked AND s.was_period IS NULL AND h.subject_kind = s.subject_kind AND h.subject_id = s.subject_id AND h.kind = s.kind AND h.period = s.period;
UPDATE honors h SET period = s.was_period, consecutive = s.was,
       round_id = CASE s.kind WHEN 'excellent_member' THEN 'pioneer/' ELSE 'redflag/' END || s.was_period
FROM streak_recounts s
WHERE s.was_period IS NOT NULL
  AND h.subject_kind = s.subject_kind AND h.subject_id = s.subject_id AND h.kind = s.kind AND h.period = s.period;
UPDATE honors h SET revoked_at = NULL, revoked_reason = ''
FROM streak_recounts s
WHERE s.revoked AND h.subject_kind = s.subject_kind AND h.subject_id = s.subject_id AND h.kind = s.kind AND h.period = s.period;
DROP TABLE streak_recounts;
