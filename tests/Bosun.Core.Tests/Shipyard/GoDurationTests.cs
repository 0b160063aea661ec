using Bosun.Core.Shipyard;

namespace Bosun.Core.Tests.Shipyard;

public class GoDurationTests
{
    [Theory]
    [InlineData("10m", 600)]
    [InlineData("1h30m", 5400)]
    [InlineData("1.5s", 1.5)]
    [InlineData("500ms", 0.5)]
    [InlineData("0", 0)]
    public void TryParse_GoSyntax_Parses(string text, double seconds)
    {
        Assert.True(GoDuration.TryParse(text, out var value));
        Assert.Equal(seconds, value.TotalSeconds, 3);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("ten minutes")]
    [InlineData("5m junk")]
    [InlineData("-5m")]
    public void TryParse_NotADuration_Fails(string text) => Assert.False(GoDuration.TryParse(text, out _));

    [Theory]
    [InlineData(5400, "1h30m0s")]
    [InlineData(600, "10m0s")]
    [InlineData(61, "1m1s")]
    [InlineData(5, "5s")]
    [InlineData(0, "0s")]
    public void Format_WritesAsGosDurationString_AndParsesBack(int seconds, string text)
    {
        Assert.Equal(text, GoDuration.Format(TimeSpan.FromSeconds(seconds)));
        Assert.True(GoDuration.TryParse(text, out var back));
        Assert.Equal(seconds, back.TotalSeconds);
    }
}
