using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Bosun.Server.Tests.Access;

/// <summary>Makes named tokens through the API (as the admin token) and clients that send them.</summary>
internal static class AccessTokens
{
    /// <summary>Creates a token and returns its value.</summary>
    public static async Task<string> CreateAsync(RunningServer server, string name, string role, params string[] projects)
    {
        var body = new JsonObject { ["name"] = name, ["role"] = role };
        if (projects.Length > 0)
        {
            body["projects"] = new JsonArray([.. projects.Select(p => (JsonNode)p)]);
        }
        var response = await server.Client.PostAsJsonAsync("/api/bosun/v1/tokens", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await RunningServer.ReadAsync(response))["token"]!.GetValue<string>();
    }

    public static HttpClient ClientFor(RunningServer server, string token)
    {
        var client = new HttpClient { BaseAddress = server.Client.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("x-token", token);
        return client;
    }
}
