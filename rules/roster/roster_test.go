package roster

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/input/sheet"
	"wenming/testenv/english"
)

func read(t *testing.T, text string) *sheet.Table {
	t.Helper()
	tbl, err := sheet.ReadCSV("r.csv", strings.NewReader(text))
	require.NoError(t, err)
	return tbl
}

func TestExampleRostersRead(t *testing.T) {
	for file, read := range map[string]func(*sheet.Table) (int, error){
		"units.csv":    func(t *sheet.Table) (int, error) { u, err := ReadUnits(t); return len(u), err },
		"branches.csv": func(t *sheet.Table) (int, error) { b, err := ReadBranches(t); return len(b), err },
		"members.csv":  func(t *sheet.Table) (int, error) { m, err := ReadMembers(t); return len(m), err },
	} {
		f, err := os.Open("../../examples/" + file)
		require.NoError(t, err)
		tbl, err := sheet.ReadCSV(file, f)
		f.Close()
		require.NoError(t, err)
		n, err := read(tbl)
		require.NoError(t, err, file)
		assert.Positive(t, n)
	}
}

func TestReadUnits(t *testing.T) {
	units, err := ReadUnits(read(t, "name,id,kind,parent,staff,departments,note\n市文明办,office,office,,35,4,x\n财政局,finance,Agency,office,160,12,\n"))
	require.NoError(t, err)
	require.Len(t, units, 2)
	assert.Equal(t, Unit{ID: "finance", Name: "财政局", ParentID: "office", Kind: "agency", Staff: 160, Departments: 12, Line: 3}, units[1])

	stationed, err := ReadUnits(read(t, "id,name,parent,kind,staff,departments,stationed_at\nservice,行政审批局,,agency,80,19,\nhall,政务大厅窗口,service,window,12,0,市政务服务中心\n"))
	require.NoError(t, err)
	assert.Equal(t, "市政务服务中心", stationed[1].StationedAt, "a window stationed at a service centre (三.4)")
	assert.Empty(t, stationed[0].StationedAt)
}

func TestBadRosterRows(t *testing.T) {
	head := "id,name,parent,kind,staff,departments\n"
	tests := []struct{ name, text, want string }{
		{"missing column", "id,name,kind\n", `r.csv:1: the header lacks the column(s) parent, staff, departments`},
		{"duplicate id", head + "a,甲,,agency,1,1\na,乙,,agency,1,1\n", `r.csv:3: id: unit "a" appears twice (first on line 2)`},
		{"bad id", head + "a b,甲,,agency,1,1\n", `r.csv:2: id: "a b" is not a valid unit id`},
		{"empty name", head + "a,,,agency,1,1\n", `r.csv:2: name: the name is empty`},
		{"unknown kind", head + "a,甲,,bureau,1,1\n", `r.csv:2: kind: "bureau" is not a kind of unit`},
		{"negative staff", head + "a,甲,,agency,-3,1\n", `r.csv:2: staff: "-3" is not a whole number of 0 or more`},
		{"text staff", head + "a,甲,,agency,many,1\n", `r.csv:2: staff: "many" is not a whole number`},
		{"own parent", head + "a,甲,a,agency,1,1\n", `r.csv:2: parent: a unit cannot be its own parent`},
		{"loop", head + "a,甲,b,agency,1,1\nb,乙,a,agency,1,1\n", `r.csv:2: parent: unit "a" is its own ancestor`},
		{"no rows", head, `r.csv: the roster has no rows`},
		{"stationed agency", "id,name,parent,kind,staff,departments,stationed_at\na,甲,,agency,1,1,市政务服务中心\n",
			`r.csv:2: stationed_at: only a window is stationed at a centre`},
		{"stationed too long", "id,name,parent,kind,staff,departments,stationed_at\na,甲,,agency,1,1,\nw,窗口,a,window,1,0," + strings.Repeat("中", 65) + "\n",
			`r.csv:3: stationed_at: the centre's name is longer than 64 characters`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadUnits(read(t, tt.text))
			require.Error(t, err)
			assert.Contains(t, english.Of(err), tt.want)
		})
	}
}

func TestBadMembers(t *testing.T) {
	_, err := ReadMembers(read(t, "id,name,branch,phone\nm1,王伟,,138\nm2,李娜,b1,13800001111\nm2,赵敏,b1,\n"))
	require.Error(t, err)
	text := english.Of(err)
	assert.Contains(t, text, `r.csv:2: branch: every member belongs to a branch`)
	assert.Contains(t, text, `r.csv:2: phone: "138" is not a phone number`)
	assert.Contains(t, text, `r.csv:4: id: member "m2" appears twice (first on line 3)`)
}

// A name carrying terminal escape sequences or direction overrides is stored without them, so
// that no later listing of the roster can act on an operator's terminal.
func TestNamesLoseControlCharacters(t *testing.T) {
	members, err := ReadMembers(read(t, "id,name,branch\nm1,\"\x1b[2J\x1b[31m张三\u202e\",b1\n"))
	require.NoError(t, err)
	require.Len(t, members, 1)
	assert.Equal(t, "[2J[31m张三", members[0].Name)
	_, err = ReadMembers(read(t, "id,name,branch\nm1,\x1b\x07,b1\n"))
	assert.Contains(t, english.Of(err), "the name is empty", "a name of control characters alone is no name")
}
