// Package english finds English sentences in text that should be Chinese: a run of four or
// more ASCII words, not counting what stays ASCII on purpose (ids, flags, paths, file names,
// URLs, numbers, command lines).
package english

import (
	"regexp"
	"strings"

	"wenming/msg"
)

var word = regexp.MustCompile(`^[A-Za-z][a-z']*[,;:.!?)]*$`)

// Runs returns the runs of 4 or more plain English words in text, line by line. A token with
// a digit, '/', '-', '_', '=', '@', a dot inside or backquotes is an id, a flag, a path or code
// and breaks a run; a line that is a command line (starts with "starter ", "$ starter " or
// "go ") is skipped.
func Runs(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "starter ") || strings.HasPrefix(trimmed, "$ starter ") || strings.HasPrefix(trimmed, "go ") {
			continue
		}
		var run []string
		flush := func() {
			if len(run) >= 4 {
				out = append(out, strings.Join(run, " "))
			}
			run = nil
		}
		for _, tok := range strings.Fields(line) {
			if word.MatchString(tok) {
				run = append(run, tok)
				continue
			}
			flush()
		}
		flush()
	}
	return out
}

// Of is err in English, for tests that assert what a problem or a rule's refusal says: as the
// CLI would say it with --lang en.
func Of(err error) string {
	if err == nil {
		return ""
	}
	return msg.RenderError(msg.For(msg.English), err)
}
