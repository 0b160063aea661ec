using System.CommandLine;
using System.Globalization;
using Bosun.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bosun.Cli.Commands.Serve;

/// <summary><c>bosun serve</c>: runs the server until SIGTERM or Ctrl+C. Every flag has an environment fallback.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var listen = Flag("--listen", "BOSUN_LISTEN", "Address to listen on, host:port", "127.0.0.1:8080");
        var data = Flag("--data", "BOSUN_DATA", "Data directory: the SQLite file and generated secrets", "./data");
        var postgres = Flag("--postgres", "BOSUN_POSTGRES", "PostgreSQL connection string (instead of SQLite)", null);
        var apiToken = Flag("--api-token", "BOSUN_API_TOKEN", "API token clients send as x-token (generated and kept in the data directory when absent)", null);
        var apiTokenFile = Flag("--api-token-file", "BOSUN_API_TOKEN_FILE", "File holding the API token, e.g. a mounted Kubernetes Secret (instead of --api-token)", null);
        var argoUrl = Flag("--argocd-url", "BOSUN_ARGOCD_URL", "Argo CD API URL", null);
        var argoToken = Flag("--argocd-token", "BOSUN_ARGOCD_TOKEN", "Argo CD API token", null);
        var argoInsecure = Flag("--argocd-insecure", "BOSUN_ARGOCD_INSECURE", "Skip TLS verification towards Argo CD (true/false)", "false");
        var argoSequence = Flag("--argocd-sequence", "BOSUN_ARGOCD_SEQUENCE", "Sequence a new app revision starts when the app has no bosun.sh/sequence annotation", "delivery");
        var prometheus = Flag("--prometheus-url", "BOSUN_PROMETHEUS_URL", "Prometheus URL for SLI queries", null);
        var webhookAllow = Flag("--webhook-allow", "BOSUN_WEBHOOK_ALLOW", "Hosts or CIDRs exempt from the webhook deny list (comma-separated)", null);
        var maxEvent = Flag("--max-event-size-kb", "BOSUN_MAX_EVENT_SIZE_KB", "Largest accepted event body in KiB", "64");
        var tlsCert = Flag("--tls-cert", "BOSUN_TLS_CERT", "PEM certificate (chain) to serve HTTPS with, together with --tls-key", null);
        var tlsKey = Flag("--tls-key", "BOSUN_TLS_KEY", "PEM private key of --tls-cert", null);
        var queueLimit = Flag("--queue-limit", "BOSUN_QUEUE_LIMIT", "Sequences that may wait per service and stage before a trigger is answered 429 (0: no bound)", "15");
        var command = new Command("serve", """
            Run the Bosun server (embedded SQLite unless --postgres is given)

            Examples:
              bosun serve
              bosun serve --listen 0.0.0.0:8080 --argocd-url https://argocd.example.com --argocd-token "$ARGOCD_TOKEN"
              BOSUN_PROMETHEUS_URL=http://prometheus:9090 bosun serve --data /var/lib/bosun
              BOSUN_SECRET_KEY_FILE=/etc/bosun/secret/secret-key bosun serve --postgres "$CONNSTR" --api-token-file /etc/bosun/secret/api-token

            Environment:
              BOSUN_SECRET_KEY, BOSUN_SECRET_KEY_FILE  the key that seals stored secrets (32 bytes, base64), or a file holding it;
                                                       without either it is generated in the data directory (not with --postgres)
            """)
        {
            listen, data, postgres, apiToken, apiTokenFile, argoUrl, argoToken, argoInsecure, argoSequence, prometheus, webhookAllow, maxEvent, queueLimit, tlsCert, tlsKey,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!int.TryParse(result.GetValue(maxEvent), NumberStyles.None, CultureInfo.InvariantCulture, out var maxKb) || maxKb < 1)
            {
                await Console.Error.WriteLineAsync("bosun serve: --max-event-size-kb must be a positive number");
                return ExitCodes.Usage;
            }
            if (!int.TryParse(result.GetValue(queueLimit), NumberStyles.None, CultureInfo.InvariantCulture, out var queue))
            {
                await Console.Error.WriteLineAsync("bosun serve: --queue-limit must be 0 (no bound) or a positive number");
                return ExitCodes.Usage;
            }
            if (!bool.TryParse(result.GetValue(argoInsecure), out var insecure))
            {
                await Console.Error.WriteLineAsync("bosun serve: --argocd-insecure must be true or false");
                return ExitCodes.Usage;
            }
            var options = new BosunOptions
            {
                Listen = result.GetValue(listen)!,
                DataDirectory = result.GetValue(data)!,
                Postgres = result.GetValue(postgres),
                ApiToken = result.GetValue(apiToken),
                ApiTokenFile = result.GetValue(apiTokenFile),
                ArgoCdUrl = result.GetValue(argoUrl),
                ArgoCdToken = result.GetValue(argoToken),
                ArgoCdInsecure = insecure,
                ArgoCdSequence = result.GetValue(argoSequence)!,
                PrometheusUrl = result.GetValue(prometheus),
                WebhookAllow = result.GetValue(webhookAllow),
                MaxEventSizeKb = maxKb,
                QueueLimit = queue,
                TlsCert = result.GetValue(tlsCert),
                TlsKey = result.GetValue(tlsKey),
            };
            WebApplication app;
            try
            {
                ListenCheck.EnsureFree(options.Listen);
                app = BosunServer.Build(options);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or UnauthorizedAccessException
                or Bosun.Storage.StoreSchemaException or Bosun.Storage.StoreUnavailableException)
            {
                await Console.Error.WriteLineAsync($"bosun serve: {e.Message}");
                return ExitCodes.Usage;
            }
            catch (IOException e)
            {
                await Console.Error.WriteLineAsync($"bosun serve: {e.Message}");
                return ExitCodes.Failure;
            }
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (IOException e)
            {
                await Console.Error.WriteLineAsync($"bosun serve: cannot listen on {options.Listen}: {e.Message}");
                return ExitCodes.Failure;
            }
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
            var dataAt = string.IsNullOrEmpty(options.Postgres) ? Path.GetFullPath(options.DataDirectory) : "PostgreSQL";
            Console.WriteLine($"Bosun listening on {string.Join(", ", addresses ?? [])} (data: {dataAt})");
            await app.WaitForShutdownAsync(CancellationToken.None);
            // Disposing the host flushes what is buffered for export (spans, metrics) before the process ends.
            await app.DisposeAsync();
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Option<string?> Flag(string name, string env, string description, string? fallback) => new(name)
    {
        Description = $"{description} [env: {env}]",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(env) is { Length: > 0 } value ? value : fallback,
    };
}
