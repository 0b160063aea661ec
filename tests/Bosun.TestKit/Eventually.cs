namespace Bosun.TestKit;

/// <summary>
/// The one way a test waits for something another process or thread does: poll a probe until it says done or the
/// deadline passes, then fail naming what did not happen (STYLE.md: no sleeps, no hand-rolled loops).
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>Polls <paramref name="probe"/> until <paramref name="done"/> holds for its value; returns that value.</summary>
    /// <param name="interval">Between polls: 50 ms unless a probe is costly enough to ask for more.</param>
    /// <exception cref="TimeoutException">The deadline passed; the message names <paramref name="what"/> and the last value.</exception>
    /// <remarks>A probe that throws ends the wait with its exception: that is how a probe says "this will never happen"
    /// (the process it waits on exited, say).</remarks>
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan deadline, string what, TimeSpan? interval = null)
    {
        var started = TimeProvider.System.GetTimestamp();
        T last;
        while (true)
        {
            last = await probe();
            if (done(last))
            {
                return last;
            }
            if (TimeProvider.System.GetElapsedTime(started) > deadline)
            {
                throw new TimeoutException($"{what} did not happen within {deadline.TotalSeconds:0.#} s (last seen: {last})");
            }
            await Task.Delay(interval ?? Interval);
        }
    }

    /// <summary>Polls an asynchronous condition until it holds.</summary>
    public static Task Until(Func<Task<bool>> condition, TimeSpan deadline, string what) =>
        Until(condition, ok => ok, deadline, what);

    /// <summary>Polls a condition until it holds.</summary>
    public static Task Until(Func<bool> condition, TimeSpan deadline, string what) =>
        Until(() => Task.FromResult(condition()), ok => ok, deadline, what);
}
