namespace Bosun.Server.Hosting;

/// <summary>The settings of <c>bosun serve</c> (DESIGN §2); each flag has an environment fallback.</summary>
public sealed record BosunOptions
{
    public string Listen { get; init; } = "127.0.0.1:8080";
    public string DataDirectory { get; init; } = "./data";
    public string? Postgres { get; init; }
    public string? ApiToken { get; init; }

    /// <summary>A file holding the API token (a mounted Kubernetes Secret), read at start.</summary>
    public string? ApiTokenFile { get; init; }
    public string? ArgoCdUrl { get; init; }
    public string? ArgoCdToken { get; init; }
    public bool ArgoCdInsecure { get; init; }

    /// <summary>The sequence a new revision of an Argo CD app starts when the app names none (<c>bosun.sh/sequence</c>).</summary>
    public string ArgoCdSequence { get; init; } = "delivery";
    public string? PrometheusUrl { get; init; }

    /// <summary>How long one SLI query may take before its indicator fails.</summary>
    public TimeSpan PrometheusTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public string? WebhookAllow { get; init; }

    /// <summary>Largest accepted event body (Keptn's <c>MAX_EVENT_SIZE_KB</c>, 64 KiB).</summary>
    public int MaxEventSizeKb { get; init; } = 64;

    /// <summary>DESIGN §8: a PEM certificate (chain) and its private key; with both, <see cref="Listen"/> serves HTTPS.</summary>
    public string? TlsCert { get; init; }
    public string? TlsKey { get; init; }

    /// <summary>DESIGN §8: sequences that may wait per service and stage before a trigger is answered 429; 0 for no bound.</summary>
    public int QueueLimit { get; init; } = 15;

    /// <summary>Keptn's task-started wait; a task with no answer within it times its sequence out.</summary>
    public TimeSpan TaskStartedWait { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long the lighthouse waits for any answer to its <c>get-sli.triggered</c>; the task-started wait unless set.</summary>
    public TimeSpan? SliProviderWait { get; init; }

    /// <summary>
    /// OpenTelemetry settings by their environment names (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, …) over the process's
    /// environment: a test sets them for one server without touching the others in its process.
    /// </summary>
    public IReadOnlyDictionary<string, string?>? Telemetry { get; init; }
}
