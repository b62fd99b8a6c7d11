package cli

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/store"
	"wenming/testenv/pgtest"
)

// `audit verify` says the log is intact and prints its head; checked again with that head
// after more lines came, it still is; a line edited since is named, with the exit status 1;
// a head that is not SEQ:HASH is refused as bad input.
func TestAuditVerifyFindsAnEditedLine(t *testing.T) {
	db, url := pgtest.Fresh(t)
	ctx := context.Background()
	write := func(from, to int) {
		for i := from; i < to; i++ {
			require.NoError(t, store.RecordAudit(ctx, db, store.Audit{Kind: "declare", Target: "campaign/c/unit/finance",
				SubmissionID: fmt.Sprintf("s-%d", i), Actor: "张三", Accepted: true, Summary: "report of 120 characters"}))
		}
	}
	r := run(t, "audit", "verify", "--database-url", url)
	require.Equal(t, 0, r.code, r.errOut)
	assert.Contains(t, r.out, "审计日志还没有记录")

	write(0, 3)
	r = run(t, "audit", "verify", "--database-url", url)
	require.Equal(t, 0, r.code, r.errOut)
	assert.Contains(t, r.out, "审计日志完整：3 条记录的哈希链没有断开")
	head := regexp.MustCompile(`链头：(\d+:[0-9a-f]{64})`).FindStringSubmatch(r.out)
	require.Len(t, head, 2, r.out)

	write(3, 5)
	r = run(t, "audit", "verify", "--database-url", url, "--head", head[1])
	require.Equal(t, 0, r.code, r.errOut)
	assert.Contains(t, r.out, "5 条记录的哈希链没有断开")

	db.MustExec(`UPDATE audit_log SET actor = '主任' WHERE chain_seq = 2`)
	r = run(t, "audit", "verify", "--database-url", url, "--head", head[1])
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.out, "第 2 条（declare campaign/c/unit/finance，编号")
	assert.Contains(t, r.out, "在写入后被改动")
	assert.Contains(t, r.errOut, "审计日志的哈希链有 1 处断开（上面列出 1 处）")

	r = run(t, "audit", "verify", "--database-url", url, "--head", "3:xyz")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.errOut, "--head 「3:xyz」 不是 序号:哈希")
}
