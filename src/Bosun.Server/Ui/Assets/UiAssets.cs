using System.Security.Cryptography;

namespace Bosun.Server.Ui.Assets;

/// <summary>
/// The UI's static assets, embedded in the binary (no CDN, no build step at run time): served under <c>/ui/</c> with
/// a content hash in the URL, so a browser caches each version for good.
/// </summary>
internal static class UiAssets
{
    private static readonly Lazy<byte[]> ScriptBytes = new(() => Read("bosun.js"));

    public static readonly Lazy<string> ScriptPath = new(() => "/ui/bosun.js?v=" + Convert.ToHexStringLower(SHA256.HashData(ScriptBytes.Value))[..12]);

    public static IEndpointRouteBuilder MapUiAssets(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ui/bosun.js", (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            return TypedResults.Bytes(ScriptBytes.Value, "text/javascript; charset=utf-8");
        });
        return app;
    }

    private static byte[] Read(string name)
    {
        using var stream = typeof(UiAssets).Assembly.GetManifestResourceStream("Bosun.Server.Ui.Assets." + name)
            ?? throw new InvalidOperationException($"the UI asset {name} is not embedded");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
