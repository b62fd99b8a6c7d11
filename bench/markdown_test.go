package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// Growth compares each stack's rounds with the smaller ones of the same stack, never a
// cluster's small round with the embedded stack's large one.
func TestGrowthComparesRoundsOfOneStack(t *testing.T) {
	run := func(stack string, n int, took time.Duration) e2e {
		return e2e{What: "pioneer round", Stack: stack, Scale: n, Total: took}
	}
	r := results{runs: []e2e{
		run(embedded, 1000, time.Minute), run(embedded, 5000, 3*time.Minute),
		run("cluster, 1 worker", 1000, 2*time.Minute), run("cluster, 1 worker", 5000, 8*time.Minute),
	}}
	w := &writer{}
	r.growth(w)
	assert.Equal(t, "## Growth\n\n"+
		"- pioneer round (embedded): 5x the size took 3.00x the time (1m0s to 3m0s).\n"+
		"- pioneer round (cluster, 1 worker): 5x the size took 4.00x the time (2m0s to 8m0s).\n\n", w.b.String())
}
