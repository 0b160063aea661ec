using System.Net;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Bosun.Server.Tests.Access;

/// <summary>
/// DESIGN §8, as a table written here rather than read from the server: every API endpoint the server maps is called
/// with a token of each role, and is refused 403 (naming the missing right) exactly when the role lacks the right.
/// Reads need <c>read</c>; tokens, projects and services need <c>administer</c>; every other change <c>operate</c>.
/// </summary>
public sealed class RoleMatrixTests : IAsyncLifetime
{
    /// <summary>The endpoints only an admin may call (method and route pattern, as mapped).</summary>
    private static readonly HashSet<string> AdminOnly =
    [
        "POST /api/controlPlane/v1/project", "PUT /api/controlPlane/v1/project", "DELETE /api/controlPlane/v1/project/{project}",
        "POST /api/controlPlane/v1/project/{project}/service", "DELETE /api/controlPlane/v1/project/{project}/service/{service}",
        "POST /api/bosun/v1/tokens", "GET /api/bosun/v1/tokens", "DELETE /api/bosun/v1/tokens/{name}", "POST /api/bosun/v1/tokens/{name}/rotate",
    ];

    /// <summary>Calls every token may make whatever its method: keptn auth's check.</summary>
    private static readonly HashSet<string> AnyRole = ["POST /api/v1/auth"];

    private RunningServer _server = null!;
    private readonly Dictionary<string, HttpClient> _clients = [];

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        foreach (var role in new[] { "admin", "operator", "viewer" })
        {
            _clients[role] = AccessTokens.ClientFor(_server, await AccessTokens.CreateAsync(_server, $"a-{role}", role));
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
        await _server.DisposeAsync();
        Directory.Delete(_server.DataDirectory, recursive: true);
    }

    private List<(string Method, string Pattern)> ApiEndpoints() =>
        [.. _server.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, "/" + e.RoutePattern.RawText!.Trim('/'))))
            .Where(e => e.Item2.StartsWith("/api/", StringComparison.Ordinal) && !e.Item2.Contains("{**rest}", StringComparison.Ordinal))
            .Distinct()];

    [Fact]
    public void TheTable_NamesOnlyEndpointsThatExist()
    {
        var mapped = ApiEndpoints().Select(e => $"{e.Method} {e.Pattern}").ToHashSet();
        var missing = AdminOnly.Concat(AnyRole).Where(e => !mapped.Contains(e)).ToList();
        Assert.True(missing.Count == 0, "not mapped: " + string.Join(", ", missing));
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("operator")]
    [InlineData("viewer")]
    public async Task EveryEndpoint_IsAllowedOrRefused403_AsTheRoleSays(string role)
    {
        var wrong = new List<string>();
        var endpoints = ApiEndpoints();
        Assert.True(endpoints.Count > 40, $"only {endpoints.Count} API endpoints were found");
        foreach (var (method, pattern) in endpoints)
        {
            var key = $"{method} {pattern}";
            var needs = AnyRole.Contains(key) ? "read" : AdminOnly.Contains(key) ? "administer" : method is "GET" or "HEAD" ? "read" : "operate";
            var allowed = role switch
            {
                "admin" => true,
                "operator" => needs is "read" or "operate",
                _ => needs == "read",
            };
            using var request = new HttpRequestMessage(new HttpMethod(method), Concrete(pattern));
            if (method is not ("GET" or "HEAD" or "DELETE"))
            {
                // Not a valid body for any of them: nothing an allowed call is told changes anything.
                request.Content = new StringContent("[]", Encoding.UTF8, "application/json");
            }
            var response = await _clients[role].SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                wrong.Add($"{key}: 401 {text}");
            }
            else if (allowed == (response.StatusCode == HttpStatusCode.Forbidden))
            {
                wrong.Add($"{key}: {(allowed ? "refused" : "allowed")} ({(int)response.StatusCode} {text})");
            }
            else if (!allowed && !System.Text.Json.Nodes.JsonNode.Parse(text)!["message"]!.GetValue<string>().EndsWith($"lacks the right '{needs}'", StringComparison.Ordinal))
            {
                wrong.Add($"{key}: the 403 does not name the right '{needs}': {text}");
            }
        }
        Assert.True(wrong.Count == 0, $"{role}:\n" + string.Join('\n', wrong));
    }

    /// <summary>A path for a route pattern: each parameter a name no project, service or token has.</summary>
    private static string Concrete(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, @"\{\*?\*?([a-zA-Z]+)[^}]*\}", m => "x" + m.Groups[1].Value.ToLowerInvariant());
}
