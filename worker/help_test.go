package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/spf13/pflag"
	"github.com/stretchr/testify/assert"

	"wenming/msg"
	"wenming/testenv/english"
)

// The worker's --help is Chinese: the heading and every flag, the connection flags in the
// CLI's words; in English it is the flag definitions' own text.
func TestTheWorkersHelpIsChinese(t *testing.T) {
	f := newFlags()
	localize(f.fs, msg.For(msg.Chinese))
	f.fs.VisitAll(func(fl *pflag.Flag) {
		assert.True(t, msg.Has(msg.Chinese, "flag.worker."+fl.Name) || msg.Has(msg.Chinese, "flag.root."+fl.Name), "--%s has no Chinese help", fl.Name)
	})
	var out bytes.Buffer
	usage(&out, f.fs, msg.For(msg.Chinese))
	assert.Contains(t, out.String(), "用法：worker [选项]")
	assert.Empty(t, english.Runs(out.String()), "English in the worker's help:\n%s", out.String())

	en := newFlags()
	localize(en.fs, msg.For(msg.English))
	out.Reset()
	usage(&out, en.fs, msg.For(msg.English))
	assert.Contains(t, out.String(), "embedded stack: port of the Temporal frontend on 127.0.0.1")
}

// The catalogue keeps no help for a flag the worker no longer has.
func TestNoStaleWorkerHelp(t *testing.T) {
	f := newFlags()
	for _, id := range msg.IDs(msg.Chinese) {
		if name, ok := strings.CutPrefix(id, "flag.worker."); ok {
			assert.NotNil(t, f.fs.Lookup(name), "msg/zh.yaml keeps %s, which the worker has no flag for", id)
		}
	}
}
