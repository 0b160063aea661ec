using System.Data.Common;
using Bosun.Core.Webhooks;
using Bosun.Integrations.Webhooks;
using Bosun.Server.Access;
using Bosun.Server.Api;
using Bosun.Server.Dora;
using Bosun.Server.Engine;
using Bosun.Server.Hosting.Health;
using Bosun.Server.Hosting.Telemetry;
using Bosun.Server.Secrets;
using Bosun.Server.Ui;
using Bosun.Server.Workers;
using Bosun.Storage;
using Bosun.Storage.Postgres;
using Bosun.Storage.Sqlite;
using Microsoft.AspNetCore.Diagnostics;

namespace Bosun.Server.Hosting;

/// <summary>The composition root: what <c>bosun serve</c> runs, and what tests start on a loopback port.</summary>
public static class BosunServer
{
    /// <param name="configure">Extra services, e.g. built-in integrations (<c>IEventSubscriber</c>) in tests.</param>
    public static WebApplication Build(BosunOptions options, TimeProvider? time = null, TextWriter? console = null, Action<IServiceCollection>? configure = null)
    {
        // Every flag is checked before anything is written to the data directory.
        var prometheus = PrometheusRegistration.DefaultEndpoint(options);
        ArgoCdRegistration.Url(options);
        TelemetryRegistration.Check(options);
        var certificate = TlsCertificate.Load(options);
        OptionsCheck.Check(options);
        var shared = !string.IsNullOrEmpty(options.Postgres);
        if (!shared)
        {
            DataDirectory.Create(options.DataDirectory);
        }
        // Replicas share one token and one sealing key: with --postgres neither is ever generated (DESIGN §5).
        var token = ApiToken.Resolve(options.ApiToken, options.ApiTokenFile, shared ? null : options.DataDirectory);
        var keys = SealingKeys.Load(shared ? null : options.DataDirectory);
        if (token.Generated)
        {
            (console ?? Console.Out).WriteLine($"Generated an API token (kept in {Path.Combine(options.DataDirectory, ApiToken.FileName)}): {token.Value}");
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(ListenUrl(options.Listen, https: certificate is not null));
        if (certificate is not null)
        {
            // The slim builder leaves HTTPS out until asked for.
            builder.WebHost.UseKestrelHttpsConfiguration();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate));
        }
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        // One line per Argo CD request and retry attempt is noise; failures still show.
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(token);
        builder.Services.AddSingleton<AuthThrottle>();
        builder.Services.AddSingleton<TokenDirectory>();
        builder.Services.AddSingleton(time ?? TimeProvider.System);
        // Opened (and migrated) before the host starts, so a database this binary cannot use stops the start in one line.
        IStore store = shared
            ? PostgresStore.OpenAsync(options.Postgres!).GetAwaiter().GetResult()
            : SqliteStore.Open(Path.Combine(options.DataDirectory, "bosun.db"));
        builder.Services.AddSingleton<IStore>(_ => store);
        builder.Services.AddSingleton<IProjectStore>(sp => sp.GetRequiredService<IStore>());
        builder.Services.AddSingleton<ISecretStore>(sp => sp.GetRequiredService<IStore>());
        builder.Services.AddSingleton<ProjectCatalog>();
        builder.Services.AddSingleton<StoreFreshness>();
        builder.Services.AddSingleton<BosunMetrics>();
        builder.AddTelemetry(options);
        builder.Services.AddSingleton<DoraGaugeOptions>();
        builder.Services.AddHostedService<DoraGauges>();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<StoredSignal>();
        builder.Services.AddSingleton<EventPipeline>();
        builder.Services.AddSingleton<EventIngest>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<EventPipeline>());
        builder.Services.AddSingleton<WorkSignal>();
        builder.Services.AddSingleton<WorkRunner>();
        builder.Services.AddHostedService<OutboxDispatcher>();
        // After the writer (it stops before it, so work in hand can still answer) and before the dispatcher's work.
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WorkRunner>());
        builder.Services.AddHostedService<CheckpointWorker>();
        builder.Services.AddHostedService<SharedWakeups>();
        // Built at start, so a sealing key that is missing or malformed stops the start in one line.
        builder.Services.AddSingleton(new SecretVault(store, keys));
        builder.Services.AddSingleton<WebhookFiles>();
        builder.Services.AddRazorComponents();
        builder.Services.AddSingleton<UiSession>();
        builder.Services.AddSingleton<Ui.Live.LiveFeed>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Ui.Live.LiveFeed>());
        builder.Services.AddWebhookSender(new WebhookSenderOptions
        {
            Policy = WebhookPolicy(options.WebhookAllow, Environment.GetEnvironmentVariable("BOSUN_WEBHOOK_DENY")),
        });
        builder.Services.AddSingleton<IWorkIntegration, WebhookIntegration>();
        builder.Services.AddSingleton<IWorkIntegration, ApprovalIntegration>();
        builder.Services.AddSingleton<IWorkIntegration, GetActionIntegration>();
        builder.Services.AddSingleton<IWorkIntegration, LighthouseIntegration>();
        builder.Services.AddPrometheus(options, prometheus);
        builder.Services.AddArgoCd(options);
        builder.Services.AddReadiness(options, prometheus);
        configure?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseExceptionHandler(errors => errors.Run(context =>
        {
            var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
            return error switch
            {
                BadHttpRequestException bad => ApiError.Write(context, bad.StatusCode, bad.Message),
                ServerBusyException busy => ApiError.Write(context, StatusCodes.Status429TooManyRequests, busy.Message),
                // The store did not answer (the database went away, a disk is full): nothing was committed; try again later.
                DbException or StoreUnavailableException or TimeoutException =>
                    ApiError.Write(context, StatusCodes.Status503ServiceUnavailable, "the store is unavailable; nothing was changed, try again later"),
                _ => ApiError.Write(context, StatusCodes.Status500InternalServerError, "internal error; see the server log"),
            };
        }));
        app.UseMiddleware<PathGuardMiddleware>();
        app.UseMiddleware<TokenAuthMiddleware>();
        app.UseMiddleware<UiAccessMiddleware>();
        if (shared)
        {
            app.UseMiddleware<StoreFreshnessMiddleware>();
        }
        app.MapHealthEndpoints();
        app.MapEventEndpoints();
        app.MapProjectEndpoints();
        app.MapSequenceEndpoints();
        app.MapSequenceExecutionEndpoints();
        app.MapTriggeredEventEndpoints();
        app.MapUniformEndpoints();
        app.MapLogEndpoints();
        app.MapResourceEndpoints();
        app.MapDatastoreEndpoints();
        app.MapSecretEndpoints();
        app.MapEvaluationEndpoints();
        app.MapApprovalEndpoints();
        app.MapDoraEndpoints();
        app.MapTokenEndpoints();
        app.MapAuditEndpoints();
        app.MapAlertmanagerEndpoints();
        app.MapNotImplementedEndpoints();
        app.MapUiEndpoints();
        app.MapFallback((HttpContext context) => ApiError.NotFound($"no such endpoint: {context.Request.Method} {context.Request.Path}"));
        return app;
    }

    /// <summary>
    /// The webhook deny policy: the built-in rows, plus <c>BOSUN_WEBHOOK_DENY</c> entries, minus <c>--webhook-allow</c>
    /// entries (each comma-separated hosts or CIDRs).
    /// </summary>
    public static AddressPolicy WebhookPolicy(string? allow, string? deny = null)
    {
        static string[] Entries(string? text) => (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        try
        {
            _ = new AddressPolicy(deny: Entries(deny));
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"BOSUN_WEBHOOK_DENY: {e.Message}");
        }
        try
        {
            return new AddressPolicy(deny: Entries(deny), allow: Entries(allow));
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"--webhook-allow: {e.Message}");
        }
    }

    /// <summary>Turns <c>host:port</c> (or <c>:port</c>) into a Kestrel URL, https when a certificate is given.</summary>
    public static string ListenUrl(string listen, bool https = false)
    {
        var value = listen.Contains("://", StringComparison.Ordinal) ? listen : (https ? "https://" : "http://") + (listen.StartsWith(':') ? "0.0.0.0" + listen : listen);
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Port <= 0 && !value.EndsWith(":0", StringComparison.Ordinal))
        {
            throw new ArgumentException($"--listen '{listen}' is not of the form host:port, e.g. 127.0.0.1:8080");
        }
        return value;
    }
}
