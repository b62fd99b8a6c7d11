package main

import (
	"debug/elf"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The production worker (go tool task build, deploy/Dockerfile: -tags nodevstack, no cgo)
// links neither the Temporal server nor the Web UI, is a static executable, prints the version
// it was stamped with, and refuses to run without a cluster's address, saying why.
func TestTheProductionWorkerLeavesTheDevStackOut(t *testing.T) {
	deps, err := exec.Command("go", "list", "-deps", "-tags", "nodevstack", ".").CombinedOutput()
	require.NoError(t, err, string(deps))
	for _, dep := range strings.Fields(string(deps)) {
		assert.False(t, strings.HasPrefix(dep, "go.temporal.io/server") || strings.Contains(dep, "temporalio/ui-server"),
			"the production worker links %s", dep)
	}
	all, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	require.NoError(t, err, string(all))
	assert.Contains(t, string(all), "go.temporal.io/server/temporal", "the development build embeds the server")

	bin := filepath.Join(t.TempDir(), "wenming-worker")
	build := exec.Command("go", "build", "-tags", "nodevstack", "-trimpath", "-ldflags", "-X wenming/version.Version=v9.9.9-test", "-o", bin, ".")
	build.Env = append(build.Environ(), "CGO_ENABLED=0") // as deploy/Dockerfile builds it
	out, err := build.CombinedOutput()
	require.NoError(t, err, string(out))
	f, err := elf.Open(bin)
	require.NoError(t, err)
	for _, p := range f.Progs {
		assert.NotEqual(t, elf.PT_INTERP, p.Type, "the production worker is linked dynamically: a minimal base has no C library")
	}
	f.Close()
	out, err = exec.Command(bin, "--version").CombinedOutput()
	require.NoError(t, err)
	assert.Equal(t, "v9.9.9-test\n", string(out))
	cmd := exec.Command(bin, "--address", "", "--data-dir", t.TempDir())
	cmd.Env = append(cmd.Environ(), "LANG=zh_CN.UTF-8", "TEMPORAL_ADDRESS=", "TEMPORAL_CONFIG_FILE="+filepath.Join(t.TempDir(), "none.toml"))
	out, err = cmd.CombinedOutput()
	assert.Error(t, err)
	assert.Contains(t, string(out), "这个版本不含内置开发环境（生产用 worker）：请用 --address 或 TEMPORAL_ADDRESS 给出 Temporal 集群的地址")
}
