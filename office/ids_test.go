package office

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"wenming/rules/standard"
	"wenming/store"
	"wenming/workflows"
)

// A submission's derived id is how a resend is known for what it is: if the way it is made
// changed between versions, an act sent again after an upgrade would count as a new one. The
// ids here are the ones the CLI derived before the office existed.
func TestDerivedIDsStayTheSame(t *testing.T) {
	approve := &workflows.ApproveRequest{}
	assert.Equal(t, "s-e0b2769403775f9f", DerivedID(workflows.UpdateApprove, "pioneer/2026-Q4", approve))
	decide := &workflows.DecideRequest{Document: "市文明办〔2026〕13号", On: "2026-12-07"}
	assert.Equal(t, "s-59d99f0c33e2c905", DerivedID(workflows.UpdateDecide, "campaign/c1", decide))
}

// A sheet is named by its round, branch, members present and file: the same file sent again
// is a resend, whichever client sends it.
func TestASheetIsNamedByItsContent(t *testing.T) {
	raw := []byte("ballot,candidate,1,2,3,4,5,6,7,8,9,10\n1,m1,9,9,9,9,9,9,9,9,9,9\n")
	doc, err := os.ReadFile("../standards/pioneer-post.yaml")
	require.NoError(t, err)
	std, err := standard.Parse("pioneer-post.yaml", doc)
	require.NoError(t, err)
	rb := store.RoundBallots{Standard: std, Candidates: map[string]map[string]string{"b1": {"m1": ""}}}
	var s Sheet
	_, err = checkSheet("pioneer/2026-Q4", rb, SheetFile{Branch: "b1", Present: 1, Path: "b1.csv",
		Read: func() ([]byte, error) { return raw, nil }}, &s)
	require.NoError(t, err)
	assert.Equal(t, "s-ff925cd8afdbea38", s.ID)
}
