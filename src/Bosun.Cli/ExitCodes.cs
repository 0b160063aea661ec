namespace Bosun.Cli;

/// <summary>Named exit codes of the <c>bosun</c> CLI.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 2;
}
