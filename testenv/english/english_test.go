package english

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRuns(t *testing.T) {
	for _, tt := range []struct {
		text string
		want []string
	}{
		{"检查活动方案并启动活动；重复启动不会有任何改动", nil},
		{"Check a campaign spec and start it", []string{"Check a campaign spec and start it"}},
		{"活动 civilized-units-2027 已启动，见 http://127.0.0.1:8233/namespaces/default", nil},
		{"  starter campaign start examples/campaign-2027.yaml", nil},
		{"--address 文本   Temporal 前端地址 host:port（环境变量 TEMPORAL_ADDRESS）", nil},
		{"单位 finance: named, score 96.5", nil},
		{"waiting for the committee", []string{"waiting for the committee"}},
	} {
		assert.Equal(t, tt.want, Runs(tt.text), tt.text)
	}
}
