using System.Net.Sockets;
using System.Text;

namespace Bosun.TestKit;

/// <summary>
/// HTTP/1.1 written byte for byte over a socket, for what <see cref="HttpClient"/> will not send: targets with dot
/// segments it would normalise, bodies with invalid UTF-8, chunked bodies of a chosen size.
/// </summary>
public static class RawHttp
{
    public sealed record Response(int Status, string Body);

    /// <param name="chunked">Send the body with <c>Transfer-Encoding: chunked</c> (no length to check) instead of <c>Content-Length</c>.</param>
    public static async Task<Response> SendAsync(Uri server, string method, string target, byte[]? body = null, string? token = null, bool chunked = false)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await client.ConnectAsync(server.Host, server.Port, timeout.Token);
        var stream = client.GetStream();
        var head = new StringBuilder($"{method} {target} HTTP/1.1\r\nHost: {server.Authority}\r\nConnection: close\r\nContent-Type: application/json\r\n");
        if (token is not null)
        {
            head.Append($"x-token: {token}\r\n");
        }
        body ??= [];
        head.Append(chunked ? "Transfer-Encoding: chunked\r\n" : $"Content-Length: {body.Length}\r\n").Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), timeout.Token);
        try
        {
            if (chunked)
            {
                const int Chunk = 64 * 1024;
                for (var offset = 0; offset < body.Length; offset += Chunk)
                {
                    var length = Math.Min(Chunk, body.Length - offset);
                    await stream.WriteAsync(Encoding.ASCII.GetBytes($"{length:x}\r\n"), timeout.Token);
                    await stream.WriteAsync(body.AsMemory(offset, length), timeout.Token);
                    await stream.WriteAsync("\r\n"u8.ToArray(), timeout.Token);
                }
                await stream.WriteAsync("0\r\n\r\n"u8.ToArray(), timeout.Token);
            }
            else
            {
                await stream.WriteAsync(body, timeout.Token);
            }
        }
        catch (IOException)
        {
            // The server may answer and close before it has read a body it refuses; the answer is still there.
        }
        using var received = new MemoryStream();
        try
        {
            await stream.CopyToAsync(received, timeout.Token);
        }
        catch (IOException) when (received.Length > 0)
        {
        }
        return Parse(received.ToArray());
    }

    private static Response Parse(byte[] raw)
    {
        var split = raw.AsSpan().IndexOf("\r\n\r\n"u8);
        if (split < 0)
        {
            throw new InvalidDataException($"no HTTP answer: '{Encoding.UTF8.GetString(raw)}'");
        }
        var head = Encoding.ASCII.GetString(raw, 0, split);
        var body = raw.AsSpan(split + 4);
        var status = int.Parse(head.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        if (!head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            return new Response(status, Encoding.UTF8.GetString(body));
        }
        using var joined = new MemoryStream();
        while (true)
        {
            var end = body.IndexOf("\r\n"u8);
            var size = Convert.ToInt32(Encoding.ASCII.GetString(body[..end]).Split(';')[0], 16);
            if (size == 0)
            {
                break;
            }
            joined.Write(body.Slice(end + 2, size));
            body = body[(end + 2 + size + 2)..];
        }
        return new Response(status, Encoding.UTF8.GetString(joined.ToArray()));
    }
}
