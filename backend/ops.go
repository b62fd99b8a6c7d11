package backend

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"wenming/backend/ops"
	"wenming/workflows/searchattr"
)

// serveOps serves /metrics, /healthz and /readyz when an address was given.
func (s *Service) serveOps() error {
	if s.opts.OpsAddress == "" {
		return nil
	}
	if err := s.metrics.Registry.Register(ops.Phases(s.DB)); err != nil {
		return fmt.Errorf("metrics: %w", err)
	}
	if err := s.metrics.Registry.Register(ops.OverdueWaits(s.Client, s.Config.Namespace)); err != nil {
		return fmt.Errorf("metrics: %w", err)
	}
	addr, stop, err := ops.Serve(s.opts.OpsAddress, ops.Handler(s.metrics.Registry, s.readiness()))
	if err != nil {
		return fmt.Errorf("serve /metrics, /healthz and /readyz on %s: %w", s.opts.OpsAddress, err)
	}
	s.Ops, s.stopOps = addr.String(), stop
	s.opts.Logger.Info("serving metrics and health", "metrics", "http://"+s.Ops+"/metrics", "ready", "http://"+s.Ops+"/readyz")
	return nil
}

// pollerFresh is how recently a poller of this worker must have been seen: a long poll lasts
// about a minute before it is renewed.
const pollerFresh = 2 * time.Minute

// readiness is what a ready worker needs: PostgreSQL and Temporal answering, its own pollers
// seen on the task queue and the namespace's search attributes registered (a process that runs
// no worker is ready when the first two are).
func (s *Service) readiness() []ops.Check {
	checks := []ops.Check{
		{Name: "postgresql", Probe: func(ctx context.Context) error { return s.DB.PingContext(ctx) }},
		{Name: "temporal", Probe: func(ctx context.Context) error {
			_, err := s.Client.CheckHealth(ctx, &client.CheckHealthRequest{})
			return err
		}},
	}
	if s.opts.NoWorker {
		return checks
	}
	return append(checks, ops.Check{Name: "worker", Probe: s.pollerSeen},
		ops.Check{Name: "search_attributes", Probe: s.searchAttributesRegistered})
}

// searchAttributesRegistered says whether the namespace has every attribute the workflows set:
// a workflow that sets a missing one stalls (its task fails and is retried) until an operator
// registers it.
func (s *Service) searchAttributesRegistered(ctx context.Context) error {
	missing, err := searchattr.Missing(ctx, s.Client, s.Config.Namespace)
	if err != nil {
		return err
	}
	if len(missing) > 0 {
		return fmt.Errorf("search attributes not registered on namespace %s: %s", s.Config.Namespace, strings.Join(missing, ", "))
	}
	return nil
}

// pollerSeen says whether this worker is polling its task queue, as the server sees it.
func (s *Service) pollerSeen(ctx context.Context) error {
	if !s.polling.Load() {
		return errors.New("the worker is stopped")
	}
	d, err := s.Client.DescribeTaskQueue(ctx, s.Config.TaskQueue, enumspb.TASK_QUEUE_TYPE_WORKFLOW)
	if err != nil {
		return err
	}
	for _, p := range d.GetPollers() {
		if p.GetIdentity() == s.identity && time.Since(p.GetLastAccessTime().AsTime()) < pollerFresh {
			return nil
		}
	}
	return fmt.Errorf("no poller of %s on task queue %s", s.identity, s.Config.TaskQueue)
}
