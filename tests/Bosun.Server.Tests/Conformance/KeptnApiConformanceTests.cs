using System.Text;
using System.Text.Json.Nodes;

namespace Bosun.Server.Tests.Conformance;

/// <summary>
/// Every path Bosun serves of Keptn's API, at every status code it answers, against the answer schemas of Keptn 1.4.5's
/// documents (TestData/keptn/schemas): field names, types, required fields, paging fields and the error shape, as
/// Keptn's Go and TypeScript clients read them. A row names the Keptn definition its answer must match; where Bosun
/// answers differently on purpose (DESIGN §3) the row's comment says so.
/// </summary>
public sealed class KeptnApiConformanceTests(KeptnApiFixture fixture) : IClassFixture<KeptnApiFixture>
{
    private const string Cp = "/api/controlPlane/v1";
    private const string P = KeptnApiFixture.Project;
    private const string Rs = "/api/resource-service/v1/project/" + P;
    private const string Sc = "shipyard-controller#";
    private const string Api = "api-service#";
    private const string Mdb = "mongodb-datastore#";
    private const string Sec = "secret-service#";
    private const string Res = "resource-service#";

    public static TheoryData<string, string, string?, int, string> Rows => new()
    {
        // api-service (api/swagger.yaml)
        { "POST", "/api/v1/event", """{"type":"sh.keptn.event.dev.delivery.triggered","source":"conformance","specversion":"1.0","data":{"project":"conf","stage":"dev","service":"web","labels":{"version":"2.0"}}}""", 200, Api + "eventContext" },
        { "POST", "/api/v1/event", """{"source":"conformance","data":{}}""", 400, Api + "error" },
        { "POST", "/api/v1/auth", null, 200, Api + "auth" },
        { "GET", "/api/v1/metadata", null, 200, Api + "metadata" },
        { "POST", "/api/v1/import", null, 501, Api + "error" },

        // shipyard-controller: projects, stages, services (docs/swagger.yaml)
        { "GET", Cp + "/project", null, 200, Sc + "ExpandedProjects" },
        { "GET", Cp + "/project?pageSize=1&disableUpstreamSync=true", null, 200, Sc + "ExpandedProjects" },
        { "GET", Cp + "/project?pageSize=0", null, 400, Sc + "Error" },
        { "POST", Cp + "/project", $$"""{"name":"fresh","shipyard":"{{KeptnApiFixture.B64(Bosun.TestKit.Shipyards.Minimal)}}"}""", 201, Sc + "EmptyObject" },
        { "POST", Cp + "/project", $$"""{"name":"conf","shipyard":"{{KeptnApiFixture.B64(Bosun.TestKit.Shipyards.Minimal)}}"}""", 409, Sc + "Error" },
        { "POST", Cp + "/project", """{"name":"Not A Name"}""", 400, Sc + "Error" },
        { "PUT", Cp + "/project", $$"""{"name":"conf","shipyard":"{{KeptnApiFixture.B64(Bosun.TestKit.Shipyards.TwoStages)}}"}""", 201, Sc + "EmptyObject" },
        { "PUT", Cp + "/project", """{"name":"nowhere"}""", 404, Sc + "Error" },
        { "PUT", Cp + "/project", """{"shipyard":3}""", 400, Sc + "Error" },
        { "GET", Cp + "/project/conf", null, 200, Sc + "ExpandedProject" },
        { "GET", Cp + "/project/nowhere", null, 404, Sc + "Error" },
        { "DELETE", Cp + "/project/doomed", null, 200, Sc + "DeleteResponse" },
        { "POST", Cp + "/project/conf/service", """{"serviceName":"api"}""", 200, Sc + "EmptyObject" },
        { "POST", Cp + "/project/conf/service", """{"serviceName":"web"}""", 409, Sc + "Error" },
        { "POST", Cp + "/project/conf/service", """{"serviceName":"Bad Name"}""", 400, Sc + "Error" },
        { "DELETE", Cp + "/project/conf/service/gone", null, 200, Sc + "DeleteResponse" },
        { "GET", Cp + "/project/conf/stage", null, 200, Sc + "ExpandedStages" },
        { "GET", Cp + "/project/conf/stage?pageSize=1&nextPageKey=1&disableUpstreamSync=true", null, 200, Sc + "ExpandedStages" },
        { "GET", Cp + "/project/conf/stage?pageSize=x", null, 400, Sc + "Error" },
        { "GET", Cp + "/project/nowhere/stage", null, 404, Sc + "Error" },
        { "GET", Cp + "/project/conf/stage/dev", null, 200, Sc + "ExpandedStage" },
        { "GET", Cp + "/project/conf/stage/nowhere", null, 404, Sc + "Error" },
        { "GET", Cp + "/project/conf/stage/dev/service", null, 200, Sc + "ExpandedServices" },
        { "GET", Cp + "/project/conf/stage/dev/service?nextPageKey=y", null, 400, Sc + "Error" },
        { "GET", Cp + "/project/conf/stage/nowhere/service", null, 404, Sc + "Error" },
        { "GET", Cp + "/project/conf/stage/dev/service/web", null, 200, Sc + "ExpandedService" },
        { "GET", Cp + "/project/conf/stage/dev/service/nowhere", null, 404, Sc + "Error" },

        // shipyard-controller: evaluation, sequences, open tasks
        { "POST", Cp + "/project/conf/stage/dev/service/web/evaluation", """{"timeframe":"5m"}""", 200, Sc + "CreateEvaluationResponse" },
        { "POST", Cp + "/project/conf/stage/dev/service/web/evaluation", """{"timeframe":5}""", 400, Sc + "Error" },
        { "GET", Cp + "/sequence/conf", null, 200, Sc + "SequenceStates" },
        { "GET", Cp + "/sequence/conf?name=delivery&state=started&keptnContext={ctx}&pageSize=5&nextPageKey=0&fromTime=2020-01-01T00:00:00.000Z", null, 200, Sc + "SequenceStates" },
        { "GET", Cp + "/sequence/conf?beforeTime=later", null, 400, Sc + "Error" },
        { "GET", Cp + "/sequence/nowhere", null, 404, Sc + "Error" }, // Keptn documents 200/400/500; its handler answers 404 for an unknown project too
        { "POST", Cp + "/sequence/conf/{ctx}/control", """{"state":"pause"}""", 200, Sc + "EmptyObject" },
        { "POST", Cp + "/sequence/conf/{ctx}/control", """{"state":"stop"}""", 400, Sc + "Error" },
        { "POST", Cp + "/sequence/conf/no-such-context/control", """{"state":"pause"}""", 404, Sc + "Error" },
        { "GET", Cp + "/sequence-execution?project=conf", null, 200, Sc + "SequenceExecutionPage" },
        { "GET", Cp + "/sequence-execution?project=conf&stage=dev&service=web&name=delivery&keptnContext={ctx}&pageSize=1&nextPageKey=0", null, 200, Sc + "SequenceExecutionPage" },
        { "GET", Cp + "/sequence-execution", null, 400, Sc + "Error" },
        { "GET", Cp + "/sequence-execution?project=conf&status=running", null, 400, Sc + "Error" },
        { "GET", Cp + "/sequence-execution?project=conf&nextPageKey=x", null, 400, Sc + "Error" },
        { "GET", Cp + "/sequence-execution?project=nowhere", null, 404, Sc + "Error" },
        { "GET", Cp + "/event/triggered/sh.keptn.event.deployment.triggered?project=conf&stage=dev&service=web", null, 200, Sc + "TriggeredEvents" },
        { "GET", Cp + "/event/triggered/sh.keptn.event.deployment.triggered?eventID={triggered}&project=conf", null, 200, Sc + "TriggeredEvents" },
        { "GET", Cp + "/event/triggered/sh.keptn.event.deployment.triggered?pageSize=-1", null, 400, Sc + "Error" },
        { "GET", Cp + "/event/triggered/sh.keptn.event.deployment.triggered?project=nowhere", null, 404, Sc + "Error" },

        // shipyard-controller: logs
        { "GET", Cp + "/log", null, 200, Sc + "GetLogsResponse" },
        { "GET", Cp + "/log?integrationId=int-1&fromTime=2020-01-01T00:00:00.000Z&pageSize=1&nextPageKey=0", null, 200, Sc + "GetLogsResponse" },
        { "GET", Cp + "/log?fromTime=soon", null, 400, Sc + "Error" },
        { "POST", Cp + "/log", """{"logs":[{"integrationid":"int-2","message":"m"}]}""", 200, Sc + "EmptyObject" },
        { "POST", Cp + "/log", """{"logs":[{"message":"no integration"}]}""", 400, Sc + "Error" },
        { "DELETE", Cp + "/log?integrationId=int-9", null, 200, Sc + "EmptyObject" },
        { "DELETE", Cp + "/log?beforeTime=never", null, 400, Sc + "Error" },

        // shipyard-controller: uniform registrations and subscriptions
        { "GET", Cp + "/uniform/registration", null, 200, Sc + "Integrations" },
        { "GET", Cp + "/uniform/registration?name=job-executor-service&project=conf&stage=dev&service=web", null, 200, Sc + "Integrations" },
        { "POST", Cp + "/uniform/registration", """{"name":"new-service","metadata":{"hostname":"h","kubernetesmetadata":{"namespace":"keptn"}},"subscriptions":[{"event":"sh.keptn.event.test.triggered"}]}""", 201, Sc + "RegisterResponse" },
        { "POST", Cp + "/uniform/registration", """{"name":"re-registered","metadata":{"hostname":"node-1","integrationversion":"1.0","distributorversion":"1.0","kubernetesmetadata":{"namespace":"keptn"}},"subscriptions":[]}""", 200, Sc + "RegisterResponse" },
        { "POST", Cp + "/uniform/registration", """{"metadata":{}}""", 400, Sc + "Error" },
        { "DELETE", Cp + "/uniform/registration/{integration2}", null, 200, Sc + "EmptyObject" },
        { "PUT", Cp + "/uniform/registration/{integration}/ping", null, 200, Sc + "Integration" },
        { "PUT", Cp + "/uniform/registration/no-such-id/ping", null, 404, Sc + "Error" },
        { "GET", Cp + "/uniform/registration/{integration}/subscription", null, 200, Sc + "EventSubscriptions" },
        { "GET", Cp + "/uniform/registration/no-such-id/subscription", null, 404, Sc + "Error" },
        { "POST", Cp + "/uniform/registration/{integration}/subscription", """{"event":"sh.keptn.event.release.triggered","filter":{"projects":["conf"]}}""", 201, Sc + "RegisterResponse" },
        { "POST", Cp + "/uniform/registration/{integration}/subscription", """{"filter":{}}""", 400, Sc + "Error" },
        { "POST", Cp + "/uniform/registration/no-such-id/subscription", """{"event":"sh.keptn.event.test.triggered"}""", 404, Sc + "Error" },
        { "GET", Cp + "/uniform/registration/{integration}/subscription/{subscription}", null, 200, Sc + "EventSubscription" },
        { "GET", Cp + "/uniform/registration/{integration}/subscription/no-such-sub", null, 404, Sc + "Error" },
        { "PUT", Cp + "/uniform/registration/{integration}/subscription/{subscription}", """{"event":"sh.keptn.event.test.triggered","filter":{"projects":["conf"]}}""", 201, Sc + "EmptyObject" },
        { "PUT", Cp + "/uniform/registration/{integration}/subscription/{subscription}", """{"event":7}""", 400, Sc + "Error" },

        // mongodb-datastore (swagger.yaml)
        { "GET", "/api/mongodb-datastore/event?project=conf", null, 200, Mdb + "events" },
        { "GET", "/api/mongodb-datastore/event?keptnContext={ctx}&type=sh.keptn.event.dev.delivery.triggered&stage=dev&service=web&root=true&source=conformance&pageSize=5&nextPageKey=0", null, 200, Mdb + "events" },
        { "GET", "/api/mongodb-datastore/event?eventID={triggered}", null, 200, Mdb + "events" },
        { "GET", "/api/mongodb-datastore/event?pageSize=101", null, 400, Mdb + "error" },
        { "GET", "/api/mongodb-datastore/event/type/sh.keptn.event.deployment.triggered?filter=data.project:conf%20AND%20data.service:web&excludeInvalidated=true&limit=5", null, 200, Mdb + "eventsByType" },
        { "GET", "/api/mongodb-datastore/event/type/sh.keptn.event.deployment.triggered?filter=data.project", null, 400, Mdb + "error" }, // Keptn answers 500; a bad filter is the caller's error

        // resource-service
        { "GET", Rs + "/resource", null, 200, Res + "Resources" },
        { "GET", Rs + "/stage/dev/resource?pageSize=1&nextPageKey=0", null, 200, Res + "Resources" },
        { "GET", Rs + "/stage/dev/service/web/resource", null, 200, Res + "Resources" },
        { "GET", Rs + "/resource/shipyard.yaml", null, 200, Res + "Resource" },
        { "GET", Rs + "/resource/shipyard.yaml?gitCommitID=1", null, 200, Res + "Resource" },
        { "GET", Rs + "/stage/dev/resource/stage-notes.md", null, 200, Res + "Resource" },
        { "GET", Rs + "/stage/dev/service/web/resource/helm%2Fvalues.yaml", null, 200, Res + "Resource" },
        { "GET", Rs + "/resource/missing.yaml", null, 404, Res + "Error" },
        { "GET", Rs + "/resource/shipyard.yaml?gitCommitID=abc", null, 400, Res + "Error" },
        { "GET", "/api/resource-service/v1/project/nowhere/resource", null, 404, Res + "Error" },
        { "POST", Rs + "/stage/dev/service/web/resource", $$"""{"resources":[{"resourceURI":"notes.md","resourceContent":"{{KeptnApiFixture.B64("a")}}"}]}""", 201, Res + "WriteResponse" },
        { "PUT", Rs + "/stage/dev/service/web/resource", $$"""{"resources":[{"resourceURI":"more-notes.md","resourceContent":"{{KeptnApiFixture.B64("b")}}"}]}""", 200, Res + "WriteResponse" },
        { "PUT", Rs + "/stage/dev/service/web/resource/other.md", $$"""{"resourceContent":"{{KeptnApiFixture.B64("c")}}"}""", 200, Res + "WriteResponse" },
        { "POST", Rs + "/resource", """{"resources":[]}""", 400, Res + "Error" },
        { "PUT", Rs + "/stage/dev/service/web/resource/bad.md", """{"resourceContent":"not base64!"}""", 400, Res + "Error" },
        { "DELETE", Rs + "/stage/dev/resource/stage-notes.md", null, 200, Res + "WriteResponse" },
        { "DELETE", Rs + "/resource/never-there.md", null, 404, Res + "Error" },

        // secret-service (docs/swagger.yaml)
        { "GET", "/api/secrets/v1/secret", null, 200, Sec + "GetSecretsResponse" },
        { "GET", "/api/secrets/v1/secret?name=argo&scope=keptn-webhook-service", null, 200, Sec + "GetSecretsResponse" },
        { "GET", "/api/secrets/v1/scope", null, 200, Sec + "GetScopesResponse" },
        { "POST", "/api/secrets/v1/secret", """{"name":"new-secret","scope":"keptn-prometheus-service","data":{"PROMETHEUS_URL":"http://p"}}""", 201, Sec + "SecretItem" },
        { "POST", "/api/secrets/v1/secret", """{"name":"argo","scope":"keptn-webhook-service","data":{"token":"x"}}""", 409, Sec + "Error" },
        { "POST", "/api/secrets/v1/secret", """{"name":"x","scope":"vault","data":{"k":"v"}}""", 400, Sec + "Error" },
        { "PUT", "/api/secrets/v1/secret", """{"name":"argo","scope":"keptn-webhook-service","data":{"token":"y"}}""", 200, Sec + "SecretItem" },
        { "PUT", "/api/secrets/v1/secret", """{"name":"nothere","data":{"token":"y"}}""", 404, Sec + "Error" },
        { "PUT", "/api/secrets/v1/secret", """{"name":"argo","data":[]}""", 400, Sec + "Error" },
        { "DELETE", "/api/secrets/v1/secret?name=doomed-secret&scope=keptn-default", null, 200, Sec + "Empty" },
        { "DELETE", "/api/secrets/v1/secret?name=nothere&scope=keptn-default", null, 404, Sec + "Error" },
        { "DELETE", "/api/secrets/v1/secret?scope=keptn-default", null, 400, Sec + "Error" },

        // statistics-service: not served (docs/api.md)
        { "GET", "/api/statistics/v1/statistics?from=2020-01-01T00:00:00.000Z", null, 501, "statistics-service#NotImplemented" },
        { "POST", "/api/statistics/v1/event", "{}", 501, "statistics-service#NotImplemented" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Answer_MatchesKeptnsSchema(string method, string path, string? body, int status, string definition)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), fixture.Expand(path));
        if (body is not null)
        {
            request.Content = new StringContent(fixture.Expand(body), Encoding.UTF8, "application/json");
        }
        using var response = await fixture.Server.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"{method} {path}: expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType ?? "(none)", StringComparison.Ordinal);
        var problems = KeptnSchemas.Check(definition, JsonNode.Parse(text));
        Assert.True(problems.Count == 0, $"{method} {path} does not match {definition}:\n{string.Join("\n", problems)}\n{text}");
    }

    [Fact]
    public async Task NextPageKey_IsAnIntegerWhereGoUtilsReadsOne_AndAStringElsewhere()
    {
        // go-utils: SequenceStates and GetLogsResponse carry NextPageKey int64; ExpandedProjects and Events a string.
        var states = await RunningServer.ReadAsync(await fixture.Server.Client.GetAsync(Cp + "/sequence/conf?pageSize=1"));
        Assert.Equal(System.Text.Json.JsonValueKind.Number, states["nextPageKey"]!.GetValueKind());
        var logs = await RunningServer.ReadAsync(await fixture.Server.Client.GetAsync(Cp + "/log"));
        Assert.Equal(0, logs["nextPageKey"]!.GetValue<long>());
        var projects = await RunningServer.ReadAsync(await fixture.Server.Client.GetAsync(Cp + "/project"));
        Assert.Equal(System.Text.Json.JsonValueKind.String, projects["nextPageKey"]!.GetValueKind());
    }

    [Fact]
    public void Schemas_RefuseWhatGoClientsCannotUnmarshal()
    {
        // The suite is only as good as its schemas: the string "0" where go-utils reads an int64 must fail.
        Assert.NotEmpty(KeptnSchemas.Check(Sc + "SequenceStates", JsonNode.Parse("""{"states":[],"nextPageKey":"0","pageSize":1,"totalCount":0}""")));
        Assert.NotEmpty(KeptnSchemas.Check(Sc + "Error", JsonNode.Parse("""{"code":"400","message":"m"}""")));
        Assert.NotEmpty(KeptnSchemas.Check(Sc + "ExpandedProject", JsonNode.Parse("""{"projectName":"p"}""")));
        Assert.Empty(KeptnSchemas.Check(Sc + "SequenceStates", JsonNode.Parse("""{"states":[],"nextPageKey":0,"pageSize":1,"totalCount":0}""")));
    }
}
