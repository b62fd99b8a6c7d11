package points

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in      string
		want    Points
		wantErr bool
	}{
		{"6", 600, false},
		{"0.5", 50, false},
		{".5", 50, false},
		{"97.25", 9725, false},
		{"1.50", 150, false},
		{"1.500", 150, false},
		{" 4 ", 400, false},
		{"-1.5", -150, false},
		{"+2", 200, false},
		{"0", 0, false},
		{"", 0, true},
		{".", 0, true},
		{"abc", 0, true},
		{"1,5", 0, true},
		{"1.255", 0, true},
		{"1e3", 0, true},
		{"１", 0, true},
		{"9999999999999", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := Parse(tt.in)
			if tt.wantErr {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestStringAndGrid(t *testing.T) {
	assert.Equal(t, "97.5", Points(9750).String())
	assert.Equal(t, "105", Of(105).String())
	assert.Equal(t, "0.25", Points(25).String())
	assert.True(t, Points(950).OnGrid(50))
	assert.False(t, Points(925).OnGrid(50))
	assert.False(t, Points(150).OnGrid(One))
	assert.True(t, Points(0).OnGrid(One))
	assert.Equal(t, Points(9750), FromFloat(97.5))
	assert.Equal(t, Points(-150), FromFloat(-1.5))
}

func TestJSONAndYAMLAreNumbers(t *testing.T) {
	b, err := json.Marshal(struct{ P Points }{9750})
	require.NoError(t, err)
	assert.JSONEq(t, `{"P":97.5}`, string(b))

	var back struct{ P Points }
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, Points(9750), back.P)

	y, err := yaml.Marshal(struct{ P Points }{50})
	require.NoError(t, err)
	assert.Equal(t, "p: 0.5\n", string(y))
	var yb struct{ P Points }
	require.NoError(t, yaml.Unmarshal([]byte("p: 1.5\n"), &yb))
	assert.Equal(t, Points(150), yb.P)
}

func TestSQLRoundTrip(t *testing.T) {
	v, err := Points(9750).Value()
	require.NoError(t, err)
	assert.Equal(t, "97.5", v)
	var p Points
	require.NoError(t, p.Scan([]byte("97.50")))
	assert.Equal(t, Points(9750), p)
	require.NoError(t, p.Scan(int64(3)))
	assert.Equal(t, Points(300), p)
	require.NoError(t, p.Scan(nil))
	assert.Zero(t, p)
	assert.Error(t, p.Scan(true))
}
