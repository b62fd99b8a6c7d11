//go:build !nodevstack

package devstack

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"strconv"
	"time"

	uiserver "github.com/temporalio/ui-server/v2/server"
	uiconfig "github.com/temporalio/ui-server/v2/server/config"
	uiopts "github.com/temporalio/ui-server/v2/server/server_options"
	"go.temporal.io/server/common/authorization"
	"go.temporal.io/server/common/cluster"
	"go.temporal.io/server/common/config"
	"go.temporal.io/server/common/dynamicconfig"
	"go.temporal.io/server/common/log"
	"go.temporal.io/server/common/membership/static"
	sqliteplugin "go.temporal.io/server/common/persistence/sql/sqlplugin/sqlite"
	"go.temporal.io/server/common/primitives"
	sqliteschema "go.temporal.io/server/schema/sqlite"
	"go.temporal.io/server/temporal"

	"wenming/workflows/searchattr"
)

// Temporal is a running in-process Temporal server and, optionally, its Web UI.
type Temporal struct {
	Address   string // frontend host:port
	UIAddress string // http://host:port of the Web UI; empty without UI
	server    temporal.Server
	ui        *uiserver.Server
}

const loopback = "127.0.0.1"

// Available says whether this build embeds the dev stack (a build with -tags nodevstack does not).
const Available = true

// StartTemporal starts the server and waits until it serves the namespace.
func StartTemporal(ctx context.Context, o TemporalOptions) (*Temporal, error) {
	if o.Namespace == "" {
		o.Namespace = "default"
	}
	ports, err := pickPorts(o)
	if err != nil {
		return nil, err
	}
	var conf *config.Config
	if o.Postgres != nil {
		conf = postgresServerConfig(*o.Postgres, ports)
	} else {
		sqlConf, err := sqliteConfig(o.DBFile)
		if err != nil {
			return nil, err
		}
		ns, err := sqliteschema.NewNamespaceConfig("active", o.Namespace, false, searchattr.All())
		if err != nil {
			return nil, fmt.Errorf("namespace %s: %w", o.Namespace, err)
		}
		if err := sqliteschema.CreateNamespaces(sqlConf, ns); err != nil {
			return nil, fmt.Errorf("register namespace %s: %w", o.Namespace, err)
		}
		conf = serverConfig(sqlConf, ports)
	}
	if o.TLS != nil {
		conf.Global.TLS = frontendTLS(*o.TLS)
	}
	logger, err := serverLogger(o.LogFile)
	if err != nil {
		return nil, err
	}
	srv, err := temporal.NewServer(serverOptions(conf, ports, logger, o.DynamicConfig)...)
	if err != nil {
		return nil, fmt.Errorf("build Temporal server: %w", err)
	}
	if err := srv.Start(); err != nil {
		return nil, fmt.Errorf("start Temporal server: %w", err)
	}
	t := &Temporal{Address: net.JoinHostPort(loopback, strconv.Itoa(ports.frontend)), server: srv}
	if o.Postgres != nil {
		if err := registerNamespace(ctx, t.Address, o.Namespace); err != nil {
			t.Stop()
			return nil, err
		}
	}
	if ports.ui > 0 {
		t.startUI(ports.ui, o)
		if err := waitHTTP(ctx, t.UIAddress); err != nil {
			t.Stop()
			return nil, err
		}
	}
	return t, nil
}

// Stop stops the UI, then the server.
func (t *Temporal) Stop() {
	if t.ui != nil {
		t.ui.Stop()
	}
	_ = t.server.Stop()
}

type portSet struct {
	frontend, http, history, matching, worker, ui int
}

func pickPorts(o TemporalOptions) (portSet, error) {
	p := portSet{frontend: o.Port, ui: o.UIPort}
	given := []struct {
		port       *int
		what, flag string
	}{{&p.frontend, "Temporal frontend", "--temporal-port"}, {&p.ui, "Web UI", "--ui-port"}}
	free := []*int{&p.http, &p.history, &p.matching, &p.worker}
	for _, g := range given {
		switch {
		case *g.port == 0:
			free = append(free, g.port)
		case *g.port > 0 && !portFree(*g.port):
			return p, fmt.Errorf("port %d for the %s is in use: stop what uses it or choose another with %s", *g.port, g.what, g.flag)
		}
	}
	if p.ui < 0 {
		p.ui = 0 // no Web UI
	}
	ports, err := freePorts(len(free))
	if err != nil {
		return p, err
	}
	for i, dst := range free {
		*dst = ports[i]
	}
	return p, nil
}

// freePorts picks n free ports on the loopback, all different: each is held open until all are
// picked, so the system cannot hand the same port out twice (picked one at a time, two of the
// server's services could be given one port, and the second would fail to listen).
func freePorts(n int) ([]int, error) {
	var held []net.Listener
	defer func() {
		for _, l := range held {
			_ = l.Close()
		}
	}()
	ports := make([]int, n)
	for i := range ports {
		l, err := net.Listen("tcp", net.JoinHostPort(loopback, "0"))
		if err != nil {
			return nil, fmt.Errorf("find a free port: %w", err)
		}
		held = append(held, l)
		ports[i] = l.Addr().(*net.TCPAddr).Port
	}
	return ports, nil
}

func sqliteConfig(file string) (*config.SQL, error) {
	conf := &config.SQL{PluginName: sqliteplugin.PluginName, ConnectAttributes: map[string]string{}}
	if file == "" {
		conf.ConnectAttributes["mode"] = "memory"
		conf.ConnectAttributes["cache"] = "shared"
		conf.DatabaseName = strconv.Itoa(rand.IntN(1 << 30))
		return conf, nil
	}
	conf.ConnectAttributes["mode"] = "rwc"
	// Keys without a leading underscore: the plugin passes every other key to SQLite as a
	// pragma, and SQLite ignores a pragma it does not know without a word. With the write-ahead
	// log a commit is one append, not a journal and fsyncs: a crash of the process loses
	// nothing; a power cut may lose the last commits (the dev stack is not for production).
	conf.ConnectAttributes["journal_mode"] = "WAL"
	conf.ConnectAttributes["synchronous"] = "NORMAL"
	conf.ConnectAttributes["busy_timeout"] = "10000"
	// A province's round grows the file past SQLite's 2 MB default page cache: keep 64 MB of
	// pages and read the rest through a memory map rather than a system call a page.
	conf.ConnectAttributes["cache_size"] = "-65536"
	conf.ConnectAttributes["mmap_size"] = "1073741824"
	conf.DatabaseName = file
	if _, err := os.Stat(file); errors.Is(err, os.ErrNotExist) {
		if err := createPrivate(file); err != nil {
			return nil, err
		}
		if err := sqliteschema.SetupSchema(conf); err != nil {
			return nil, fmt.Errorf("create Temporal state file %s: %w", file, err)
		}
	}
	return conf, nil
}

func serverConfig(sqlConf *config.SQL, p portSet) *config.Config {
	var conf config.Config
	conf.Global.Membership.MaxJoinDuration = 30 * time.Second
	conf.Global.Membership.BroadcastAddress = loopback
	conf.Persistence.DefaultStore = "sqlite-default"
	conf.Persistence.VisibilityStore = "sqlite-default"
	conf.Persistence.NumHistoryShards = 1
	conf.Persistence.DataStores = map[string]config.DataStore{"sqlite-default": {SQL: sqlConf}}
	frontend := net.JoinHostPort(loopback, strconv.Itoa(p.frontend))
	conf.ClusterMetadata = &cluster.Config{
		FailoverVersionIncrement: 10,
		MasterClusterName:        "active",
		CurrentClusterName:       "active",
		ClusterInformation: map[string]cluster.ClusterInformation{"active": {
			Enabled:                true,
			InitialFailoverVersion: 1,
			RPCAddress:             frontend,
			HTTPAddress:            net.JoinHostPort(loopback, strconv.Itoa(p.http)),
			ClusterID:              "7d3a0c52-5b7e-4c7e-9a43-2f0d6b1e9c11", // fixed: the SQLite state belongs to this one cluster
		}},
	}
	conf.DCRedirectionPolicy.Policy = "noop"
	service := func(grpc, http int) config.Service {
		return config.Service{RPC: config.RPC{GRPCPort: grpc, HTTPPort: http, BindOnIP: loopback}}
	}
	conf.Services = map[string]config.Service{
		"frontend": service(p.frontend, p.http),
		"history":  service(p.history, 0),
		"matching": service(p.matching, 0),
		"worker":   service(p.worker, 0),
	}
	conf.Archival.History.State = "disabled"
	conf.Archival.Visibility.State = "disabled"
	conf.NamespaceDefaults.Archival.History.State = "disabled"
	conf.NamespaceDefaults.Archival.Visibility.State = "disabled"
	conf.PublicClient.HostPort = frontend
	return &conf
}

func serverOptions(conf *config.Config, p portSet, logger log.Logger, overrides map[string]any) []temporal.ServerOption {
	host := func(port int) static.Hosts {
		return static.SingleLocalHost(net.JoinHostPort(loopback, strconv.Itoa(port)))
	}
	dyn := dynamicconfig.StaticClient{
		dynamicconfig.FrontendMaxNamespaceVisibilityRPSPerInstance.Key(): 500,
		dynamicconfig.ForceSearchAttributesCacheRefreshOnRead.Key():      true,
		dynamicconfig.HistoryCacheHostLevelMaxSize.Key():                 8192,
	}
	for k, v := range overrides {
		dyn[dynamicconfig.MakeKey(k)] = v
	}
	authorizer, _ := authorization.GetAuthorizerFromConfig(&conf.Global.Authorization)
	claimMapper, _ := authorization.GetClaimMapperFromConfig(&conf.Global.Authorization, logger)
	return []temporal.ServerOption{
		temporal.WithConfig(conf),
		temporal.ForServices(temporal.DefaultServices),
		temporal.WithStaticHosts(map[primitives.ServiceName]static.Hosts{
			primitives.FrontendService: host(p.frontend),
			primitives.HistoryService:  host(p.history),
			primitives.MatchingService: host(p.matching),
			primitives.WorkerService:   host(p.worker),
		}),
		temporal.WithLogger(logger),
		temporal.WithAuthorizer(authorizer),
		temporal.WithClaimMapper(func(*config.Config) authorization.ClaimMapper { return claimMapper }),
		temporal.WithDynamicConfigClient(dyn),
	}
}

func serverLogger(file string) (log.Logger, error) {
	if file == "" {
		return log.NewNoopLogger(), nil
	}
	if err := createPrivate(file); err != nil {
		return nil, err
	}
	return log.NewZapLogger(log.BuildZapLogger(log.Config{Level: "warn", OutputFile: file, Format: "json"})), nil
}

// frontendTLS requires mutual TLS on the frontend; the server's components call it with the
// frontend's own certificate.
func frontendTLS(f FrontendTLS) config.RootTLS {
	client := config.ClientTLS{ServerName: loopback, RootCAFiles: []string{f.CAFile}}
	return config.RootTLS{
		Frontend: config.GroupTLS{
			Server: config.ServerTLS{CertFile: f.CertFile, KeyFile: f.KeyFile, ClientCAFiles: []string{f.CAFile}, RequireClientAuth: true},
			Client: client,
		},
		SystemWorker: config.WorkerTLS{CertFile: f.CertFile, KeyFile: f.KeyFile, Client: client},
	}
}

func (t *Temporal) startUI(port int, o TemporalOptions) {
	t.UIAddress = "http://" + net.JoinHostPort(loopback, strconv.Itoa(port))
	t.ui = uiserver.NewServer(uiopts.WithConfigProvider(uiConfig(port, t.Address, o)))
	go func() { _ = t.ui.Start() }()
}

// uiConfig is the embedded Web UI's configuration.
func uiConfig(port int, frontend string, o TemporalOptions) *uiconfig.Config {
	var uiTLS uiconfig.TLS
	if tls := o.TLS; tls != nil {
		uiTLS = uiconfig.TLS{CaFile: tls.CAFile, CertFile: tls.CertFile, KeyFile: tls.KeyFile, ServerName: loopback, EnableHostVerification: true}
	}
	return &uiconfig.Config{
		TLS:                 uiTLS,
		Host:                loopback,
		Port:                port,
		TemporalGRPCAddress: frontend,
		EnableUI:            true,
		DefaultNamespace:    "default",
		// includeCredentials: the browser sends the codec server's sign-in cookie (the UI has
		// no token of its own to pass); only our codec server is ever configured here.
		Codec:               uiconfig.Codec{Endpoint: o.CodecEndpoint, IncludeCredentials: o.CodecEndpoint != ""},
		CORS:                uiconfig.CORS{CookieInsecure: true},
		HideLogs:            true,
		DisableNewsFetch:    true,
		DisableWriteActions: !o.UIWriteActions,
	}
}

// waitHTTP polls until the address answers HTTP.
func waitHTTP(ctx context.Context, addr string) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	for delay := 10 * time.Millisecond; ; delay = min(2*delay, 200*time.Millisecond) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, addr, nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("the Web UI at %s did not answer within 30s", addr)
		case <-time.After(delay):
		}
	}
}

func portFree(port int) bool {
	l, err := net.Listen("tcp", net.JoinHostPort(loopback, strconv.Itoa(port)))
	if err != nil {
		return false
	}
	l.Close()
	return true
}
