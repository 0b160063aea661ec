namespace Bosun.Server.Ui;

/// <summary>The web UI's routes (DESIGN §6): they sign in with a session cookie, not the API's <c>x-token</c>.</summary>
internal static class UiPaths
{
    private static readonly string[] Prefixes = ["/login", "/logout", "/projects", "/approvals", "/secrets", "/bridge", "/ui", "/audit"];

    public static bool Matches(PathString path) =>
        path == "/" || Prefixes.Any(p => path.StartsWithSegments(p, StringComparison.Ordinal));
}
