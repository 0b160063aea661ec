using Bosun.Server.Workers;

namespace Bosun.Server.Tests.Workers;

/// <summary>The lighthouse's memory of previous evaluations: bounded, forgetting the oldest first (flat under a soak).</summary>
public sealed class OldestFirstCacheTests
{
    [Fact]
    public void PastItsCapacity_ForgetsTheOldestFirst_AndKeepsTheNewest()
    {
        var cache = new OldestFirstCache<int>(3);
        for (var i = 0; i < 5; i++)
        {
            cache.Remember($"e{i}", i);
        }
        Assert.Equal(3, cache.Count);
        Assert.False(cache.TryGet("e0", out _));
        Assert.False(cache.TryGet("e1", out _));
        Assert.True(cache.TryGet("e4", out var newest));
        Assert.Equal(4, newest);
    }

    [Fact]
    public void RememberingAKeyAgain_KeepsItsFirstValue_AndCountsItOnce()
    {
        var cache = new OldestFirstCache<int>(2);
        cache.Remember("a", 1);
        cache.Remember("a", 2);
        cache.Remember("b", 3);
        Assert.Equal(2, cache.Count);
        Assert.True(cache.TryGet("a", out var a));
        Assert.Equal(1, a);
        // A third key pushes out the oldest, once.
        cache.Remember("c", 4);
        Assert.False(cache.TryGet("a", out _));
        Assert.True(cache.TryGet("b", out _));
    }

    [Fact]
    public void ManyWritersAtOnce_NeverLeaveMoreThanItsCapacity()
    {
        var cache = new OldestFirstCache<int>(100);
        Parallel.For(0, 10_000, i => cache.Remember($"k{i}", i));
        Assert.InRange(cache.Count, 1, 100);
    }
}
