namespace Bosun.Server.Access;

/// <summary>
/// Who makes a call: the token's name and role, and the projects it is limited to (null: every project). The API's
/// token check and the web UI's session set it on the request; endpoints read it for their checks and audit entries.
/// </summary>
public sealed record Caller(string Name, string Role, IReadOnlyList<string>? Projects)
{
    /// <summary>The API token every deployment has (DESIGN §8: the <c>admin</c> token named <c>default</c>).</summary>
    public static readonly Caller Default = new("default", Roles.Admin, null);

    public bool Can(Right right) => Roles.Grants(Role, right);

    public bool MayUse(string? project) => Projects is null || (project is not null && Projects.Contains(project, StringComparer.Ordinal));

    /// <summary>The 403 message of a right this caller lacks.</summary>
    public string Lacks(Right right) => $"the token '{Name}' ({Role}) lacks the right '{Roles.Name(right)}'";

    /// <summary>The 403 message of a project this caller may not use (null: the call names none).</summary>
    public string NotIn(string? project) => project is null
        ? $"the token '{Name}' is limited to the projects {string.Join(", ", Projects ?? [])}, and this call names no project"
        : $"the token '{Name}' is limited to the projects {string.Join(", ", Projects ?? [])}, not '{project}'";

    private static readonly object Key = new();

    public static Caller? Of(HttpContext? context) => context?.Items.TryGetValue(Key, out var caller) == true ? caller as Caller : null;

    public static void Set(HttpContext context, Caller caller) => context.Items[Key] = caller;
}

public static class CallerExtensions
{
    /// <summary>Whether the request's caller may operate (the web UI shows its forms only then).</summary>
    public static bool CanOperate(this HttpContext? context) => Caller.Of(context)?.Can(Right.Operate) == true;
}
