package searchattr

import "strings"

// Quote makes a string literal for a visibility query, so that user input never changes the
// query's meaning: 'a”b' style escaping of single quotes, and backslashes escaped.
func Quote(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	return "'" + strings.ReplaceAll(s, "'", `\'`) + "'"
}
