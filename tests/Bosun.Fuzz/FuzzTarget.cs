namespace Bosun.Fuzz;

/// <summary>
/// One parser under fuzzing. <see cref="Run"/> feeds it arbitrary bytes and swallows only the failures the parser
/// documents (its own exception type naming the problem); anything else escapes and is a crash to the fuzzer.
/// </summary>
public abstract class FuzzTarget
{
    /// <summary>The target's name on the command line and its corpus folder under <c>tests/TestData/fuzz</c>.</summary>
    public abstract string Name { get; }

    public abstract void Run(ReadOnlySpan<byte> input);

    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new Targets.CloudEventTarget(), new Targets.ShipyardTarget(), new Targets.SloTarget(), new Targets.SliTarget(),
        new Targets.WebhookTarget(), new Targets.RemediationTarget(), new Targets.AlertmanagerTarget(), new Targets.CurlTarget(),
        new Targets.TemplateTarget(), new Targets.CriteriaTarget(), new Targets.AddressPolicyTarget(), new Targets.JsonBodyTarget(),
    ];

    protected static string Text(ReadOnlySpan<byte> input) => System.Text.Encoding.UTF8.GetString(input);
}
