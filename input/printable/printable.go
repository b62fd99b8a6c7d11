// Package printable keeps text that people typed (names in rosters, notes) from acting on a
// terminal or a page: control characters (escape sequences, carriage returns) and the
// invisible marks that reverse the direction of text are removed.
package printable

import (
	"strings"
	"unicode"
)

// Clean returns s without control characters and bidirectional formatting marks.
func Clean(s string) string {
	if strings.IndexFunc(s, unsafe) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unsafe(r) {
			return -1
		}
		return r
	}, s)
}

func unsafe(r rune) bool {
	switch {
	case unicode.IsControl(r):
		return true
	case r == '\u200e' || r == '\u200f', r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069':
		return true // left-to-right and right-to-left marks, embeddings, overrides and isolates
	}
	return false
}
