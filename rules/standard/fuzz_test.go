package standard

import (
	"strings"
	"testing"

	"wenming/input/sheet"
)

// FuzzScoreSheet feeds arbitrary bytes through the sheet reader and the scorer of both modes:
// whatever comes in, the result is a score or a problem, never a panic, and a score always
// lies within 0..max plus the bonus limit.
func FuzzScoreSheet(f *testing.F) {
	add := civilizedUnit(f)
	ded := hygiene(f)
	f.Add([]byte(fullMarks(add, "national,6")))
	f.Add([]byte("item,severity,deduction\n3,normal,\n4,serious,1.5\nextra,bonus,5\n"))
	f.Add([]byte("item,score\n1,\"6\n"))
	f.Add([]byte("\xef\xbb\xbfitem,score\n# comment\n1,5.5\n"))
	f.Add([]byte{0xb2, 0xe2, 0xca, 0xd4, ',', '1', '\n'})
	f.Fuzz(func(t *testing.T, data []byte) {
		tbl, err := sheet.ReadCSV("fuzz.csv", strings.NewReader(string(data)))
		if err != nil {
			return
		}
		for _, s := range []*Standard{add, ded} {
			sh, err := s.ReadSheet(tbl)
			if err != nil {
				continue
			}
			r, err := s.Score(sh)
			if err != nil {
				continue
			}
			limit := s.Max()
			for _, g := range s.Bonus {
				limit += g.Limit()
			}
			if r.Base < 0 || r.Base > s.Max() || r.Total > limit || r.Total != r.Base+r.Bonus {
				t.Fatalf("score out of bounds: %+v", r)
			}
		}
	})
}
