using System.Text.Json.Nodes;

namespace Bosun.Server.Api;

/// <summary>Keptn's error body: <c>{"code": n, "message": "…"}</c>.</summary>
internal static class ApiError
{
    public static IResult Result(int code, string message) =>
        TypedResults.Json(Body(code, message), statusCode: code);

    public static IResult BadRequest(string message) => Result(StatusCodes.Status400BadRequest, message);

    public static IResult NotFound(string message) => Result(StatusCodes.Status404NotFound, message);

    public static IResult Conflict(string message) => Result(StatusCodes.Status409Conflict, message);

    public static JsonObject Body(int code, string message) => new() { ["code"] = code, ["message"] = message };

    public static Task Write(HttpContext context, int code, string message)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(Body(code, message).ToJsonString());
    }
}
