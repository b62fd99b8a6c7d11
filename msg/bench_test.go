package msg

import (
	"testing"
	"time"
)

// Workflows render a Text every time they set their details: in a round of thousands of
// branches that is on the hot path.
func BenchmarkRenderAText(b *testing.B) {
	t := Say("refuse.sheet.late", "Closed", At{T: time.Date(2027, 4, 10, 10, 0, 0, 0, time.UTC), TZ: "Asia/Shanghai"}, "Branch", "b-finance")
	for b.Loop() {
		_ = t.String()
	}
}
