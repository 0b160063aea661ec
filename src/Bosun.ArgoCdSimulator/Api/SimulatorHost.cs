using System.Security.Cryptography;
using System.Text;
using Bosun.ArgoCdSimulator.Model;

namespace Bosun.ArgoCdSimulator.Api;

/// <summary>Hosts a simulation over HTTP: Argo CD's application API plus the <c>/sim</c> controls.</summary>
public static class SimulatorHost
{
    public static WebApplication Build(SimulatorOptions options, ArgoCdSimulation simulation, Action<IServiceCollection>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.Listen.Contains("://", StringComparison.Ordinal) ? options.Listen : "http://" + options.Listen);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.Services.AddSingleton(simulation);
        configure?.Invoke(builder.Services);
        var app = builder.Build();
        if (options.Token is { } token)
        {
            var expected = SHA256.HashData(Encoding.UTF8.GetBytes("Bearer " + token));
            app.Use(async (context, next) =>
            {
                var given = SHA256.HashData(Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString()));
                if (!CryptographicOperations.FixedTimeEquals(expected, given))
                {
                    await ArgoError.Of(401, 16, "no session information").ExecuteAsync(context);
                    return;
                }
                await next(context);
            });
        }
        app.MapApplicationEndpoints();
        app.MapControlEndpoints();
        return app;
    }
}
