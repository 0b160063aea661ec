using System.Text.Json.Nodes;
using Bosun.ArgoCdSimulator.Model;

namespace Bosun.ArgoCdSimulator.Api;

/// <summary>grpc-gateway's unary error body: <c>{"error", "code", "message", "details"}</c>.</summary>
internal static class ArgoError
{
    public static IResult Of(SimulatorError error) => Of(error.HttpStatus, error.GrpcCode, error.Message);

    public static IResult Of(int httpStatus, int grpcCode, string message) => TypedResults.Json(new JsonObject
    {
        ["error"] = message,
        ["code"] = grpcCode,
        ["message"] = message,
        ["details"] = new JsonArray(),
    }, statusCode: httpStatus);
}
