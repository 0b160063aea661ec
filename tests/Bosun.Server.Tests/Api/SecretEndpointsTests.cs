using System.Net;
using System.Net.Http.Json;

namespace Bosun.Server.Tests.Api;

/// <summary>Keptn's secret API (issue 4 item 4): names and keys only ever leave the server; values are sealed at rest.</summary>
public sealed class SecretEndpointsTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_server.DataDirectory, recursive: true);
    }

    private Task<HttpResponseMessage> PostAsync(object body) => _server.Client.PostAsJsonAsync("/api/secrets/v1/secret", body);

    [Fact]
    public async Task CreateUpdateListDelete_NeverShowingAValue()
    {
        var created = await PostAsync(new { name = "argo", scope = "keptn-default", data = new { token = "first-value", user = "bosun" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.DoesNotContain("first-value", await created.Content.ReadAsStringAsync());
        Assert.Contains("already exists", await RunningServer.ErrorAsync(await PostAsync(new { name = "argo", data = new { token = "x" } }), 409));

        var updated = await _server.Client.PutAsJsonAsync("/api/secrets/v1/secret", new { name = "argo", data = new { token = "second-value" } });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var list = await RunningServer.ReadAsync(await _server.Client.GetAsync("/api/secrets/v1/secret"));
        var secret = Assert.Single(list["Secrets"]!.AsArray())!;
        Assert.Equal(("argo", "keptn-default"), (secret["name"]!.GetValue<string>(), secret["scope"]!.GetValue<string>()));
        Assert.Equal(["token"], secret["keys"]!.AsArray().Select(k => k!.GetValue<string>()));

        Assert.Equal(HttpStatusCode.OK, (await _server.Client.DeleteAsync("/api/secrets/v1/secret?name=argo&scope=keptn-default")).StatusCode);
        Assert.Contains("does not exist", await RunningServer.ErrorAsync(await _server.Client.DeleteAsync("/api/secrets/v1/secret?name=argo"), 404));
        Assert.Contains("does not exist", await RunningServer.ErrorAsync(await _server.Client.PutAsJsonAsync("/api/secrets/v1/secret", new { name = "argo", data = new { a = "b" } }), 404));
    }

    [Fact]
    public async Task Values_AreSealedAtRest_WithAKeyFileOnlyTheOwnerReads()
    {
        await PostAsync(new { name = "argo", data = new { token = "plain-text-token" } });
        var db = await File.ReadAllBytesAsync(Path.Combine(_server.DataDirectory, "bosun.db"));
        var wal = Path.Combine(_server.DataDirectory, "bosun.db-wal");
        var all = db.Concat(File.Exists(wal) ? await File.ReadAllBytesAsync(wal) : []).ToArray();
        Assert.Equal(-1, all.AsSpan().IndexOf("plain-text-token"u8));
        var key = Path.Combine(_server.DataDirectory, "secret-key");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        Assert.Equal(32, Convert.FromBase64String(await File.ReadAllTextAsync(key)).Length);
    }

    [Theory]
    [InlineData("""{"name":"Bad_Name","data":{"a":"b"}}""", "name 'Bad_Name' must be lowercase letters")]
    [InlineData("""{"name":"","data":{"a":"b"}}""", "name '' must be lowercase letters")]
    [InlineData("""{"name":"ok","scope":"other","data":{"a":"b"}}""", "scope 'other' is unknown")]
    [InlineData("""{"name":"ok"}""", "data must be a non-empty object")]
    [InlineData("""{"name":"ok","data":{}}""", "data must be a non-empty object")]
    [InlineData("""{"name":"ok","data":{"a b":"c"}}""", "data key 'a b' must be letters")]
    [InlineData("""{"name":"ok","data":{"a":1}}""", "data.a must be a string")]
    public async Task BadInput_IsRefused_NamingTheField(string body, string message)
    {
        var response = await _server.Client.PostAsync("/api/secrets/v1/secret", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Contains(message, await RunningServer.ErrorAsync(response, 400));
        Assert.Empty((await RunningServer.ReadAsync(await _server.Client.GetAsync("/api/secrets/v1/secret")))["Secrets"]!.AsArray());
    }

    [Fact]
    public async Task WithoutAToken_NothingIsAnswered() =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await _server.Anonymous.GetAsync("/api/secrets/v1/secret")).StatusCode);
}
