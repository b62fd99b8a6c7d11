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
		{"units", "../examples/units.csv", "22 个单位：新增 22，修改 0，未变 0"},
		{"branches", "../examples/branches.csv", "9 个党支部：新增 9，修改 0，未变 0"},
		{"members", "../examples/members.csv", "94 个党员：新增 94，修改 0，未变 0"},
	} {
		r := run(t, "roster", "import", step.what, step.file, "--database-url", url)
		require.Equal(t, 0, r.code, r.errOut)
		assert.Contains(t, r.out, step.first)
		again := run(t, "roster", "import", step.what, step.file, "--database-url", url)
		require.Equal(t, 0, again.code, again.errOut)
		assert.Contains(t, again.out, "新增 0，修改 0")
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
