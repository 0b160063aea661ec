using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Bosun.TestKit;

namespace Bosun.EndToEnd.Tests.Replicas;

/// <summary>
/// Several real <c>bosun serve --postgres</c> processes on one database, as a Kubernetes Service would front them: each
/// call goes to a replica that is up, and a call that fails because its replica died is sent again to another one.
/// </summary>
public sealed class ReplicaSet : IAsyncDisposable
{
    public const string Token = "replica-token";
    private readonly string _connection;
    private readonly BosunProcess?[] _replicas;
    private readonly HttpClient?[] _clients;
    private readonly Dictionary<string, string> _environment;
    private readonly string[] _extra;
    private readonly List<HttpClient> _retired = [];
    private int _next;

    private ReplicaSet(string connection, int count, string[] extra, Dictionary<string, string>? environment)
    {
        _connection = connection;
        _replicas = new BosunProcess?[count];
        _clients = new HttpClient?[count];
        _extra = extra;
        _environment = environment ?? new Dictionary<string, string> { ["BOSUN_SECRET_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) };
    }

    public static Task<ReplicaSet> StartAsync(string connection, int count, params string[] extra) => StartAsync(connection, count, null, extra);

    /// <param name="environment">The replicas' environment (by default a fresh sealing key they share).</param>
    public static async Task<ReplicaSet> StartAsync(string connection, int count, Dictionary<string, string>? environment, params string[] extra)
    {
        var set = new ReplicaSet(connection, count, extra, environment);
        for (var i = 0; i < count; i++)
        {
            await set.StartAsync(i);
        }
        return set;
    }

    public BosunProcess this[int index] => _replicas[index] ?? throw new InvalidOperationException($"replica {index} is down");

    public HttpClient Client(int index) => _clients[index] ?? throw new InvalidOperationException($"replica {index} is down");

    public bool IsUp(int index) => _replicas[index] is { HasExited: false };

    public async Task StartAsync(int index)
    {
        var process = await BosunProcess.StartAsync(
            ["serve", "--listen", "127.0.0.1:0", "--postgres", _connection, "--api-token", Token, .. _extra], _environment);
        _replicas[index] = process;
        var client = process.Client(Token);
        // A call that hangs is a failure to report, not a wait for HttpClient's 100 s.
        client.Timeout = TimeSpan.FromSeconds(15);
        _clients[index] = client;
    }

    /// <summary>SIGKILL: the replica gets no chance to give anything back.</summary>
    public async Task KillAsync(int index)
    {
        var process = this[index];
        Down(index);
        await process.KillAsync();
        await process.DisposeAsync();
    }

    /// <summary>SIGTERM: the replica finishes what it holds and gives back the rest; returns its exit code.</summary>
    public async Task<int> TerminateAsync(int index)
    {
        var process = this[index];
        Down(index);
        var code = await process.TerminateAsync();
        await process.DisposeAsync();
        return code;
    }

    /// <summary>Sends a call to the replicas in turn, skipping those that are down or die on the way.</summary>
    public async Task<HttpResponseMessage> SendAsync(Func<HttpClient, Task<HttpResponseMessage>> call)
    {
        for (var attempt = 0; ; attempt++)
        {
            var up = Enumerable.Range(0, _clients.Length).Where(IsUp).ToList();
            if (up.Count == 0 || attempt > 20)
            {
                throw new InvalidOperationException("no replica is up");
            }
            if (_clients[up[Interlocked.Increment(ref _next) % up.Count]] is not { } client)
            {
                continue;
            }
            try
            {
                return await call(client);
            }
            catch (Exception e) when (e is HttpRequestException or ObjectDisposedException)
            {
                // Its replica died under the call: a load balancer would send the retry elsewhere.
            }
        }
    }

    public Task<HttpResponseMessage> PostEventAsync(JsonObject evt) =>
        SendAsync(c => c.PostAsync("/api/v1/event", new StringContent(evt.ToJsonString(), Encoding.UTF8, "application/json")));

    public async Task<JsonObject> GetJsonAsync(string path)
    {
        using var answer = await SendAsync(c => c.GetAsync(path));
        answer.EnsureSuccessStatusCode();
        return (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>Creates a project and its services, each call through the next replica in turn.</summary>
    public async Task CreateProjectAsync(string name, string shipyard, IEnumerable<string> services)
    {
        (await SendAsync(c => c.PostAsJsonAsync("/api/controlPlane/v1/project", new { name, shipyard = Convert.ToBase64String(Encoding.UTF8.GetBytes(shipyard)) }))).EnsureSuccessStatusCode();
        foreach (var service in services)
        {
            (await SendAsync(c => c.PostAsJsonAsync($"/api/controlPlane/v1/project/{name}/service", new { serviceName = service }))).EnsureSuccessStatusCode();
        }
    }

    /// <summary>Triggers <c>dev.delivery</c> for a service with a fixed event id; returns the answer (200 with the context, or the error).</summary>
    public Task<HttpResponseMessage> TriggerAsync(string project, string service, string id, string version) => PostEventAsync(new JsonObject
    {
        ["type"] = "sh.keptn.event.dev.delivery.triggered",
        ["source"] = "replica-test",
        ["id"] = id,
        ["data"] = new JsonObject
        {
            ["project"] = project,
            ["stage"] = "dev",
            ["service"] = service,
            ["labels"] = new JsonObject { ["version"] = version },
        },
    });

    /// <summary>How many events of one type the store holds for a project.</summary>
    public async Task<int> CountAsync(string project, string type) =>
        (await GetJsonAsync($"/api/mongodb-datastore/event?project={project}&type={type}&pageSize=1"))["totalCount"]!.GetValue<int>();

    public string Output(int index) => _replicas[index]?.Output ?? string.Empty;

    public async ValueTask DisposeAsync()
    {
        for (var i = 0; i < _replicas.Length; i++)
        {
            if (_replicas[i] is { } process)
            {
                Down(i);
                await process.DisposeAsync();
            }
        }
        foreach (var client in _retired)
        {
            client.Dispose();
        }
    }

    /// <summary>Out of the rotation; its client lives on, so calls already sent get their answer (or fail and are retried).</summary>
    private void Down(int index)
    {
        if (_clients[index] is { } client)
        {
            _retired.Add(client);
        }
        _clients[index] = null;
        _replicas[index] = null;
    }
}
