using System.Net;
using Bosun.Server.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Bosun.Server.Tests.Api;

/// <summary>
/// DESIGN §8: failed authentications are throttled per client address: past the limit within a minute every attempt
/// from it, the right token too, is 429 with Retry-After until the minute ends; the probes stay open.
/// </summary>
public sealed class AuthThrottleTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 8, 0, 0, TimeSpan.Zero));
    private RunningServer _server = null!;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync(time: _time);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<HttpResponseMessage> WithTokenAsync(string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/controlPlane/v1/project");
        request.Headers.Add("x-token", token);
        return _server.Anonymous.SendAsync(request);
    }

    [Fact]
    public async Task PastTheLimit_EveryAttemptIs429_UntilTheWindowEnds()
    {
        for (var i = 0; i < AuthThrottle.MaxFailures; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await WithTokenAsync($"guess-{i}")).StatusCode);
        }
        _time.Advance(TimeSpan.FromSeconds(20));
        var blocked = await WithTokenAsync(RunningServer.Token);
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(40), blocked.Headers.RetryAfter?.Delta);
        Assert.Equal("too many failed authentications from this address; try again in 40 s", await RunningServer.ErrorAsync(blocked, 429));
        // The UI's sign-in counts the same failures.
        var signIn = await _server.Anonymous.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = RunningServer.Token }));
        Assert.Equal(HttpStatusCode.TooManyRequests, signIn.StatusCode);
        Assert.Contains("Too many failed sign-ins", WebUtility.HtmlDecode(await signIn.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _server.Anonymous.GetAsync("/health")).StatusCode);

        _time.Advance(TimeSpan.FromSeconds(41));
        Assert.Equal(HttpStatusCode.OK, (await WithTokenAsync(RunningServer.Token)).StatusCode);
    }

    [Fact]
    public async Task FailuresBelowTheLimit_LeaveTheRightTokenAlone_AndAgeOut()
    {
        for (var i = 0; i < AuthThrottle.MaxFailures - 1; i++)
        {
            await WithTokenAsync("wrong");
        }
        Assert.Equal(HttpStatusCode.OK, (await WithTokenAsync(RunningServer.Token)).StatusCode);
        _time.Advance(AuthThrottle.Window);
        // A new window: one more failure does not reach the limit.
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithTokenAsync("wrong")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await WithTokenAsync(RunningServer.Token)).StatusCode);
    }
}
