package infile

import (
	"os"
	"path/filepath"
	"testing"

	"wenming/testenv/english"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A file larger than its kind can be is refused by its size, before it is read; a device
// (which reports no size and never ends) is refused as not a plain file.
func TestWhatCannotBeAFileOfItsKindIsNotRead(t *testing.T) {
	big := filepath.Join(t.TempDir(), "keys.txt")
	f, err := os.Create(big)
	require.NoError(t, err)
	require.NoError(t, f.Truncate(8<<30)) // 8 GB, sparse: reading it would exhaust memory
	f.Close()
	_, err = Read(big, "key_file", 64<<10)
	assert.Equal(t, "keys.txt: the key file is 8192 MB, larger than such a file can be (64 KB); is it the right file?", english.Of(err))

	_, err = Read("/dev/zero", "key_file", 64<<10)
	assert.Equal(t, "zero: is not a plain file but a device, so not a key file", english.Of(err))

	small := filepath.Join(t.TempDir(), "ok.txt")
	require.NoError(t, os.WriteFile(small, []byte("k1:abc\n"), 0o600))
	raw, err := Read(small, "key_file", 64<<10)
	require.NoError(t, err)
	assert.Equal(t, "k1:abc\n", string(raw))
}
