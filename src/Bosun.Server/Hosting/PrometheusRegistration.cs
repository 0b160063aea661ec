using Bosun.Integrations.Prometheus;
using Bosun.Server.Workers;
using Microsoft.Extensions.Http.Resilience;

namespace Bosun.Server.Hosting;

/// <summary>The built-in Prometheus SLI provider: always registered (a project may name its own Prometheus in a secret).</summary>
internal static class PrometheusRegistration
{
    public const string Client = "prometheus";

    /// <summary>The server-wide Prometheus from <c>--prometheus-url</c>, or null.</summary>
    /// <exception cref="ArgumentException">The flag is not an http(s) URL.</exception>
    public static PrometheusEndpoint? DefaultEndpoint(BosunOptions options)
    {
        if (string.IsNullOrEmpty(options.PrometheusUrl))
        {
            return null;
        }
        try
        {
            return PrometheusEndpoint.Parse(options.PrometheusUrl, "--prometheus-url");
        }
        catch (PrometheusException e)
        {
            throw new ArgumentException(e.Message);
        }
    }

    public static IServiceCollection AddPrometheus(this IServiceCollection services, BosunOptions options, PrometheusEndpoint? fallback)
    {
        // Queries are read-only and cheap to repeat, but an SLI must come from one answer: no automatic retries.
        services.AddHttpClient(Client, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .AddStandardResilienceHandler(o => OutboundHttp.Once(o, options.PrometheusTimeout))
            .SelectPipelineByAuthority();
        services.AddSingleton(sp => new PrometheusClient(sp.GetRequiredService<IHttpClientFactory>().CreateClient(Client), options.PrometheusTimeout));
        services.AddSingleton(new PrometheusDefault(fallback));
        services.AddSingleton<IWorkIntegration>(sp => ActivatorUtilities.CreateInstance<PrometheusSliProvider>(sp, sp.GetRequiredService<PrometheusDefault>()));
        return services;
    }
}

/// <summary>The server-wide Prometheus (<c>--prometheus-url</c>), or none.</summary>
internal sealed record PrometheusDefault(PrometheusEndpoint? Endpoint);
