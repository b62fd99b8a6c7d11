package title

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/input/sheet"
	"wenming/testenv/english"
)

func TestTheExampleRegisterReads(t *testing.T) {
	f, err := os.Open("../../examples/titles.csv")
	require.NoError(t, err)
	defer f.Close()
	tbl, err := sheet.ReadCSV("titles.csv", f)
	require.NoError(t, err)
	held, err := Read(tbl)
	require.NoError(t, err)
	require.NotEmpty(t, held)
	assert.Equal(t, Held{Unit: "finance", Kind: "honor", Level: National, Name: "全国财政系统先进集体", ConferredBy: "财政部",
		DocumentNo: "财人〔2024〕31号", ConferredOn: time.Date(2024, 6, 18, 0, 0, 0, 0, time.UTC), Line: 3}, held[0])
}

func TestEveryBadRowIsNamed(t *testing.T) {
	text := "unit,person,kind,level,title,conferred_by,document,conferred_on,term_end\n" +
		",,star,county,,,,,\n" +
		"finance,,honor,city,表彰,市委,,2024-13-01,\n" +
		"finance,,honor,city,表彰,市委,,2024-06-01,2024-05-01\n" +
		"finance,,honor,city,表彰,市委,,2024-06-01,\n"
	tbl, err := sheet.ReadCSV("titles.csv", strings.NewReader(text))
	require.NoError(t, err)
	_, err = Read(tbl)
	require.Error(t, err)
	for _, want := range []string{
		"titles.csv:2: unit: give the id of the unit that holds the title",
		`titles.csv:2: kind: "star" is not a kind of title; use one of civilized-unit, civilized-window`,
		`titles.csv:2: level: "county" is not a level; use one of national, provincial, city, city-organs, district`,
		"titles.csv:2: title: give the title's name",
		"titles.csv:2: conferred_by: give the body that conferred the title",
		"titles.csv:2: conferred_on: give the day of conferral",
		`titles.csv:3: conferred_on: "2024-13-01" is not a date`,
		"titles.csv:4: term_end: the term must end after the day of conferral",
		"titles.csv:5: the same title (holder, kind, level, day) is already on line 4",
	} {
		assert.Contains(t, english.Of(err), want)
	}
}

func TestLevels(t *testing.T) {
	for _, c := range []struct {
		l, min Level
		want   bool
	}{
		{National, CityOrgans, true}, {City, CityOrgans, true}, {CityOrgans, CityOrgans, true},
		{District, CityOrgans, false}, {Provincial, National, false}, {"county", District, false},
	} {
		assert.Equal(t, c.want, c.l.AtLeast(c.min), "%s at least %s", c.l, c.min)
	}
}
