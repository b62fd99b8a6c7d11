package schedule

import (
	"os"
	"strings"
	"testing"
)

// FuzzParse: any bytes as a schedules file give a plan or an error naming the file, never a
// panic; bad cron expressions included.
func FuzzParse(f *testing.F) {
	if b, err := os.ReadFile("../../examples/demo-schedules.yaml"); err == nil {
		f.Add(b)
	}
	f.Add([]byte("pioneer:\n  cron: \"99 * * * *\"\n"))
	f.Add([]byte("pioneer:\n  cron: \"@every -1s\"\n  timezone: Mars/Olympus\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := Parse("s.yaml", data); err != nil && !strings.Contains(err.Error(), "s.yaml") {
			t.Fatalf("an error without the file's name: %v", err)
		}
	})
}
