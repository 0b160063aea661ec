using System.Collections.Concurrent;
using System.Net;

namespace Bosun.Server.Hosting;

/// <summary>
/// DESIGN §8: failed authentications are throttled per client address. After <see cref="MaxFailures"/> failures within
/// <see cref="Window"/>, every attempt from that address (a right token too, so guessing learns nothing) is answered
/// 429 until the window ends. The addresses kept are bounded; expired ones are dropped when the table fills.
/// </summary>
internal sealed class AuthThrottle(TimeProvider time)
{
    public const int MaxFailures = 100;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private const int MaxAddresses = 10_000;
    private readonly ConcurrentDictionary<IPAddress, Failures> _failures = new();

    private sealed record Failures(DateTimeOffset Since, int Count);

    /// <summary>How long <paramref name="address"/> must wait before it may try again; null when it may now.</summary>
    public TimeSpan? Blocked(IPAddress? address)
    {
        if (address is null || !_failures.TryGetValue(address, out var failures) || failures.Count < MaxFailures)
        {
            return null;
        }
        var left = failures.Since + Window - time.GetUtcNow();
        return left > TimeSpan.Zero ? left : null;
    }

    public void Failed(IPAddress? address)
    {
        if (address is null)
        {
            return;
        }
        var now = time.GetUtcNow();
        if (_failures.Count >= MaxAddresses)
        {
            foreach (var (key, value) in _failures)
            {
                if (value.Since + Window <= now)
                {
                    _failures.TryRemove(key, out _);
                }
            }
        }
        _failures.AddOrUpdate(address, _ => new Failures(now, 1),
            (_, seen) => seen.Since + Window <= now ? new Failures(now, 1) : seen with { Count = seen.Count + 1 });
    }

    /// <summary>The <c>Retry-After</c> value: whole seconds, at least one.</summary>
    public static string RetryAfter(TimeSpan wait) =>
        Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
