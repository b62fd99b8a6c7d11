package campaign

import (
	"os"
	"strings"
	"testing"
)

// FuzzParse: any bytes as a campaign spec give a spec or an error naming the file, never a
// panic (YAML bombs, wrong types, truncated files).
func FuzzParse(f *testing.F) {
	for _, p := range []string{"../../examples/campaign-2027.yaml", "../../examples/demo-campaign.yaml"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
			f.Add(b[:len(b)/2])
		}
	}
	f.Add([]byte("a: &a [*a, *a, *a, *a]\nb: [*a, *a, *a]\n"))
	f.Add([]byte("id: [1, 2]\nunits: {x: 1}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := Parse("c.yaml", data); err != nil && !strings.Contains(err.Error(), "c.yaml") {
			t.Fatalf("an error without the file's name: %v", err)
		}
	})
}
