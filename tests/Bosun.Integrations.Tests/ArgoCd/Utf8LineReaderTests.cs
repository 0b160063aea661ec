using System.Text;
using Bosun.Integrations.ArgoCd;

namespace Bosun.Integrations.Tests.ArgoCd;

/// <summary>The watch's line reader: lines split across reads, CRLF, a last line without newline, long lines, the bound.</summary>
public sealed class Utf8LineReaderTests
{
    private static async Task<List<string>> ReadAllAsync(byte[] bytes, int chunk, int maxLine = 1024 * 1024)
    {
        using var reader = new Utf8LineReader(new ChunkedStream(bytes, chunk), maxLine);
        var lines = new List<string>();
        while (await reader.ReadLineAsync(CancellationToken.None) is { } line)
        {
            lines.Add(Encoding.UTF8.GetString(line.Span));
        }
        return lines;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4096)]
    public async Task Lines_AreTheSameHoweverTheStreamSplitsThem(int chunk)
    {
        var lines = await ReadAllAsync(Encoding.UTF8.GetBytes("{\"a\":1}\n\n{\"b\":\"ü€\"}\r\nlast"), chunk);

        Assert.Equal(["{\"a\":1}", "", "{\"b\":\"ü€\"}", "last"], lines);
    }

    [Fact]
    public async Task ALineLongerThanTheFirstBuffer_IsReadWhole()
    {
        var longLine = new string('x', 100_000);

        var lines = await ReadAllAsync(Encoding.UTF8.GetBytes($"{longLine}\nshort\n"), 7_000);

        Assert.Equal([longLine, "short"], lines);
    }

    [Fact]
    public async Task ALineOverTheBound_EndsTheStreamWithAnIOException()
    {
        var error = await Assert.ThrowsAsync<IOException>(() => ReadAllAsync(Encoding.UTF8.GetBytes(new string('x', 50_000) + "\n"), 4096, maxLine: 20_000));

        Assert.Contains("longer than 20000 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEmptyStream_HasNoLines() => Assert.Empty(await ReadAllAsync([], 10));

    /// <summary>A stream that hands out at most <paramref name="chunk"/> bytes a read, as a network stream may.</summary>
    private sealed class ChunkedStream(byte[] bytes, int chunk) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}
