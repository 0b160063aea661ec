namespace Bosun.Cli;

/// <summary>Named exit codes of the <c>bosun</c> CLI (listed in <c>bosun --help</c> and docs/cli.md).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Anything else that went wrong (a conflict the server refused, an unexpected answer).</summary>
    public const int Failure = 1;

    /// <summary>Unknown or missing flags, a file that does not exist or parse, input the server refused (400).</summary>
    public const int Usage = 2;
    public const int NotFound = 3;
    public const int Unauthorized = 4;

    /// <summary>The server is down, unreachable, or answered 5xx.</summary>
    public const int ServerError = 5;

    /// <summary>A sequence followed with <c>--watch</c> ended failed, errored, aborted or timed out.</summary>
    public const int SequenceFailed = 6;
}
