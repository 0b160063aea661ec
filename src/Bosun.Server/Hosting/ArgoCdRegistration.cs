using Bosun.Integrations.ArgoCd;
using Bosun.Server.Workers;
using Microsoft.Extensions.Http.Resilience;

namespace Bosun.Server.Hosting;

/// <summary>The Argo CD integration's services, registered only when <c>--argocd-url</c> is set.</summary>
internal static class ArgoCdRegistration
{
    public const string ApiClient = "argocd";
    public const string StreamClient = "argocd-stream";

    /// <summary>The Argo CD URL from <c>--argocd-url</c>, or null.</summary>
    /// <exception cref="ArgumentException">The flag is not an http(s) URL.</exception>
    public static Uri? Url(BosunOptions options) =>
        string.IsNullOrEmpty(options.ArgoCdUrl) ? null
        : Uri.TryCreate(options.ArgoCdUrl.TrimEnd('/') + "/", UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https"
            ? parsed
            : throw new ArgumentException($"--argocd-url '{options.ArgoCdUrl}' is not an http(s) URL");

    public static IServiceCollection AddArgoCd(this IServiceCollection services, BosunOptions options)
    {
        if (string.IsNullOrEmpty(options.ArgoCdUrl))
        {
            return services;
        }
        var url = Url(options)!;
        var argo = new ArgoCdOptions { Url = url, Token = options.ArgoCdToken, Insecure = options.ArgoCdInsecure, DefaultSequence = options.ArgoCdSequence };
        services.AddSingleton(argo);
        void Configure(HttpClient http)
        {
            http.BaseAddress = argo.Url;
            if (!string.IsNullOrEmpty(argo.Token))
            {
                http.DefaultRequestHeaders.Authorization = new("Bearer", argo.Token);
            }
        }
        HttpMessageHandler Handler() => new SocketsHttpHandler
        {
            SslOptions = argo.Insecure ? new() { RemoteCertificateValidationCallback = (_, _, _, _) => true } : new(),
        };
        // A sync is not idempotent: never retried automatically (the delivery logic decides after reading the app).
        services.AddHttpClient(ApiClient, Configure).ConfigurePrimaryHttpMessageHandler(Handler)
            .AddStandardResilienceHandler(o =>
            {
                o.Retry.DisableForUnsafeHttpMethods();
                // Reads are retried quickly; a delivery that still cannot reach Argo CD keeps polling until its timeout.
                o.Retry.Delay = TimeSpan.FromMilliseconds(250);
            });
        services.AddHttpClient(StreamClient, http =>
        {
            Configure(http);
            http.Timeout = Timeout.InfiniteTimeSpan;
        }).ConfigurePrimaryHttpMessageHandler(Handler);
        services.AddSingleton(sp =>
        {
            var factory = sp.GetRequiredService<IHttpClientFactory>();
            return new ArgoCdClient(factory.CreateClient(ApiClient), factory.CreateClient(StreamClient));
        });
        services.AddSingleton(sp => new ArgoCdWatch(sp.GetRequiredService<ArgoCdClient>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ArgoCdAppFeed>();
        services.AddHostedService<ArgoCdChangeWatcher>();
        services.AddSingleton<ArgoCdDelivery>();
        services.AddSingleton<IWorkIntegration>(sp => sp.GetRequiredService<ArgoCdDelivery>());
        services.AddSingleton<IEventSubscriber>(sp => sp.GetRequiredService<ArgoCdDelivery>());
        return services;
    }
}
