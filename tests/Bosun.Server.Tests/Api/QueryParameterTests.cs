using Bosun.TestKit;

namespace Bosun.Server.Tests.Api;

/// <summary>Paging, time and filter parameters of the read endpoints, and the configurable event size limit.</summary>
public sealed class QueryParameterTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync(maxEventSizeKb: 1);
        await _server.CreateProjectAsync("q", Shipyards.Minimal, "web");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("/api/controlPlane/v1/project?pageSize=0", "pageSize")]
    [InlineData("/api/controlPlane/v1/project?pageSize=abc", "pageSize")]
    [InlineData("/api/controlPlane/v1/project?nextPageKey=xyz", "nextPageKey")]
    [InlineData("/api/mongodb-datastore/event?pageSize=101", "pageSize")]
    [InlineData("/api/mongodb-datastore/event?fromTime=yesterday", "fromTime")]
    [InlineData("/api/mongodb-datastore/event/type/sh.keptn.event.deliver.finished?fromTime=2024-13-45", "fromTime")]
    [InlineData("/api/mongodb-datastore/event/type/sh.keptn.event.deliver.finished?filter=data.project", "filter clause")]
    [InlineData("/api/controlPlane/v1/sequence/q?beforeTime=later", "beforeTime")]
    [InlineData("/api/controlPlane/v1/log?fromTime=soon", "fromTime")]
    [InlineData("/api/controlPlane/v1/event/triggered/sh.keptn.event.deliver.triggered?pageSize=-1", "pageSize")]
    [InlineData("/api/resource-service/v1/project/q/resource/shipyard.yaml?gitCommitID=abc", "gitCommitID")]
    [InlineData("/api/controlPlane/v1/sequence-execution", "project")]
    [InlineData("/api/controlPlane/v1/sequence-execution?project=", "project")]
    [InlineData("/api/controlPlane/v1/sequence-execution?project=q&status=Started", "status 'Started'")]
    [InlineData("/api/controlPlane/v1/sequence-execution?project=q&status=%00", "status")]
    [InlineData("/api/controlPlane/v1/sequence-execution?project=q&pageSize=101", "pageSize")]
    [InlineData("/api/controlPlane/v1/sequence-execution?project=q&nextPageKey=-1", "nextPageKey")]
    [InlineData("/api/secrets/v1/secret?name=x&scope=../../etc", "scope")]
    public async Task BadQueryParameter_Is400NamingIt(string path, string expected) =>
        Assert.Contains(expected, await RunningServer.ErrorAsync(await _server.Client.GetAsync(path), 400));

    [Theory]
    [InlineData("/api/controlPlane/v1/project/q/stage/qa")]
    [InlineData("/api/controlPlane/v1/project/q/stage/qa/service")]
    [InlineData("/api/controlPlane/v1/project/q/stage/dev/service/api")]
    [InlineData("/api/controlPlane/v1/project/none/stage")]
    [InlineData("/api/resource-service/v1/project/q/resource/missing.yaml")]
    public async Task UnknownStageServiceOrFile_Is404(string path) =>
        await RunningServer.ErrorAsync(await _server.Client.GetAsync(path), 404);

    [Theory]
    [InlineData("/api/controlPlane/v1/log?fromTime=soon", "fromTime")]
    [InlineData("/api/controlPlane/v1/log?beforeTime=2024-13-45", "beforeTime")]
    public async Task BadQueryParameter_OnADelete_Is400NamingIt_AndDeletesNothing(string path, string expected)
    {
        await PostLogsAsync("""{"logs":[{"integrationid":"kept","message":"m"}]}""");
        Assert.Contains(expected, await RunningServer.ErrorAsync(await _server.Client.DeleteAsync(path), 400));
        var logs = await RunningServer.ReadAsync(await _server.Client.GetAsync("/api/controlPlane/v1/log?integrationId=kept"));
        Assert.NotEqual(0, logs["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task DeleteLogs_RemovesOnlyTheIntegrationsEntries()
    {
        await PostLogsAsync("""{"logs":[{"integrationid":"a","message":"1"},{"integrationid":"b","message":"2"}]}""");
        await RunningServer.ReadAsync(await _server.Client.DeleteAsync("/api/controlPlane/v1/log?integrationId=a"));
        Assert.Equal(0, (await RunningServer.ReadAsync(await _server.Client.GetAsync("/api/controlPlane/v1/log?integrationId=a")))["totalCount"]!.GetValue<int>());
        Assert.Equal(1, (await RunningServer.ReadAsync(await _server.Client.GetAsync("/api/controlPlane/v1/log?integrationId=b")))["totalCount"]!.GetValue<int>());
    }

    private async Task PostLogsAsync(string json) =>
        await RunningServer.ReadAsync(await _server.Client.PostAsync("/api/controlPlane/v1/log", new StringContent(json, System.Text.Encoding.UTF8, "application/json")));

    [Fact]
    public async Task TimeFormats_OfKeptn_AreAccepted()
    {
        foreach (var time in new[] { "2024-01-02T15:04:05.000Z", "2024-01-02T15:04:05Z", "2024-01-02T15:04:05%2B01:00", "2024-01-02T15:04:05" })
        {
            await RunningServer.ReadAsync(await _server.Client.GetAsync($"/api/mongodb-datastore/event?fromTime={time}"));
        }
    }

    [Fact]
    public async Task EventSizeLimit_IsConfigurable()
    {
        var padding = new string('x', 1100);
        var message = await RunningServer.ErrorAsync(await _server.PostEventAsync("{\"type\":\"sh.keptn.log.error\",\"source\":\"s\",\"data\":{\"message\":\"" + padding + "\"}}"), 413);
        Assert.Contains("1 KiB", message);
        await RunningServer.ReadAsync(await _server.PostEventAsync("""{"type":"sh.keptn.log.error","source":"s","data":{"message":"small"}}"""));
    }
}
