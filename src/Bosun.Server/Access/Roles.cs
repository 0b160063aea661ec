namespace Bosun.Server.Access;

/// <summary>The roles of a token (DESIGN §8) and the highest right each holds.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Operator = "operator";
    public const string Viewer = "viewer";

    public static readonly IReadOnlyList<string> All = [Admin, Operator, Viewer];

    /// <summary>The highest right of a role; null for a role that is none of <see cref="All"/>.</summary>
    public static Right? Highest(string role) => role switch
    {
        Admin => Right.Administer,
        Operator => Right.Operate,
        Viewer => Right.Read,
        _ => null,
    };

    public static bool Grants(string role, Right right) => Highest(role) is { } highest && highest >= right;

    /// <summary>The right's name in messages: <c>read</c>, <c>operate</c>, <c>administer</c>.</summary>
    public static string Name(Right right) => right.ToString().ToLowerInvariant();
}
