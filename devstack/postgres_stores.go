//go:build !nodevstack

package devstack

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/server/common/config"
	"go.temporal.io/server/common/log"
	"go.temporal.io/server/common/persistence/sql/sqlplugin/postgresql"
	"go.temporal.io/server/tools/common/schema"
	sqltool "go.temporal.io/server/tools/sql"
	"google.golang.org/protobuf/types/known/durationpb"
)

// sqlConfig is the server's connection to one of its PostgreSQL databases.
func (p PostgresStores) sqlConfig(database string) *config.SQL {
	return &config.SQL{PluginName: postgresql.PluginName, DatabaseName: database, ConnectAddr: p.Address, ConnectProtocol: "tcp",
		User: p.User, Password: p.Password, ConnectAttributes: p.ConnectAttributes, MaxConns: 20, MaxIdleConns: 20, MaxConnLifetime: time.Hour}
}

// SetupPostgres creates or updates the schemas of a Temporal server's two databases (which must
// exist) with Temporal's own schema tool and the schema files of the pinned server module, as
// temporal-sql-tool setup-schema and update-schema do. Run again, it changes nothing.
func SetupPostgres(p PostgresStores) error {
	for _, db := range []struct{ name, schema string }{
		{p.Persistence, "postgresql/v12/temporal"},
		{p.Visibility, "postgresql/v12/visibility"},
	} {
		logger := log.NewNoopLogger()
		conn, err := sqltool.NewConnection(p.sqlConfig(db.name), logger)
		if err != nil {
			return fmt.Errorf("connect to %s: %w", db.name, err)
		}
		err = schema.NewSetupSchemaTask(conn, &schema.SetupConfig{InitialVersion: "0.0"}, logger).Run()
		if err == nil {
			err = schema.NewUpdateSchemaTask(conn, &schema.UpdateConfig{DBName: db.name, SchemaName: db.schema}, logger).Run()
		}
		conn.Close()
		if err != nil {
			return fmt.Errorf("Temporal schema of %s: %w", db.name, err)
		}
	}
	return nil
}

// postgresServerConfig is serverConfig with the state in PostgreSQL.
func postgresServerConfig(p PostgresStores, ports portSet) *config.Config {
	conf := serverConfig(p.sqlConfig(p.Persistence), ports)
	conf.Persistence.DefaultStore = "postgres-default"
	conf.Persistence.VisibilityStore = "postgres-visibility"
	conf.Persistence.NumHistoryShards = int32(max(p.Shards, 1))
	conf.Persistence.DataStores = map[string]config.DataStore{
		"postgres-default":    {SQL: p.sqlConfig(p.Persistence)},
		"postgres-visibility": {SQL: p.sqlConfig(p.Visibility)},
	}
	return conf
}

// registerNamespace registers the namespace (three days of retention for closed workflows)
// once the frontend answers, and waits until it serves it; one already there is kept.
func registerNamespace(ctx context.Context, address, namespace string) error {
	c, err := client.NewNamespaceClient(client.Options{HostPort: address})
	if err != nil {
		return fmt.Errorf("connect to Temporal at %s: %w", address, err)
	}
	defer c.Close()
	err = retry(ctx, func() error {
		err := c.Register(ctx, &workflowservice.RegisterNamespaceRequest{Namespace: namespace,
			WorkflowExecutionRetentionPeriod: durationpb.New(72 * time.Hour)})
		var exists *serviceerror.NamespaceAlreadyExists
		if errors.As(err, &exists) {
			return nil
		}
		return err
	})
	if err == nil {
		err = retry(ctx, func() error { _, err := c.Describe(ctx, namespace); return err })
	}
	if err != nil {
		return fmt.Errorf("register namespace %s: %w", namespace, err)
	}
	return nil
}

// retry calls fn every 200 ms until it succeeds, for up to a minute (a server starting up).
func retry(ctx context.Context, fn func() error) error {
	deadline := time.Now().Add(time.Minute)
	for {
		err := fn()
		if err == nil || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}
