package printable

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"张三":                          "张三",
		"\x1b[2J\x1b[31m李四\x1b[0m":    "[2J[31m李四[0m",
		"王五\r赵六":                      "王五赵六",
		"finance\u202egpj.exe":        "financegpj.exe",
		"tab\tand\nnewline":           "tabandnewline",
		"\u2066isolated\u2069 \u200f": "isolated ",
	} {
		assert.Equal(t, want, Clean(in), "%q", in)
	}
}
