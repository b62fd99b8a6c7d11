package roster

import (
	"strings"
	"testing"

	"wenming/input/problem"
	"wenming/input/sheet"
)

// FuzzRosters feeds arbitrary bytes to the three roster readers: each returns rows or a
// problem naming the file, never a panic, and every row it returns has an id.
func FuzzRosters(f *testing.F) {
	f.Add([]byte("id,name,parent,kind,staff,departments\noffice,市文明办,,office,35,4\n"))
	f.Add([]byte("id,name,unit\nb1,=CMD(\"calc\"),office\n"))
	f.Add([]byte("id,name,branch,phone\nm1,张三,b1,13800000000\nm1,李四,b1,\n"))
	f.Add([]byte("id,name,branch\n'; DROP TABLE members; --,x,b1\n"))
	f.Add([]byte("\xef\xbb\xbfid,name\n\"open,quote\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tbl, err := sheet.ReadCSV("r.csv", strings.NewReader(string(data)))
		if err != nil {
			return
		}
		check := func(n int, ids func(int) string, err error) {
			if err != nil {
				if !problem.Is(err) || !strings.Contains(err.Error(), "r.csv") {
					t.Fatalf("not a problem naming the file: %v", err)
				}
				return
			}
			for i := range n {
				if ids(i) == "" {
					t.Fatalf("row %d without an id", i)
				}
			}
		}
		u, err := ReadUnits(tbl)
		check(len(u), func(i int) string { return u[i].ID }, err)
		b, err := ReadBranches(tbl)
		check(len(b), func(i int) string { return b[i].ID }, err)
		m, err := ReadMembers(tbl)
		check(len(m), func(i int) string { return m[i].ID }, err)
	})
}
