using System.Buffers;

namespace Bosun.Integrations.ArgoCd;

/// <summary>
/// Newline-delimited UTF-8 read from a stream into one pooled buffer, with no string per line: each message of Argo CD's
/// watch (spec/argocd.md A1) is a whole Application, kilobytes of JSON, parsed straight from its bytes. A line is valid
/// until the next read; one longer than <paramref name="maxLine"/> bytes ends the stream with an <see cref="IOException"/>.
/// </summary>
internal sealed class Utf8LineReader(Stream stream, int maxLine) : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
    private int _start;
    private int _end;
    private bool _ended;

    /// <summary>The next line without its <c>\n</c> (or <c>\r\n</c>); null once the stream ended.</summary>
    public async ValueTask<ReadOnlyMemory<byte>?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = _buffer.AsMemory(_start, newline);
                _start += newline + 1;
                return WithoutReturn(line);
            }
            if (_end - _start > maxLine)
            {
                throw new IOException($"a line of the stream is longer than {maxLine} bytes");
            }
            if (_ended)
            {
                if (_start == _end)
                {
                    return null;
                }
                var last = _buffer.AsMemory(_start, _end - _start);
                _start = _end;
                return WithoutReturn(last);
            }
            MakeRoom();
            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0)
            {
                _ended = true;
            }
            _end += read;
        }
    }

    /// <summary>Moves the unread part to the front, and doubles the buffer when that part fills it.</summary>
    private void MakeRoom()
    {
        var unread = _end - _start;
        if (unread == _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, maxLine + 1));
            _buffer.AsSpan(_start, unread).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
        else if (_start > 0)
        {
            _buffer.AsSpan(_start, unread).CopyTo(_buffer);
        }
        (_start, _end) = (0, unread);
    }

    private static ReadOnlyMemory<byte> WithoutReturn(ReadOnlyMemory<byte> line) =>
        line.Length > 0 && line.Span[^1] == (byte)'\r' ? line[..^1] : line;

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
