package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"wenming/msg"
	"wenming/testenv/english"
)

// The gate's --help is Chinese, every flag included, and the catalogue keeps no help for a
// flag it does not have; without a cluster's address it refuses to run, saying so.
func TestTheGateSpeaksChinese(t *testing.T) {
	t.Setenv("WENMING_LANG", "zh")
	var out, errOut bytes.Buffer
	assert.Equal(t, 2, run(context.Background(), []string{"--help"}, &out, &errOut))
	assert.Contains(t, errOut.String(), "用法：replaylive [选项]")
	assert.Empty(t, english.Runs(errOut.String()), "English in the gate's help:\n%s", errOut.String())
	for _, id := range msg.IDs(msg.Chinese) {
		if name, ok := strings.CutPrefix(id, "flag.replaylive."); ok {
			assert.Contains(t, errOut.String(), "--"+name, "msg/zh.yaml keeps %s, which the gate has no flag for", id)
		}
	}

	t.Setenv("TEMPORAL_ADDRESS", "")
	t.Setenv("TEMPORAL_CONFIG_FILE", t.TempDir()+"/none.toml")
	errOut.Reset()
	assert.Equal(t, 2, run(context.Background(), []string{"--address", ""}, &out, &errOut))
	assert.Contains(t, errOut.String(), "请用 --address 或 TEMPORAL_ADDRESS 给出要检查的 Temporal 集群")
}
