using System.Text.Json.Nodes;

namespace Bosun.Server.Api;

/// <summary>Keptn's error body: <c>{"code": n, "message": "…"}</c>.</summary>
internal static class ApiError
{
    /// <summary>How long a client told 429 waits before it tries again (DESIGN §8).</summary>
    public const int RetryAfterSeconds = 5;

    public static IResult Result(int code, string message)
    {
        var result = TypedResults.Json(Body(code, message), statusCode: code);
        return code == StatusCodes.Status429TooManyRequests ? new WithRetryAfter(result) : result;
    }

    /// <summary>A 429 says when to come back (<c>Retry-After</c>, seconds).</summary>
    private sealed class WithRetryAfter(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }

    public static IResult BadRequest(string message) => Result(StatusCodes.Status400BadRequest, message);

    public static IResult NotFound(string message) => Result(StatusCodes.Status404NotFound, message);

    public static IResult Conflict(string message) => Result(StatusCodes.Status409Conflict, message);

    public static JsonObject Body(int code, string message) => new() { ["code"] = code, ["message"] = message };

    public static Task Write(HttpContext context, int code, string message)
    {
        context.Response.StatusCode = code;
        if (code == StatusCodes.Status429TooManyRequests && !context.Response.Headers.ContainsKey("Retry-After"))
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(Body(code, message).ToJsonString());
    }
}
