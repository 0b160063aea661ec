namespace Bosun.Integrations.ArgoCd;

/// <summary>An Argo CD API failure with its kind, HTTP status and Argo CD's own message.</summary>
public sealed class ArgoCdException(ArgoCdErrorKind kind, int status, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public ArgoCdErrorKind Kind { get; } = kind;

    /// <summary>The HTTP status, or 0 when Argo CD could not be reached.</summary>
    public int Status { get; } = status;

    /// <summary>Maps an error answer as grpc-gateway writes it (<c>{"error","code","message"}</c>).</summary>
    public static ArgoCdException FromResponse(int status, string message) => status switch
    {
        400 when message.Contains("another operation is already in progress", StringComparison.OrdinalIgnoreCase) =>
            new(ArgoCdErrorKind.OperationInProgress, status, message),
        400 or 409 or 412 or 422 => new(ArgoCdErrorKind.Rejected, status, message),
        401 => new(ArgoCdErrorKind.Unauthorized, status, message),
        403 when message.Contains("sync window", StringComparison.OrdinalIgnoreCase) => new(ArgoCdErrorKind.SyncWindow, status, message),
        403 => new(ArgoCdErrorKind.PermissionDenied, status, message),
        404 => new(ArgoCdErrorKind.NotFound, status, message),
        _ => new(ArgoCdErrorKind.Unavailable, status, message),
    };
}
