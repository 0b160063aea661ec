namespace Bosun.Core.Events;

/// <summary>The <c>data.result</c> values: the outcome of a task that ran.</summary>
public static class KeptnResult
{
    public const string Pass = "pass";
    public const string Warning = "warning";
    public const string Fail = "fail";
}
