package workflows

import (
	"go.temporal.io/sdk/workflow"

	"wenming/rules/rank"
)

// tieGate is how a ranking under a quota waits for the people who decide a tie at the cut
// (the office in a campaign, the committee in a round or a branch): it holds the tie that is
// pending and the decisions taken so far, checks a resolution against the tie, and ranks
// again once one is taken, until no tie is left.
type tieGate struct {
	pending   *rank.Tie
	decisions []rank.Decision
}

// rankUntilDecided runs rankOnce (with the decisions so far) until it leaves no tie pending;
// while one is, await waits for the next submission taken.
func (g *tieGate) rankUntilDecided(ctx workflow.Context, rankOnce func(decisions []rank.Decision) (*rank.Tie, error), await func(ctx workflow.Context, tie *rank.Tie) error) error {
	for {
		tie, err := rankOnce(g.decisions)
		if err != nil {
			return err
		}
		g.pending = tie
		if tie == nil {
			return nil
		}
		if err := await(ctx, tie); err != nil {
			return err
		}
	}
}

// check refuses a resolution when no tie is pending (with the owner's words for that) or
// when it does not choose exactly as many of the tied as there are places.
func (g *tieGate) check(r TieRequest, noTie func() error) error {
	if g.pending == nil {
		return noTie()
	}
	if err := rank.Check(*g.pending, r.Include); err != nil {
		return refusalOf(err)
	}
	return nil
}

// resolve takes a resolution of the pending tie, checked by its owner (with the owner's
// words): write records the decision, and the gate keeps it for the next ranking.
func (g *tieGate) resolve(r TieRequest, write func(rank.Decision) error) error {
	d := rank.Decision{Tie: g.pending.Key(), Include: r.Include}
	if err := write(d); err != nil {
		return err
	}
	g.decisions = append(g.decisions, d)
	g.pending = nil
	return nil
}

// awaitChange waits until a submission is taken (changed is set by the owner's intake).
func awaitChange(ctx workflow.Context, changed *bool) error {
	*changed = false
	return workflow.Await(ctx, func() bool { return *changed })
}
