package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/msg"
	"wenming/testenv/english"
)

// go tool task cluster -- --help is Chinese, every flag included, and the catalogue keeps no
// help for a flag it does not have.
func TestTheClusterModeSpeaksChinese(t *testing.T) {
	if os.Getenv("WENMING_CLUSTER_HELP") == "1" {
		os.Args = []string{"cluster", "--help"}
		main()
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestTheClusterModeSpeaksChinese$")
	cmd.Env = append(os.Environ(), "WENMING_CLUSTER_HELP=1", "WENMING_LANG=zh")
	out, _ := cmd.CombinedOutput()
	help := string(out)
	require.Contains(t, help, "--workers")
	for _, id := range msg.IDs(msg.Chinese) {
		if name, ok := strings.CutPrefix(id, "flag.cluster."); ok {
			assert.Contains(t, help, "--"+name, "msg/zh.yaml keeps %s, which the cluster mode has no flag for", id)
			assert.Contains(t, help, msg.For(msg.Chinese).T(id))
		}
	}
	assert.Contains(t, help, "用法：go tool task cluster")
	assert.Empty(t, english.Runs(help), "English in the help:\n%s", help)
}
