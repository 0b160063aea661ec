using System.Text;
using Bosun.Integrations.Prometheus;
using Bosun.TestKit;

namespace Bosun.Integrations.Tests.Prometheus;

/// <summary>Prometheus API answers (shapes from the HTTP API documentation) and what becomes of each; credentials on the wire.</summary>
public sealed class PrometheusClientTests
{
    private static readonly PrometheusEndpoint Endpoint = PrometheusEndpoint.Parse("http://prometheus.example:9090", "test");

    [Theory]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1571649085,"0.2011"]}]}}""", 0.2011)]
    [InlineData("""{"status":"success","data":{"resultType":"scalar","result":[1571649085,"42"]}}""", 42)]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{"job":"a"},"value":[1,"-3.5e2"]}]}}""", -350)]
    public void OneFiniteNumber_IsTheValue(string body, double expected) =>
        Assert.Equal(expected, PrometheusClient.Value(body, 200, Endpoint));

    [Theory]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[]}}""", 200, "the query returned no data (an empty vector)")]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[{"value":[1,"1"]},{"value":[1,"2"]}]}}""", 200, "the query returned 2 series; an SLI needs one")]
    [InlineData("""{"status":"success","data":{"resultType":"scalar","result":[1,"NaN"]}}""", 200, "the query returned NaN, not a finite number")]
    [InlineData("""{"status":"success","data":{"resultType":"scalar","result":[1,"+Inf"]}}""", 200, "the query returned +Inf, not a finite number")]
    [InlineData("""{"status":"success","data":{"resultType":"matrix","result":[]}}""", 200, "the query returned a matrix result")]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[{"value":[1,"fast"]}]}}""", 200, "a value that is not a number: 'fast'")]
    [InlineData("""{"status":"error","errorType":"bad_data","error":"parse error: unclosed left parenthesis"}""", 400, "Prometheus refused the query (bad_data): parse error: unclosed left parenthesis")]
    [InlineData("""{"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"}""", 503, "Prometheus refused the query (timeout)")]
    [InlineData("<html>bad gateway</html>", 502, "Prometheus at http://prometheus.example:9090 answered HTTP 502 with a body that is not a Prometheus API response")]
    [InlineData("Unauthorized", 401, "refused the credentials (HTTP 401)")]
    public void AnythingElse_IsAClearError(string body, int status, string message) =>
        Assert.Contains(message, Assert.Throws<PrometheusException>(() => PrometheusClient.Value(body, status, Endpoint)).Message);

    [Theory]
    [InlineData("prometheus.example:9090", "https://prometheus.example:9090/")]
    [InlineData("http://prometheus.example:9090/prom", "http://prometheus.example:9090/prom/")]
    public void Urls_AsKeptnTookThem(string url, string expected) =>
        Assert.Equal(expected, PrometheusEndpoint.Parse(url, "PROMETHEUS_URL").Url.ToString());

    [Fact]
    public void NotAnHttpUrl_IsRefusedNamingTheField() =>
        Assert.Equal("PROMETHEUS_URL 'ftp://x' is not an http(s) URL", Assert.Throws<PrometheusException>(() => PrometheusEndpoint.Parse("ftp://x", "PROMETHEUS_URL")).Message);

    [Fact]
    public async Task Credentials_GoInTheAuthorizationHeader_BasicOrBearer()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        using var http = new HttpClient();
        var client = new PrometheusClient(http, TimeSpan.FromSeconds(5));
        var basic = PrometheusEndpoint.Parse(receiver.Address.ToString(), "test", user: "keptn", password: "s3cret");
        var bearer = PrometheusEndpoint.Parse(receiver.Address.ToString(), "test", token: "t0ken");
        await Assert.ThrowsAsync<PrometheusException>(() => client.QueryAsync(basic, "up", DateTimeOffset.UnixEpoch.AddSeconds(90), CancellationToken.None));
        await Assert.ThrowsAsync<PrometheusException>(() => client.QueryAsync(bearer, "up", DateTimeOffset.UnixEpoch.AddSeconds(90), CancellationToken.None));
        var requests = receiver.Requests.ToArray();
        Assert.Equal("/api/v1/query", requests[0].Path);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("keptn:s3cret")), requests[0].Headers["Authorization"]);
        Assert.Equal("Bearer t0ken", requests[1].Headers["Authorization"]);
    }
}
