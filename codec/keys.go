// Package codec encrypts what the product hands to Temporal: workflow and activity inputs and
// results, update and query payloads, memos and failure messages are sealed with AES-GCM
// before they leave the worker or the CLI, so the server's database and the Web UI hold
// ciphertext. Operators who hold a key decode through the codec server.
package codec

import (
	"encoding/base64"
	"fmt"
	"os"
	"regexp"
	"strings"

	"wenming/msg"

	"wenming/input/infile"
)

// Key is one AES-256 key and the id written next to what it sealed.
type Key struct {
	ID     string
	Secret []byte
}

var keyID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// ParseKeys reads keys written one per line (or comma-separated) as `id:base64-of-32-bytes`;
// `#` starts a comment. The last key seals; every key opens. To rotate, add a new key at the
// end and keep the old ones while workflows sealed with them may still be read.
func ParseKeys(source, text string) ([]Key, error) {
	var keys []Key
	seen := map[string]int{}
	for n, line := range strings.Split(strings.ReplaceAll(text, ",", "\n"), "\n") {
		line, _, _ = strings.Cut(line, "#")
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		where := msg.Say("codec.key.where", "Source", source, "N", n+1)
		id, secret, ok := strings.Cut(line, ":")
		if !ok {
			return nil, msg.Err("codec.key.form", "Where", where)
		}
		id = strings.TrimSpace(id)
		if !keyID.MatchString(id) {
			return nil, msg.Err("codec.key.id", "Where", where, "ID", id)
		}
		if first, dup := seen[id]; dup {
			return nil, msg.Err("codec.key.twice", "Where", where, "ID", id, "First", first)
		}
		raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(secret))
		if err != nil {
			return nil, msg.Err("codec.key.base64", "Where", where, "ID", id)
		}
		if len(raw) != 32 {
			return nil, msg.Err("codec.key.size", "Where", where, "ID", id, "N", len(raw))
		}
		seen[id] = n + 1
		keys = append(keys, Key{ID: id, Secret: raw})
	}
	if len(keys) == 0 {
		return nil, msg.Err("codec.key.none", "Source", source)
	}
	return keys, nil
}

// MaxSecretsFile bounds a file of keys or tokens: a line each, a few hundred at most.
const MaxSecretsFile = 64 << 10

// LoadKeys reads the keys from a file, or else from the text of an environment variable;
// neither given means no encryption (nil, nil).
func LoadKeys(file, envName string) ([]Key, error) {
	if file != "" {
		data, err := readSecrets(file, "key_file")
		if err != nil {
			return nil, msg.Wrap(err, "codec.key.read")
		}
		return ParseKeys(file, string(data))
	}
	if text := os.Getenv(envName); text != "" {
		return ParseKeys("$"+envName, text)
	}
	return nil, nil
}

// readSecrets reads a file of keys or tokens (what: its kind, as infile.Read names it). A
// plain file that accounts other than its owner's may read (a group or other permission
// bit, mode & 0o077) is refused before it is read: the secrets in it are no longer the
// owner's alone. A key or a token given in an environment variable is not a file and is
// not checked.
func readSecrets(file, what string) ([]byte, error) {
	if st, err := os.Stat(file); err == nil && st.Mode().IsRegular() && st.Mode().Perm()&0o077 != 0 {
		return nil, msg.Err("codec.file.open_to_others", "File", file, "Mode", fmt.Sprintf("%04o", st.Mode().Perm()))
	}
	return infile.Read(file, what, MaxSecretsFile)
}
