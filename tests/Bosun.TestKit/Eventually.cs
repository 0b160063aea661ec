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
    /// <param name="explain">Read only on a timeout and added to its message: what a failure needs to be understood
    /// (a server's output, what a fake integration received).</param>
    /// <exception cref="TimeoutException">The deadline passed; the message names <paramref name="what"/> and the last value.</exception>
    /// <remarks>A probe that throws ends the wait with its exception: that is how a probe says "this will never happen"
    /// (the process it waits on exited, say).</remarks>
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan deadline, string what, TimeSpan? interval = null, Func<Task<string>>? explain = null)
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
                var message = $"{what} did not happen within {deadline.TotalSeconds:0.#} s (last seen: {last})";
                throw new TimeoutException(explain is null ? message : message + ":\n" + await explain());
            }
            await Task.Delay(interval ?? Interval);
        }
    }

    /// <summary>Polls <paramref name="probe"/> until it finds something (not null); returns it.</summary>
    public static async Task<T> Found<T>(Func<Task<T?>> probe, TimeSpan deadline, string what, Func<Task<string>>? explain = null)
        where T : class =>
        (await Until(probe, found => found is not null, deadline, what, explain: explain))!;

    /// <summary>Polls an asynchronous condition until it holds.</summary>
    public static Task Until(Func<Task<bool>> condition, TimeSpan deadline, string what, Func<Task<string>>? explain = null) =>
        Until(condition, ok => ok, deadline, what, explain: explain);

    /// <summary>Polls a condition until it holds.</summary>
    public static Task Until(Func<bool> condition, TimeSpan deadline, string what, Func<Task<string>>? explain = null) =>
        Until(() => Task.FromResult(condition()), ok => ok, deadline, what, explain: explain);
}
