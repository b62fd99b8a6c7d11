package cli

import (
	"testing"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/assert"
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
