using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Bosun.Cli.Commands.Demo;

/// <summary>
/// The lifetime of a host the demo runs inside the CLI's own process: it takes no signals, so Ctrl+C and SIGTERM are
/// left to the demo (<see cref="StopSignals"/>), which stops every host. A host's default console lifetime marks both
/// signals handled and stops only its own host: with it, <c>demo --keep</c> ignored them and ran on.
/// </summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public static void Use(IServiceCollection services) => services.Replace(ServiceDescriptor.Singleton<IHostLifetime, EmbeddedLifetime>());

    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
