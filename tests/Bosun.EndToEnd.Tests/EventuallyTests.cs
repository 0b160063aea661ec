using Bosun.TestKit;

namespace Bosun.EndToEnd.Tests;

/// <summary>The shared wait itself: what it returns, and what a timeout says.</summary>
public sealed class EventuallyTests
{
    [Fact]
    public async Task Found_ReturnsWhatTheProbeFound_OnceItFindsIt()
    {
        var polls = 0;
        var found = await Eventually.Found(() => Task.FromResult(++polls < 3 ? null : "third"), TimeSpan.FromSeconds(10), "the third poll");
        Assert.Equal(("third", 3), (found, polls));
    }

    [Fact]
    public async Task ATimeout_NamesWhatDidNotHappen_AndAddsTheExplanation_ReadOnlyThen()
    {
        var explained = 0;
        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => Eventually.Until(
            () => false, TimeSpan.FromMilliseconds(100), "the impossible", () => Task.FromResult($"explained {++explained} time")));
        Assert.StartsWith("the impossible did not happen within 0.1 s", timeout.Message, StringComparison.Ordinal);
        Assert.EndsWith(":\nexplained 1 time", timeout.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProbeThatThrows_EndsTheWaitWithItsException()
    {
        var polls = 0;
        await Assert.ThrowsAsync<InvalidOperationException>(() => Eventually.Until(
            () => ++polls < 2 ? false : throw new InvalidOperationException("gone"), TimeSpan.FromSeconds(10), "a process that exits"));
        Assert.Equal(2, polls);
    }
}
