using System.Net;
using System.Net.Http.Json;

namespace Bosun.Server.Tests.Api;

/// <summary>Keptn's secret API: names and keys only ever leave the server; values are sealed at rest; Keptn's four scopes.</summary>
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
    public async Task Scopes_AreKeptns_AndTheListFiltersOnNameAndScope()
    {
        // Keptn 1.4.5 installer/manifests/keptn/templates/secret-service.yaml, scopes.yaml.
        var scopes = await RunningServer.ReadAsync(await _server.Client.GetAsync("/api/secrets/v1/scope"));
        Assert.Equal(["keptn-default", "keptn-webhook-service", "keptn-prometheus-service", "dynatrace-service"],
            scopes["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        foreach (var (name, scope) in new[] { ("argo", "keptn-webhook-service"), ("prometheus-credentials-p", "keptn-prometheus-service"), ("dt", "dynatrace-service"), ("plain", "keptn-default") })
        {
            Assert.Equal(HttpStatusCode.Created, (await PostAsync(new { name, scope, data = new { k = "v" } })).StatusCode);
        }
        var inScope = await RunningServer.ReadAsync(await _server.Client.GetAsync("/api/secrets/v1/secret?scope=keptn-webhook-service"));
        Assert.Equal("argo", Assert.Single(inScope["Secrets"]!.AsArray())!["name"]!.GetValue<string>());
        var byName = await RunningServer.ReadAsync(await _server.Client.GetAsync("/api/secrets/v1/secret?name=dt"));
        Assert.Equal("dynatrace-service", Assert.Single(byName["Secrets"]!.AsArray())!["scope"]!.GetValue<string>());
        Assert.Equal(4, (await RunningServer.ReadAsync(await _server.Client.GetAsync("/api/secrets/v1/secret")))["Secrets"]!.AsArray().Count);
    }

    [Fact]
    public async Task AName_IsUniqueAcrossScopes_AsKeptnsOneKubernetesSecretPerName()
    {
        await PostAsync(new { name = "argo", scope = "keptn-webhook-service", data = new { token = "t" } });
        Assert.Contains("already exists in scope keptn-webhook-service", await RunningServer.ErrorAsync(await PostAsync(new { name = "argo", data = new { token = "x" } }), 409));
        Assert.Contains("it is in scope keptn-webhook-service", await RunningServer.ErrorAsync(
            await _server.Client.PutAsJsonAsync("/api/secrets/v1/secret", new { name = "argo", scope = "keptn-default", data = new { token = "x" } }), 404));
        Assert.Contains("does not exist in scope keptn-default", await RunningServer.ErrorAsync(await _server.Client.DeleteAsync("/api/secrets/v1/secret?name=argo"), 404));
        Assert.Equal(HttpStatusCode.OK, (await _server.Client.PutAsJsonAsync("/api/secrets/v1/secret", new { name = "argo", scope = "keptn-webhook-service", data = new { token = "y" } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _server.Client.DeleteAsync("/api/secrets/v1/secret?name=argo&scope=keptn-webhook-service")).StatusCode);
    }

    [Fact]
    public async Task UnknownScope_IsRefused_ListingTheKnownOnes_OnEveryVerb()
    {
        const string known = "the scopes are keptn-default, keptn-webhook-service, keptn-prometheus-service, dynatrace-service";
        Assert.Contains($"scope 'vault' is unknown; {known}", await RunningServer.ErrorAsync(await PostAsync(new { name = "a", scope = "vault", data = new { k = "v" } }), 400));
        Assert.Contains($"scope 'vault' is unknown; {known}", await RunningServer.ErrorAsync(
            await _server.Client.PutAsJsonAsync("/api/secrets/v1/secret", new { name = "a", scope = "vault", data = new { k = "v" } }), 400));
        Assert.Contains($"scope 'vault' is unknown; {known}", await RunningServer.ErrorAsync(await _server.Client.DeleteAsync("/api/secrets/v1/secret?name=a&scope=vault"), 400));
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
