package infile

import (
	"os"
	"path/filepath"
	"syscall"
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

// A file read through a folder (os.Root) is the file inside it: a path that is absolute,
// leaves through "..", or leads out through a symbolic link (to a file or a folder) is
// refused and nothing outside is read, however the path was checked before; a link inside
// the folder is followed, and a pipe inside is refused at once, as by Read.
func TestReadInStaysInItsFolder(t *testing.T) {
	outside := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(outside, "secret.csv"), []byte("secret"), 0o600))
	dir := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(dir, "sub"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "sub", "units.csv"), []byte("id\nu1\n"), 0o600))
	require.NoError(t, os.Symlink(filepath.Join(outside, "secret.csv"), filepath.Join(dir, "link.csv")))
	require.NoError(t, os.Symlink(outside, filepath.Join(dir, "out")))
	require.NoError(t, os.Symlink("sub/units.csv", filepath.Join(dir, "inside.csv")))
	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "pipe.csv"), 0o600))
	root, err := os.OpenRoot(dir)
	require.NoError(t, err)
	defer root.Close()

	for _, tt := range []struct{ name, want string }{
		{filepath.Join(outside, "secret.csv"), filepath.Join(outside, "secret.csv") + ": cannot open the file: the path leads out of its folder"},
		{"../" + filepath.Base(outside) + "/secret.csv", "cannot open the file: the path leads out of its folder"},
		{"sub/../../" + filepath.Base(outside) + "/secret.csv", "cannot open the file: the path leads out of its folder"},
		{"link.csv", "link.csv: cannot open the file: the path leads out of its folder (absolute, through \"..\" or a symbolic link)"},
		{"out/secret.csv", "out/secret.csv: cannot open the file: the path leads out of its folder"},
		{"pipe.csv", "pipe.csv: is not a plain file but a pipe"},
		{"gone.csv", "gone.csv: cannot open the file: no such file"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			raw, err := ReadIn(root, tt.name, "file", 1<<20)
			assert.Contains(t, english.Of(err), tt.want)
			assert.Nil(t, raw)
		})
	}
	for _, name := range []string{"sub/units.csv", "inside.csv", "sub/../sub/units.csv"} {
		raw, err := ReadIn(root, name, "file", 1<<20)
		require.NoError(t, err, name)
		assert.Equal(t, "id\nu1\n", string(raw), name)
	}
}
