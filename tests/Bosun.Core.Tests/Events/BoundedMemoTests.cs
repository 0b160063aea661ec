using Bosun.Core.Events;

namespace Bosun.Core.Tests.Events;

public class BoundedMemoTests
{
    [Fact]
    public void Answers_AreKeptUpToTheCapacity_ThenComputedEachTime()
    {
        var calls = 0;
        var memo = new BoundedMemo<string>(2, key => { calls++; return key.ToUpperInvariant(); });

        Assert.Equal(["A", "A", "B", "C", "C"], new[] { "a", "a", "b", "c", "c" }.Select(memo.Get));

        // a and b were kept; c came past the capacity and is computed on every call.
        Assert.Equal(4, calls);
    }
}
