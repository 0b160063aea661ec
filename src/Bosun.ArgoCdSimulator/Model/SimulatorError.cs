namespace Bosun.ArgoCdSimulator.Model;

/// <summary>An Argo CD API error: the HTTP status and the gRPC code grpc-gateway would send (spec A1).</summary>
public sealed class SimulatorError(int httpStatus, int grpcCode, string message) : Exception(message)
{
    public int HttpStatus { get; } = httpStatus;
    public int GrpcCode { get; } = grpcCode;

    public static SimulatorError NotFound(string app) => new(404, 5, $"applications.argoproj.io \"{app}\" not found");

    public static SimulatorError PermissionDenied() => new(403, 7, "permission denied");

    public static SimulatorError InProgress() => new(400, 9, "another operation is already in progress");

    public static SimulatorError FailedPrecondition(string message) => new(400, 9, message);

    public static SimulatorError InvalidArgument(string message) => new(400, 3, message);
}
