package cli

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/testenv/pgtest"
)

func TestRosterImportIsIdempotent(t *testing.T) {
	db, url := pgtest.Fresh(t)
	for _, step := range []struct{ what, file, first string }{
		{"units", "../examples/units.csv", "22 units: 22 added, 0 changed, 0 unchanged"},
		{"branches", "../examples/branches.csv", "9 branches: 9 added, 0 changed, 0 unchanged"},
		{"members", "../examples/members.csv", "94 members: 94 added, 0 changed, 0 unchanged"},
	} {
		r := run(t, "roster", "import", step.what, step.file, "--database-url", url)
		require.Equal(t, 0, r.code, r.errOut)
		assert.Contains(t, r.out, step.first)
		again := run(t, "roster", "import", step.what, step.file, "--database-url", url)
		require.Equal(t, 0, again.code, again.errOut)
		assert.Contains(t, again.out, "0 added, 0 changed")
	}
	var n int
	require.NoError(t, db.Get(&n, `SELECT count(*) FROM members WHERE branch_id = 'b-tax'`))
	assert.Equal(t, 14, n)
}

func TestBadRosterWritesNothing(t *testing.T) {
	db, url := pgtest.Fresh(t)
	file := writeFile(t, "units.csv", "id,name,parent,kind,staff,departments\nok,好单位,,agency,10,1\nbad,坏单位,,agency,ten,1\n")
	r := run(t, "roster", "import", "units", file, "--database-url", url)
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.errOut, `文件 units.csv 第3行「staff」列：「ten」不是 0 或以上的整数`)
	var n int
	require.NoError(t, db.Get(&n, `SELECT count(*) FROM units`))
	assert.Zero(t, n)
}
