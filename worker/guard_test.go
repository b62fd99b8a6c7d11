package main

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/backend"
	"wenming/identity"
)

// --identity-keys puts the guard on the worker; a folder others may write (or without a key)
// stops the worker before it starts; without the flag nothing is added (development).
func TestTheIdentityKeysFlagPutsTheGuardOnTheWorker(t *testing.T) {
	var opts backend.Options
	require.NoError(t, guard(&opts, ""))
	assert.Empty(t, opts.Interceptors, "no keys: nothing checked")

	dir := t.TempDir()
	_, err := identity.NewKey(dir)
	require.NoError(t, err)
	require.NoError(t, guard(&opts, dir))
	assert.Len(t, opts.Interceptors, 1, "the guard")

	require.NoError(t, os.Chmod(dir, 0o777))
	assert.ErrorContains(t, guard(&backend.Options{}, dir), "only its owner may write")
	assert.ErrorContains(t, guard(&backend.Options{}, t.TempDir()), "no public key")
}
