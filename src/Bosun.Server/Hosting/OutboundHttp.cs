using Bosun.Integrations.Webhooks;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Bosun.Server.Hosting;

/// <summary>
/// The outbound clients that do not belong to one integration's registration, in one place with their resilience
/// (eShop's ServiceDefaults is the model; Argo CD's clients are in <see cref="ArgoCdRegistration"/>): every one through
/// <see cref="IHttpClientFactory"/> with the standard resilience handler, one pipeline per host so that one failing
/// system never opens the circuit of another. Webhooks are never retried (Keptn sends each once; a failure is the
/// task's answer) and keep their address policy in the primary handler; SLI queries are not retried either (an SLI
/// comes from one answer).
/// </summary>
internal static class OutboundHttp
{
    public const string Webhook = "webhook";
    public const string InsecureWebhook = "webhook-insecure";

    public static IServiceCollection AddWebhookSender(this IServiceCollection services, WebhookSenderOptions sender)
    {
        foreach (var (name, insecure) in new[] { (Webhook, false), (InsecureWebhook, true) })
        {
            services.AddHttpClient(name, http => http.Timeout = Timeout.InfiniteTimeSpan)
                .ConfigurePrimaryHttpMessageHandler(() => WebhookSender.CreateHandler(sender.Policy, insecure))
                .AddStandardResilienceHandler(o => Once(o, sender.Timeout))
                .SelectPipelineByAuthority();
        }
        services.AddSingleton(sp =>
        {
            var clients = sp.GetRequiredService<IHttpClientFactory>();
            return new WebhookSender(sender, clients.CreateClient(Webhook), clients.CreateClient(InsecureWebhook));
        });
        return services;
    }

    /// <summary>The standard handler for a request sent once: no retries, and timeouts past the caller's own (which names it).</summary>
    public static void Once(HttpStandardResilienceOptions options, TimeSpan callerTimeout)
    {
        options.Retry.ShouldHandle = _ => PredicateResult.False();
        var attempt = callerTimeout + TimeSpan.FromSeconds(5);
        options.AttemptTimeout.Timeout = attempt;
        options.TotalRequestTimeout.Timeout = attempt + TimeSpan.FromSeconds(5);
        options.CircuitBreaker.SamplingDuration = attempt * 2 + TimeSpan.FromSeconds(1);
    }
}
