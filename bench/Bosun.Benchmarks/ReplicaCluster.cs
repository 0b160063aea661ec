using System.Security.Cryptography;

namespace Bosun.Benchmarks;

/// <summary>
/// <c>bosun serve --postgres</c> replicas on one database; the client sends each call to the next replica in turn, as a
/// Kubernetes Service spreads connections.
/// </summary>
internal sealed class ReplicaCluster(IReadOnlyList<ServerProcess> replicas) : IBenchServer
{
    public static async Task<ReplicaCluster> StartAsync(string connection, int count)
    {
        var environment = new Dictionary<string, string> { ["BOSUN_SECRET_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) };
        var replicas = new List<ServerProcess>();
        for (var i = 0; i < count; i++)
        {
            replicas.Add(await ServerProcess.StartAsync(environment, "--postgres", connection));
        }
        return new ReplicaCluster(replicas);
    }

    public HttpClient Client()
    {
        var client = new HttpClient(new RoundRobin(replicas.Select(r => r.Address).ToList())) { BaseAddress = replicas[0].Address, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("x-token", ServerProcess.Token);
        return client;
    }

    /// <summary>Resident set size of each replica, in MiB.</summary>
    public IEnumerable<double> RssMiB() => replicas.Select(r => r.RssMiB());

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in replicas)
        {
            await replica.DisposeAsync();
        }
    }

    private sealed class RoundRobin(IReadOnlyList<Uri> addresses) : DelegatingHandler(new SocketsHttpHandler { MaxConnectionsPerServer = 64 })
    {
        private int _next;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var target = addresses[(int)((uint)Interlocked.Increment(ref _next) % (uint)addresses.Count)];
            request.RequestUri = new UriBuilder(request.RequestUri!) { Host = target.Host, Port = target.Port }.Uri;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
