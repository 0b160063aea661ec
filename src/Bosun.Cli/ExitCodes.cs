namespace Bosun.Cli;

/// <summary>Named exit codes of the <c>bosun</c> CLI.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 2;
    public const int NotFound = 3;
    public const int Unauthorized = 4;
    public const int ServerError = 5;
}
