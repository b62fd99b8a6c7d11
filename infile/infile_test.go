package infile

import (
	"os"
	"path/filepath"
	"testing"

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
	_, err = Read(big, "key file", 64<<10)
	assert.EqualError(t, err, "keys.txt: the key file is 8192 MB, larger than the 64 KB a key file can be; is it the right file?")

	_, err = Read("/dev/zero", "key file", 64<<10)
	assert.EqualError(t, err, "zero: is not a plain file (a device), not a key file")

	small := filepath.Join(t.TempDir(), "ok.txt")
	require.NoError(t, os.WriteFile(small, []byte("k1:abc\n"), 0o600))
	raw, err := Read(small, "key file", 64<<10)
	require.NoError(t, err)
	assert.Equal(t, "k1:abc\n", string(raw))
}
