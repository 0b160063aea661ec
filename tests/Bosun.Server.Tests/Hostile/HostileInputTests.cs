using System.Text;
using System.Text.Json.Nodes;
using Bosun.TestKit;

namespace Bosun.Server.Tests.Hostile;

/// <summary>
/// Every endpoint that takes a body × every kind of hostile body, and every path that names a project, stage, service
/// or resource × every encoding of a dot segment: each answer is a 4xx <c>{code, message}</c> naming the problem, the
/// server stays healthy, and the store holds exactly what it held before (a checksum of its rows).
/// </summary>
public sealed class HostileInputTests(HostileInputTests.Server fixture) : IClassFixture<HostileInputTests.Server>
{
    public sealed class Server : IAsyncLifetime
    {
        public RunningServer Running { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Running = await RunningServer.StartAsync();
            await Running.CreateProjectAsync("victim", Shipyards.Minimal, "web");
            await Running.PutResourceAsync("victim", "dev", "web", "slo.yaml", "objectives: []\ntotal_score: {pass: '90%'}\n");
        }

        public async Task DisposeAsync() => await Running.DisposeAsync();
    }

    public static readonly string[] BodyEndpoints =
    [
        "POST /api/v1/event",
        "POST /api/controlPlane/v1/project",
        "PUT /api/controlPlane/v1/project",
        "POST /api/controlPlane/v1/project/victim/service",
        "POST /api/controlPlane/v1/sequence/victim/ctx-1/control",
        "POST /api/controlPlane/v1/project/victim/stage/dev/service/web/evaluation",
        "POST /api/resource-service/v1/project/victim/resource",
        "PUT /api/resource-service/v1/project/victim/resource",
        "PUT /api/resource-service/v1/project/victim/resource/a.yaml",
        "POST /api/resource-service/v1/project/victim/stage/dev/resource",
        "PUT /api/resource-service/v1/project/victim/stage/dev/service/web/resource/slo.yaml",
        "POST /api/bosun/v1/approvals/some-id",
        "POST /api/secrets/v1/secret",
        "PUT /api/secrets/v1/secret",
        "POST /api/controlPlane/v1/log",
        "POST /api/v1/alertmanager",
        "POST /api/controlPlane/v1/uniform/registration",
        "POST /api/controlPlane/v1/uniform/registration/some-id/subscription",
        "PUT /api/controlPlane/v1/uniform/registration/some-id/subscription/sub-id",
    ];

    /// <summary>Every field any endpoint reads, with a value of the wrong type.</summary>
    private const string WrongTypes = """{"type":1,"source":[],"data":"x","name":{},"shipyard":5,"serviceName":[],"resources":"x","state":7,"decision":3,"comment":[],"logs":{},"alerts":"x","scope":[],"timeframe":[],"start":{},"end":2,"labels":"x","subscriptions":1,"resourceURI":2,"resourceContent":3,"event":4,"filter":"x","metadata":5,"status":[],"integrationid":{}}""";

    public static TheoryData<string, string> BodyCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var endpoint in BodyEndpoints)
        {
            foreach (var kind in new[] { "empty", "not JSON", "wrong types", "huge numbers", "duplicate keys", "invalid UTF-8", "lone surrogate", "depth 10000", "oversize by length", "oversize chunked" })
            {
                // An evaluation without a body is Keptn's default evaluation, not hostile input.
                if (!(kind == "empty" && endpoint.EndsWith("/evaluation", StringComparison.Ordinal)))
                {
                    data.Add(endpoint, kind);
                }
            }
        }
        return data;
    }

    private static (byte[] Body, bool Chunked) Body(string kind) => kind switch
    {
        "empty" => ([], false),
        "not JSON" => ("this is not JSON"u8.ToArray(), false),
        "wrong types" => (Encoding.UTF8.GetBytes(WrongTypes), false),
        "huge numbers" => (Encoding.UTF8.GetBytes(WrongTypes.Replace("\":", "\":1e999999,\"_\":", StringComparison.Ordinal).Replace("{\"", "{\"n\":123456789012345678901234567890,\"", StringComparison.Ordinal)), false),
        "duplicate keys" => ("""{"name":"a","name":"b","type":"x","type":"y"}"""u8.ToArray(), false),
        "invalid UTF-8" => ([.. "{\"name\":\""u8, 0xff, 0xfe, 0xc3, .. "\"}"u8], false),
        "lone surrogate" => ("""{"name":"\ud800","type":"sh.keptn.event.dev.delivery.triggered","source":"\udfff"}"""u8.ToArray(), false),
        "depth 10000" => (Encoding.UTF8.GetBytes("{\"data\":" + new string('[', 10_000) + new string(']', 10_000) + "}"), false),
        "oversize by length" => (Oversize(), false),
        "oversize chunked" => (Oversize(), true),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static byte[] Oversize() => Encoding.UTF8.GetBytes("{\"name\":\"" + new string('a', 9 * 1024 * 1024) + "\"}");

    [Theory]
    [MemberData(nameof(BodyCases))]
    public async Task HostileBody_IsA4xx_NamingTheProblem_AndStoresNothing(string endpoint, string kind)
    {
        var (method, path) = (endpoint.Split(' ')[0], endpoint.Split(' ')[1]);
        var (body, chunked) = Body(kind);
        var before = StoreChecksum.Of(fixture.Running.DataDirectory);
        var response = await RawHttp.SendAsync(fixture.Running.Client.BaseAddress!, method, path, body, RunningServer.Token, chunked);
        AssertError(response, $"{endpoint} with {kind}");
        if (kind.StartsWith("oversize", StringComparison.Ordinal))
        {
            Assert.Equal(413, response.Status);
        }
        await AssertHealthyAndUnchanged(before);
    }

    public static TheoryData<string, string> DotSegmentCases()
    {
        string[] paths =
        [
            "DELETE /api/controlPlane/v1/project/victim/service/{}",
            "GET /api/controlPlane/v1/project/victim/stage/dev/service/{}",
            "GET /api/controlPlane/v1/project/victim/stage/{}",
            "GET /api/controlPlane/v1/project/{}",
            "DELETE /api/resource-service/v1/project/victim/resource/{}/shipyard.yaml",
            "DELETE /api/resource-service/v1/project/victim/stage/dev/service/web/resource/{}",
            "GET /api/resource-service/v1/project/victim/stage/dev/resource/{}/shipyard.yaml",
            "GET /api/resource-service/v1/project/victim/stage/dev/service/web/resource/{}/{}/shipyard.yaml",
            "PUT /api/resource-service/v1/project/victim/stage/dev/resource/{}/x.yaml",
            "POST /api/controlPlane/v1/project/{}/service",
        ];
        string[] encodings = ["..", ".", "%2e%2e", "%2E%2E", ".%2e", "%2e.", "%2e", "%252e%252e", "%25252e%25252E", "..%2f..", "%2e%2e%2f", "..%5c", "%2e%2e%5C", "%2E%2e%2F%2e%2E"];
        var data = new TheoryData<string, string>();
        foreach (var path in paths)
        {
            foreach (var encoding in encodings)
            {
                data.Add(path, encoding);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(DotSegmentCases))]
    public async Task DotSegment_InAnyEncoding_AddressesNothing(string endpoint, string segment)
    {
        var (method, template) = (endpoint.Split(' ')[0], endpoint.Split(' ')[1]);
        var before = StoreChecksum.Of(fixture.Running.DataDirectory);
        var body = method is "PUT" or "POST" ? """{"resourceContent":"YQ==","serviceName":"evil"}"""u8.ToArray() : null;
        var response = await RawHttp.SendAsync(fixture.Running.Client.BaseAddress!, method, template.Replace("{}", segment, StringComparison.Ordinal), body, RunningServer.Token);
        AssertError(response, $"{endpoint} with {segment}");
        Assert.Equal(400, response.Status);
        await AssertHealthyAndUnchanged(before);
        Assert.True((await fixture.Running.Client.GetAsync("/api/controlPlane/v1/project/victim")).IsSuccessStatusCode);
    }

    [Theory]
    [InlineData("GET /api/controlPlane/v1/project/victim/stage/" + "dev%0a")]
    [InlineData("GET /api/controlPlane/v1/project/victim/stage/dev/service/WEB")]
    [InlineData("GET /api/resource-service/v1/project/victim/resource/a%20b")]
    public async Task InvalidName_InAPath_IsA400_NamingTheField(string endpoint)
    {
        var response = await RawHttp.SendAsync(fixture.Running.Client.BaseAddress!, endpoint.Split(' ')[0], endpoint.Split(' ')[1], null, RunningServer.Token);
        AssertError(response, endpoint);
        Assert.Equal(400, response.Status);
    }

    [Theory]
    [InlineData("""{"type":"sh.keptn.event.dev.artifact-delivery\n.triggered","source":"t","data":{"project":"victim","stage":"dev","service":"web"}}""", "field 'type'")]
    [InlineData("""{"type":"sh.keptn.event.dev.artifact delivery.triggered","source":"t","data":{"project":"victim","stage":"dev","service":"web"}}""", "field 'type'")]
    [InlineData("""{"type":"sh.keptn.event.dev.artifact-delivery.triggered","source":"t","data":{"project":"victim","stage":"dev","service":"WEB\n"}}""", "data.service")]
    [InlineData("""{"type":"sh.keptn.event.deliver.finished","source":"t","data":{"project":"victim","stage":"dev","service":"web","result":"pass","status":7}}""", "data.status must be a string")]
    [InlineData("""{"type":"sh.keptn.event.deliver.finished","source":"t","data":{"project":"victim","stage":"dev","service":"web","result":["pass"]}}""", "data.result must be a string")]
    [InlineData("""{"type":"sh.keptn.event.deliver.started","source":"t","data":{"project":"victim","stage":"d..","service":"web"}}""", "data.stage")]
    public async Task HostileEvent_IsA400_NamingTheField(string json, string expected)
    {
        var before = StoreChecksum.Of(fixture.Running.DataDirectory);
        Assert.Contains(expected, await RunningServer.ErrorAsync(await fixture.Running.PostEventAsync(json), 400));
        await AssertHealthyAndUnchanged(before);
    }

    /// <summary>Kestrel itself refuses a NUL in the request target, with a bare 400 before any handler runs.</summary>
    [Fact]
    public async Task NulInAPath_IsRefused_BeforeAnyHandler()
    {
        var before = StoreChecksum.Of(fixture.Running.DataDirectory);
        var response = await RawHttp.SendAsync(fixture.Running.Client.BaseAddress!, "DELETE", "/api/controlPlane/v1/project/victim%00", null, RunningServer.Token);
        Assert.Equal(400, response.Status);
        await AssertHealthyAndUnchanged(before);
    }

    [Fact]
    public async Task LongStageName_InAShipyard_IsRefused()
    {
        var shipyard = Shipyards.Minimal.Replace("name: dev", "name: " + new string('d', 10_000), StringComparison.Ordinal);
        var before = StoreChecksum.Of(fixture.Running.DataDirectory);
        var response = await fixture.Running.Client.PostAsync("/api/controlPlane/v1/project", new StringContent(
            new JsonObject { ["name"] = "longstage", ["shipyard"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(shipyard)) }.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Contains("longer than 63 characters", await RunningServer.ErrorAsync(response, 400));
        await AssertHealthyAndUnchanged(before);
    }

    public static TheoryData<string, string> WellKnownFiles() => new()
    {
        { "/api/resource-service/v1/project/victim/resource", "shipyard.yaml" },
        { "/api/resource-service/v1/project/victim/stage/dev/service/web/resource", "slo.yaml" },
        { "/api/resource-service/v1/project/victim/stage/dev/resource", "prometheus/sli.yaml" },
        { "/api/resource-service/v1/project/victim/stage/dev/resource", "remediation.yaml" },
        { "/api/resource-service/v1/project/victim/resource", "webhook/webhook.yaml" },
    };

    [Theory]
    [MemberData(nameof(WellKnownFiles))]
    public async Task AliasBomb_AsAWellKnownFile_IsRefused_NamingTheFileAndTheLimit(string level, string uri)
    {
        var bomb = HostileYaml.Bomb(uri == "shipyard.yaml" ? "apiVersion: spec.keptn.sh/0.2.4\nkind: Shipyard\n" : string.Empty);
        Assert.True(bomb.Length < 600);
        await AssertRefusedUpload(level, uri, Encoding.UTF8.GetBytes(bomb), "nodes");
    }

    [Fact]
    public async Task AliasBomb_AsAProjectsShipyard_IsRefused()
    {
        var before = StoreChecksum.Of(fixture.Running.DataDirectory);
        var bomb = HostileYaml.Bomb("apiVersion: spec.keptn.sh/0.2.4\nkind: Shipyard\n");
        var response = await fixture.Running.Client.PostAsync("/api/controlPlane/v1/project", new StringContent(
            new JsonObject { ["name"] = "bomb", ["shipyard"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(bomb)) }.ToJsonString(), Encoding.UTF8, "application/json"));
        var message = await RunningServer.ErrorAsync(response, 400);
        Assert.Contains("shipyard", message);
        Assert.Contains("nodes", message);
        await AssertHealthyAndUnchanged(before);
    }

    [Theory]
    [MemberData(nameof(WellKnownFiles))]
    public async Task FileOfAnotherKind_UnderAWellKnownUri_IsRefused(string level, string uri)
    {
        var other = uri == "webhook/webhook.yaml"
            ? "apiVersion: spec.keptn.sh/0.1.4\nkind: Remediation\nspec: {remediations: [{problemType: x, actionsOnOpen: [{action: a}]}]}\n"
            : "apiVersion: webhookconfig.keptn.sh/v1beta1\nkind: WebhookConfig\nmetadata: {name: w}\nspec: {webhooks: []}\n";
        await AssertRefusedUpload(level, uri, Encoding.UTF8.GetBytes(other), uri == "prometheus/sli.yaml" ? "indicators" : string.Empty);
        await AssertRefusedUpload(level, uri, [0x89, 0x50, 0x4e, 0x47, 0xff, 0x00], "UTF-8");
    }

    /// <summary>Found by eng/fuzz.sh: text on which YamlDotNet throws more than its YamlException (it was a 500).</summary>
    [Theory]
    [MemberData(nameof(WellKnownFiles))]
    public async Task TextTheYamlLibraryChokesOn_IsRefused(string level, string uri) =>
        await AssertRefusedUpload(level, uri, "\r:\r[\r\u0005"u8.ToArray(), "invalid YAML");

    [Theory]
    [MemberData(nameof(WellKnownFiles))]
    public async Task OversizeWellKnownFile_IsRefused_NamingItsLimit(string level, string uri) =>
        await AssertRefusedUpload(level, uri, Encoding.UTF8.GetBytes("# " + new string('x', 300 * 1024)), "256 KiB");

    [Fact]
    public async Task OversizeOtherResource_IsRefused_NamingItsLimit() =>
        await AssertRefusedUpload("/api/resource-service/v1/project/victim/resource", "helm/chart.tgz", new byte[(4 * 1024 * 1024) + 1], "4096 KiB");

    private async Task AssertRefusedUpload(string level, string uri, byte[] content, string expected)
    {
        var before = StoreChecksum.Of(fixture.Running.DataDirectory);
        var body = new JsonObject { ["resources"] = new JsonArray(new JsonObject { ["resourceURI"] = uri, ["resourceContent"] = Convert.ToBase64String(content) }) };
        var response = await fixture.Running.Client.PostAsync(level, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        var message = await RunningServer.ErrorAsync(response, 400);
        Assert.Contains(uri == "webhook/webhook.yaml" ? "webhook.yaml" : uri == "shipyard.yaml" ? "shipyard" : uri, message);
        Assert.Contains(expected, message);
        await AssertHealthyAndUnchanged(before);
    }

    private static void AssertError(RawHttp.Response response, string what)
    {
        Assert.True(response.Status is >= 400 and < 500, $"{what}: expected a 4xx, got {response.Status}: {response.Body}");
        JsonNode? body = null;
        try
        {
            body = JsonNode.Parse(response.Body);
        }
        catch (System.Text.Json.JsonException)
        {
        }
        Assert.True(body is JsonObject, $"{what}: the answer is not a JSON object: {response.Body}");
        Assert.Equal(response.Status, body!["code"]?.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(body["message"]?.GetValue<string>()), $"{what}: no message");
    }

    private async Task AssertHealthyAndUnchanged(string before)
    {
        Assert.True((await fixture.Running.Anonymous.GetAsync("/health")).IsSuccessStatusCode);
        Assert.Equal(before, StoreChecksum.Of(fixture.Running.DataDirectory));
    }
}
