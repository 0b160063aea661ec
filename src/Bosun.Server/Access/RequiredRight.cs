namespace Bosun.Server.Access;

/// <summary>
/// Endpoint metadata: the right a call needs, where it is not the default of its method (a read for GET and HEAD,
/// <see cref="Right.Operate"/> for the rest), and whether the endpoint checks a project-limited token itself (the
/// project is in its body, or found from what it names).
/// </summary>
public sealed record RequiredRight(Right Right, bool ChecksProject = false)
{
    public static Right Of(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<RequiredRight>()?.Right
        ?? (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) ? Right.Read : Right.Operate);

    public static bool ChecksProjectItself(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<RequiredRight>()?.ChecksProject == true;

    /// <summary>Why the caller may not make this call, or null when it may.</summary>
    public static string? Refusal(HttpContext context, Caller caller)
    {
        var right = Of(context);
        if (!caller.Can(right))
        {
            return caller.Lacks(right);
        }
        if (caller.Projects is null || ChecksProjectItself(context))
        {
            return null;
        }
        var project = context.Request.RouteValues["project"] as string ?? context.Request.Query["project"].FirstOrDefault();
        return caller.MayUse(project) ? null : caller.NotIn(project);
    }
}

public static class RequiredRightExtensions
{
    public static TBuilder RequireRight<TBuilder>(this TBuilder builder, Right right) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredRight(right));

    /// <summary>The endpoint finds the call's project itself and checks it with <see cref="Caller.MayUse"/>.</summary>
    public static TBuilder ChecksProject<TBuilder>(this TBuilder builder, Right right) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredRight(right, ChecksProject: true));
}
