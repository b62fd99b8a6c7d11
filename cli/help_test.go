package cli

import (
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/msg"
	"wenming/testenv/english"
)

// Every verb an administrator can run shows an example in its help.
func TestEveryVerbHasAnExample(t *testing.T) {
	a := newApp(nil, nil)
	var walk func(c *cobra.Command)
	n := 0
	walk = func(c *cobra.Command) {
		if c.Runnable() && c.Name() != "help" && c.Name() != "completion" {
			n++
			assert.NotEmpty(t, c.Example, "starter %s has no example", c.CommandPath())
			assert.NotEmpty(t, c.Short, "starter %s has no description", c.CommandPath())
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(a.root())
	assert.Greater(t, n, 40, "the verbs were walked")
}

// Every command and flag has Chinese help in the catalogue, and the catalogue keeps no help
// for a command or flag that is gone.
func TestEveryVerbAndFlagHasChineseHelp(t *testing.T) {
	a := newApp(nil, nil)
	a.p = msg.For(msg.Chinese)
	want := map[string]bool{}
	walkCommands(a.root(), func(c *cobra.Command) {
		key := helpKey(c)
		want["cmd."+key+".short"] = true
		if c.Long != "" {
			want["cmd."+key+".long"] = true
		}
		if c.Example != "" && msg.Has(msg.Chinese, "cmd."+key+".example") {
			want["cmd."+key+".example"] = true
		}
		add := func(f *pflag.Flag) {
			if f.Name != "help" {
				want["flag."+key+"."+f.Name] = true
			}
		}
		c.LocalNonPersistentFlags().VisitAll(add)
		c.PersistentFlags().VisitAll(add)
	})
	for id := range want {
		assert.True(t, msg.Has(msg.Chinese, id), "%s has no Chinese in msg/zh.yaml", id)
	}
	for _, id := range msg.IDs(msg.Chinese) {
		// The worker's, replaylive's and the cluster mode's flags: their own tests check them.
		other := strings.HasPrefix(id, "flag.worker.") || strings.HasPrefix(id, "flag.replaylive.") || strings.HasPrefix(id, "flag.cluster.")
		if (strings.HasPrefix(id, "cmd.") || strings.HasPrefix(id, "flag.")) && id != "flag.help" && !other {
			assert.True(t, want[id], "msg/zh.yaml keeps %s, which no command or flag has", id)
		}
	}
}

// `starter --help` and every verb's --help read in Chinese by default, and in English with
// --lang en; an unknown language is refused.
func TestHelpInBothLanguages(t *testing.T) {
	t.Setenv("WENMING_LANG", "")
	t.Setenv("LC_ALL", "")
	t.Setenv("LANG", "")
	var paths [][]string
	walkCommands(newApp(nil, nil).root(), func(c *cobra.Command) {
		paths = append(paths, strings.Fields(c.CommandPath())[1:])
	})
	require.Greater(t, len(paths), 60)
	for _, path := range paths {
		zh := run(t, append(path, "--help")...)
		require.Equal(t, 0, zh.code, zh.errOut)
		assert.Contains(t, zh.out, "用法：", path)
		assert.Empty(t, english.Runs(zh.out), "English in starter %s --help", strings.Join(path, " "))
		en := run(t, append(path, "--help", "--lang", "en")...)
		require.Equal(t, 0, en.code, en.errOut)
		assert.Contains(t, en.out, "Usage:", path)
		assert.NotContains(t, en.out, "用法", path)
	}
	bad := run(t, "--lang", "fr", "--help")
	assert.Equal(t, 2, bad.code)
	assert.Contains(t, bad.errOut, `"fr"`)
}
