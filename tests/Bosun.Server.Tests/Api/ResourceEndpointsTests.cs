using System.Net;
using System.Net.Http.Json;
using System.Text;
using Bosun.TestKit;

namespace Bosun.Server.Tests.Api;

public sealed class ResourceEndpointsTests : IAsyncLifetime
{
    private const string Base = "/api/resource-service/v1/project/res";
    private RunningServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        await _server.CreateProjectAsync("res", Shipyards.TwoStages, "web");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    [Theory]
    [InlineData(Base)]
    [InlineData(Base + "/stage/dev")]
    [InlineData(Base + "/stage/dev/service/web")]
    public async Task Resource_EveryWriteIsANewVersion_OldVersionsStayReadable(string level)
    {
        var v1 = await RunningServer.ReadAsync(await _server.Client.PostAsJsonAsync(level + "/resource", new { resources = new[] { new { resourceURI = "helm/values.yaml", resourceContent = B64("one") } } }));
        var v2 = await RunningServer.ReadAsync(await _server.Client.PutAsJsonAsync(level + "/resource/helm%2Fvalues.yaml", new { resourceContent = B64("two") }));
        Assert.NotEqual(v1["commitID"]!.ToString(), v2["commitID"]!.ToString());
        var latest = await RunningServer.ReadAsync(await _server.Client.GetAsync(level + "/resource/helm%2Fvalues.yaml"));
        Assert.Equal(B64("two"), latest["resourceContent"]!.GetValue<string>());
        var old = await RunningServer.ReadAsync(await _server.Client.GetAsync(level + $"/resource/helm/values.yaml?gitCommitID={v1["commitID"]}"));
        Assert.Equal(B64("one"), old["resourceContent"]!.GetValue<string>());
        var list = await RunningServer.ReadAsync(await _server.Client.GetAsync(level + "/resource"));
        Assert.Contains(list["resources"]!.AsArray(), r => r!["resourceURI"]!.GetValue<string>() == "helm/values.yaml");
        Assert.Equal(HttpStatusCode.OK, (await _server.Client.DeleteAsync(level + "/resource/helm%2Fvalues.yaml")).StatusCode);
        await RunningServer.ErrorAsync(await _server.Client.GetAsync(level + "/resource/helm%2Fvalues.yaml"), 404);
    }

    [Fact]
    public async Task ShipyardResource_IsValidatedAndUsedByTheEngine()
    {
        var bad = await _server.Client.PutAsJsonAsync(Base + "/resource/shipyard.yaml", new { resourceContent = B64("apiVersion: spec.keptn.sh/0.1.0\n") });
        Assert.Contains("apiVersion", await RunningServer.ErrorAsync(bad, 400));
        var renamed = Shipyards.TwoStages.Replace("name: \"release\"", "name: \"promote\"", StringComparison.Ordinal);
        await RunningServer.ReadAsync(await _server.Client.PutAsJsonAsync(Base + "/resource/shipyard.yaml", new { resourceContent = B64(renamed) }));
        await _server.TriggerAsync("res", "prod", "delivery", "web");
        await _server.AnswerAsync(Assert.Single(await _server.OpenAsync("deployment", "res"))!);
        Assert.Single(await _server.OpenAsync("promote", "res"));
    }

    [Theory]
    [InlineData(Base + "/resource/a.yaml", """{"resourceContent":"***"}""", 400, "not valid base64")]
    [InlineData(Base + "/resource/a.yaml", """{}""", 400, "not valid base64")]
    [InlineData(Base + "/resource", """{"resources":[]}""", 400, "non-empty list")]
    [InlineData(Base + "/resource", """{"resources":[{"resourceURI":"../etc/passwd","resourceContent":"YQ=="}]}""", 400, "'..'")]
    [InlineData("/api/resource-service/v1/project/ghost/resource/a.yaml", """{"resourceContent":"YQ=="}""", 404, "project 'ghost'")]
    [InlineData(Base + "/stage/qa/resource/a.yaml", """{"resourceContent":"YQ=="}""", 404, "stage 'qa'")]
    [InlineData(Base + "/stage/dev/service/api/resource/a.yaml", """{"resourceContent":"YQ=="}""", 404, "service 'api'")]
    public async Task Resource_BadInput_IsRejected(string path, string body, int code, string expected)
    {
        var response = await _server.Client.PutAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Contains(expected, await RunningServer.ErrorAsync(response, code));
        await RunningServer.ErrorAsync(await _server.Client.GetAsync(Base + "/resource/a.yaml"), 404);
    }

    [Theory]
    [InlineData("objectives: [unclosed", "slo.yaml is not valid YAML")]
    [InlineData("objectives:\n  - sli: rt\n    displayName: Response time\n    pass: [{criteria: ['~600']}]\ntotal_score: {pass: '90%'}", "slo.yaml: objective Response time: criteria '~600': no operator set")]
    [InlineData("objectives:\n  - sli: rt\n    pass: [{criteria: ['<600']}]\ntotal_score: {pass: 'most'}", "slo.yaml: total_score.pass 'most' is not a percentage")]
    [InlineData("objectives:\n  - sli: rt\n    pass: [{criteria: ['<600']}]", "slo.yaml: total_score.pass is required")]
    public async Task UnusableSloFile_IsRefused_AndNothingIsStored(string slo, string message)
    {
        var response = await _server.Client.PutAsJsonAsync(Base + "/stage/dev/service/web/resource/slo.yaml", new { resourceContent = B64(slo) });
        Assert.StartsWith(message, await RunningServer.ErrorAsync(response, 400));
        await RunningServer.ErrorAsync(await _server.Client.GetAsync(Base + "/stage/dev/service/web/resource/slo.yaml"), 404);
        var good = await _server.Client.PutAsJsonAsync(Base + "/stage/dev/service/web/resource/slo.yaml", new { resourceContent = B64("objectives:\n  - sli: rt\n    pass: [{criteria: ['<=+10%', '<600']}]\ntotal_score: {pass: '90%', warning: '75%'}") });
        Assert.True(good.IsSuccessStatusCode, await good.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("indicators: [unclosed", "prometheus/sli.yaml (upload) is not valid YAML")]
    [InlineData("spec_version: '1.0'", "prometheus/sli.yaml (upload) is missing the required field: indicators")]
    [InlineData("indicators:\n  throughput:", "prometheus/sli.yaml (upload): indicator 'throughput' has no query")]
    public async Task UnusableSliFile_IsRefused_AndNothingIsStored(string sli, string message)
    {
        var path = Base + "/resource/prometheus%2Fsli.yaml";
        Assert.StartsWith(message, await RunningServer.ErrorAsync(await _server.Client.PutAsJsonAsync(path, new { resourceContent = B64(sli) }), 400));
        await RunningServer.ErrorAsync(await _server.Client.GetAsync(path), 404);
        var good = await _server.Client.PutAsJsonAsync(path, new { resourceContent = B64("indicators:\n  throughput: sum(rate(http_requests_total[$DURATION_SECONDS]))") });
        Assert.True(good.IsSuccessStatusCode, await good.Content.ReadAsStringAsync());
    }
}
