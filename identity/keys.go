package identity

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
)

// The product's identity keys are Ed25519 keys in a folder: each as <id>.key (the private key,
// PKCS #8 PEM, readable by its owner only), kept where tokens are signed, and <id>.pub (the
// public key, PKIX PEM), kept where they are checked. To rotate, add a new key: its public
// key goes to every worker first, then its private key replaces the old one where tokens are
// signed; the old public key is removed once no token it signed can be live (MaxLifetime).

// Key is an identity key that signs act tokens.
type Key struct {
	ID      string
	private ed25519.PrivateKey
}

// KeyRing is the public identity keys a worker checks act tokens with, by id.
type KeyRing struct {
	public map[string]ed25519.PublicKey
}

// KeyID names a public key: the first 8 bytes of its SHA-256, in hex.
func KeyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return hex.EncodeToString(sum[:8])
}

// NewKey makes an identity key and writes it to dir as <id>.key and <id>.pub, never over a
// file already there.
func NewKey(dir string) (*Key, error) {
	pub, private, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("make an identity key: %w", err)
	}
	k := &Key{ID: KeyID(pub), private: private}
	der, err := x509.MarshalPKCS8PrivateKey(private)
	if err != nil {
		return nil, fmt.Errorf("make an identity key: %w", err)
	}
	if err := writeNew(filepath.Join(dir, k.ID+".key"), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		return nil, err
	}
	pubDER, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil, fmt.Errorf("make an identity key: %w", err)
	}
	if err := writeNew(filepath.Join(dir, k.ID+".pub"), pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER}), 0o644); err != nil {
		return nil, err
	}
	return k, nil
}

func writeNew(path string, data []byte, mode os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Close()
}

// ReadKey reads a private identity key. A file others may read or write, or a symbolic link,
// is refused: whoever reads it can act as anyone.
func ReadKey(path string) (*Key, error) {
	der, err := readPEM(path, "PRIVATE KEY", 0o077)
	if err != nil {
		return nil, err
	}
	parsed, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, fmt.Errorf("read identity key %s: %w", path, err)
	}
	private, ok := parsed.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("read identity key %s: not an Ed25519 key", path)
	}
	return &Key{ID: KeyID(private.Public().(ed25519.PublicKey)), private: private}, nil
}

// ReadKeyRing reads every public identity key (*.pub) in dir. A folder without one is an error:
// a worker that checks nothing must say so, not accept everything. A folder or key others may
// write, or a symbolic link, is refused: whoever adds a key there can act as anyone.
func ReadKeyRing(dir string) (*KeyRing, error) {
	info, err := os.Lstat(dir)
	if err != nil {
		return nil, fmt.Errorf("read identity keys: %w", err)
	}
	if !info.IsDir() || info.Mode().Perm()&0o022 != 0 {
		return nil, fmt.Errorf("read identity keys: %s is not a folder only its owner may write (mode %v)", dir, info.Mode())
	}
	paths, err := filepath.Glob(filepath.Join(dir, "*.pub"))
	if err != nil {
		return nil, fmt.Errorf("read identity keys: %w", err)
	}
	sort.Strings(paths)
	r := &KeyRing{public: map[string]ed25519.PublicKey{}}
	for _, path := range paths {
		pub, err := readPublic(path)
		if err != nil {
			return nil, err
		}
		r.public[KeyID(pub)] = pub
	}
	if len(r.public) == 0 {
		return nil, fmt.Errorf("read identity keys: no public key (*.pub) in %s", dir)
	}
	return r, nil
}

func readPublic(path string) (ed25519.PublicKey, error) {
	der, err := readPEM(path, "PUBLIC KEY", 0o022)
	if err != nil {
		return nil, err
	}
	parsed, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		return nil, fmt.Errorf("read identity key %s: %w", path, err)
	}
	pub, ok := parsed.(ed25519.PublicKey)
	if !ok {
		return nil, fmt.Errorf("read identity key %s: not an Ed25519 key", path)
	}
	if want := strings.TrimSuffix(filepath.Base(path), ".pub"); want != KeyID(pub) {
		return nil, errors.New("read identity key " + path + ": its name is not its id " + KeyID(pub))
	}
	return pub, nil
}

// Has says whether the ring holds the key with this id.
func (r *KeyRing) Has(id string) bool {
	_, ok := r.public[id]
	return ok
}

// readPEM reads the DER bytes of a PEM file holding one block of the type: a regular file, not
// a symbolic link, whose mode has none of the bits of forbidden.
func readPEM(path, typ string, forbidden os.FileMode) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW, 0)
	if err != nil {
		return nil, fmt.Errorf("read identity key %s (a symbolic link is refused): %w", path, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read identity key: %w", err)
	}
	if !info.Mode().IsRegular() || info.Mode().Perm()&forbidden != 0 {
		return nil, fmt.Errorf("read identity key %s: mode %v is too open (a private key: 600; a public key: writable by its owner only)", path, info.Mode())
	}
	data, err := io.ReadAll(io.LimitReader(f, 64<<10))
	if err != nil {
		return nil, fmt.Errorf("read identity key: %w", err)
	}
	block, _ := pem.Decode(data)
	if block == nil || block.Type != typ {
		return nil, fmt.Errorf("read identity key %s: not a PEM %s", path, strings.ToLower(typ))
	}
	return block.Bytes, nil
}
